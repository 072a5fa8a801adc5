/**
 * Times in exported logs, read as UTC (the portals export UTC, and say so in the column name): ISO 8601,
 * "2021-04-28 14:19:28", US "4/28/2021, 2:19:28.000 PM", and day-first "28.04.2021 14:19:28" or
 * "28/04/2021 14:19". A slash date is month-first unless its first part cannot be a month.
 */
export function parseExportTime(raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
    const t = Date.parse(zoned);
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  }
  const m =
    /^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?\s*([AaPp][Mm])?$/.exec(
      value,
    );
  if (!m) return null;
  const [, a, b, c] = m;
  const hourRaw = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6] ?? 0);
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const meridiem = m[8]?.toLowerCase();
  let year: number;
  let month: number;
  let day: number;
  if (a!.length === 4) {
    [year, month, day] = [Number(a), Number(b), Number(c)];
  } else if (value.includes('.') && !value.includes('/')) {
    [day, month, year] = [Number(a), Number(b), Number(c)];
  } else {
    const first = Number(a);
    const second_ = Number(b);
    [month, day] = first > 12 ? [second_, first] : [first, second_];
    year = Number(c);
  }
  if (year < 100) year += 2000;
  let hour = hourRaw;
  if (meridiem === 'pm' && hour < 12) hour += 12;
  if (meridiem === 'am' && hour === 12) hour = 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const t = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const date = new Date(t);
  if (date.getUTCDate() !== day) return null; // 31 February and friends
  return date.toISOString();
}
