/**
 * A column name's trailing "[…]" (the Log Analytics portal's zone: "TimeGenerated [UTC]"), found with string
 * operations, not a pattern: names are received text, and a pattern here backtracked quadratically on a
 * header cell of thousands of spaces or brackets.
 */
export function bracketSuffix(name: string): { base: string; inner: string } | null {
  const end = name.trimEnd();
  if (!end.endsWith(']')) return null;
  const open = end.lastIndexOf('[');
  const inner = open < 0 ? ']' : end.slice(open + 1, -1);
  return inner.includes(']') ? null : { base: end.slice(0, open).trimEnd(), inner };
}

const ZONE_WORD = /utc|gmt|local/i;

/** A column's name as the file spells it, without a zone suffix ("TimeGenerated [UTC]" → "TimeGenerated"). */
export function columnName(name: string): string {
  const suffix = bracketSuffix(name);
  return (suffix && ZONE_WORD.test(suffix.inner) ? suffix.base : name).trim();
}

/**
 * A column's name as rows are keyed: trimmed, lower-case, without a Log Analytics zone suffix
 * ("TimeGenerated [UTC]" → "timegenerated").
 */
export function normaliseColumn(name: string): string {
  return columnName(name).toLowerCase();
}

/** Converters ask for the same few names on every row: normalise each once. */
const keys = new Map<string, string>();
function keyOf(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = normaliseColumn(name);
    if (keys.size < 10_000) keys.set(name, key);
  }
  return key;
}

/** A row's value by column name (any case, with or without a zone suffix), the first non-empty of the names given. */
export const get = (row: Record<string, string>, ...names: string[]): string => {
  for (const name of names) {
    const key = keyOf(name);
    const value = Object.hasOwn(row, key) ? row[key] : undefined;
    if (value !== undefined && value !== '') return value;
  }
  return '';
};

/** A cell holding JSON (Log Analytics writes dynamic columns as JSON text): its value, undefined if empty, or an error. */
export function jsonCell(raw: string): { ok: true; value: unknown } | { ok: false } {
  if (raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

/** An object from a JSON cell, or undefined when the cell is empty, not JSON, or not an object. */
export function jsonObject(raw: string): Record<string, unknown> | undefined {
  const cell = jsonCell(raw);
  return cell.ok && cell.value && typeof cell.value === 'object' && !Array.isArray(cell.value)
    ? (cell.value as Record<string, unknown>)
    : undefined;
}

/** A JSON cell's value when it is text that looks like a JSON object or array; the text otherwise. */
export function maybeJson(raw: string): unknown {
  const t = raw.trimStart();
  if (t.startsWith('{') || t.startsWith('[')) {
    const cell = jsonCell(raw);
    if (cell.ok) return cell.value;
  }
  return raw;
}

/** A number from a cell, or undefined when empty or not a number. */
export function numberCell(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** A boolean from a cell ("True", "false", "1"), or undefined. */
export function booleanCell(raw: string): boolean | undefined {
  const t = raw.trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}

/**
 * Keys a received file may name that must not become properties of a plain object: assigning
 * `__proto__` swaps the object's prototype, so a hidden object's properties would read as the record's own.
 */
export function isSafeKey(key: string): boolean {
  return key !== '__proto__' && key !== 'constructor' && key !== 'prototype';
}
