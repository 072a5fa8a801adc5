/**
 * Times in exported logs: ISO 8601, "2021-04-28 14:19:28", US "4/28/2021, 2:19:28.000 PM", day-first
 * "28.04.2021 14:19:28" or "28/04/2021 14:19", optionally followed by a zone (Z, UTC, GMT, +01:00). Whether a
 * slash, dot or dash date is day-first or month-first is decided once per file (see date-order.ts), never
 * guessed row by row.
 */

export type DateOrder = 'dmy' | 'mdy';

/** What one value's date says about the order: read alike either way, only one way, both ways, or not at all. */
export type DateShape = 'neutral' | 'dmy' | 'mdy' | 'ambiguous' | 'unreadable';

export interface ReadTime {
  iso: string;
  /** The value carried its own zone (Z, an offset, UTC/GMT). */
  zoned: boolean;
}

const ISO = /^\d{4}-\d{2}-\d{2}T/;
const ISO_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCALE =
  /^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4}),? (\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,7}))?)?(?: ?([AaPp]\.?[Mm]\.?))?(?: ?(Z|UTC|GMT|(?:UTC|GMT)? ?[+-]\d{1,2}(?::?\d{2})?))?$/i;
/**
 * The longest time a log writes is about 40 characters; anything much longer is not a time, and is refused
 * before any pattern runs on it (a cell of thousands of spaces must cost nothing).
 */
const MAX_TIME_LENGTH = 64;

/** Trimmed, with runs of white space as one space; null when too long to be a time. */
function timeText(raw: string): string | null {
  if (raw.length > 4 * MAX_TIME_LENGTH) return null;
  const value = raw.trim().replace(/\s+/g, ' ');
  return value.length > MAX_TIME_LENGTH ? null : value;
}

/** The order a value's date part allows, for the file-wide decision. */
export function dateShape(raw: string): DateShape {
  const value = timeText(raw);
  if (value === null) return 'unreadable';
  if (ISO.test(value)) return 'neutral';
  const m = LOCALE.exec(value);
  if (!m) return 'unreadable';
  if (m[1]!.length === 4) return 'neutral';
  const a = Number(m[1]);
  const b = Number(m[2]);
  const asDay = a >= 1 && a <= 31 && b >= 1 && b <= 12;
  const asMonth = a >= 1 && a <= 12 && b >= 1 && b <= 31;
  if (asDay && asMonth) return a === b ? 'neutral' : 'ambiguous';
  if (asDay) return 'dmy';
  if (asMonth) return 'mdy';
  return 'unreadable';
}

/** Minutes east of UTC of a zone suffix ("+01:00", "UTC-5", "Z"). */
function zoneMinutes(zone: string): number {
  const m = /([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/**
 * A time as ISO 8601 UTC. `order` settles slash, dot and dash dates; `offsetMinutes` is the zone that applies
 * when the value has none (a column header's `[UTC+01:00]`), UTC otherwise.
 */
export function readExportTime(raw: string, order: DateOrder, offsetMinutes = 0): ReadTime | null {
  const value = timeText(raw);
  if (!value) return null;
  if (ISO.test(value)) {
    const zoned = ISO_ZONE.test(value);
    const t = Date.parse(zoned ? value : `${value}Z`);
    if (Number.isNaN(t)) return null;
    return { iso: new Date(zoned ? t : t - offsetMinutes * 60_000).toISOString(), zoned };
  }
  const m = LOCALE.exec(value);
  if (!m) return null;
  const [, a, b, c] = m;
  let year: number;
  let month: number;
  let day: number;
  if (a!.length === 4) [year, month, day] = [Number(a), Number(b), Number(c)];
  else if (order === 'dmy') [day, month, year] = [Number(a), Number(b), Number(c)];
  else [month, day, year] = [Number(a), Number(b), Number(c)];
  if (year < 100) year += 2000;
  let hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6] ?? 0);
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const meridiem = m[8]?.replace(/\./g, '').toLowerCase();
  if (meridiem && (hour < 1 || hour > 12)) return null;
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(local).getUTCDate() !== day) return null; // 31 February and friends
  const zone = m[9];
  const offset = zone ? zoneMinutes(zone) : offsetMinutes;
  return { iso: new Date(local - offset * 60_000).toISOString(), zoned: zone !== undefined };
}

/**
 * One value on its own, for places that read a single time rather than a file (a cmdlet's .NET date): ISO,
 * or a slash date month-first unless its first part cannot be a month, a dot date day-first. Files are read
 * with readExportTime and an order decided from all their rows.
 */
export function parseExportTime(raw: string): string | null {
  const value = raw.trim();
  const dotted = /^\d{1,2}\.\d{1,2}\.\d{2,4}\s/.test(value);
  const order: DateOrder = dotted || dateShape(value) === 'dmy' ? 'dmy' : 'mdy';
  return readExportTime(value, order)?.iso ?? null;
}
