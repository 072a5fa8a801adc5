import { bracketSuffix } from './formats/columns.ts';
import { quoted } from './quoted.ts';
/**
 * The time zone a CSV header gives its times in. The Log Analytics portal writes it after the column name,
 * in the zone the portal displayed: `TimeGenerated [UTC]`, `TimeGenerated [UTC+01:00]`; every time column
 * of one download carries the same. Entra and Exchange downloads say UTC in the name ("Date (UTC)",
 * "date_time_utc").
 */
export function headerZone(
  header: readonly string[],
): { ok: true; offsetMinutes: number | null; stated: boolean } | { ok: false; reason: string } {
  const offsets = new Map<number, string>();
  for (const column of header) {
    const bracket = bracketSuffix(column);
    if (!bracket || !/utc|gmt|local/i.test(bracket.inner)) continue;
    const inner = bracket.inner.trim();
    const m = /^(?:UTC|GMT)(?:\s*([+-])(\d{1,2})(?::?(\d{2}))?)?$/i.exec(inner);
    if (!m)
      return {
        ok: false,
        reason: `the column ${quoted(column)} gives its times in ${quoted(inner, 30)}, whose offset from UTC the file does not say: download it again with the portal's time zone set to UTC`,
      };
    const offset = m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
    offsets.set(offset, column);
  }
  if (offsets.size > 1)
    return {
      ok: false,
      reason: `its columns give times in different zones (${[...offsets.values()].map((c) => quoted(c)).join(', ')})`,
    };
  const [offset] = offsets.keys();
  return {
    ok: true,
    offsetMinutes: offset ?? null,
    stated: offset !== undefined || header.some((c) => /utc/i.test(c)),
  };
}
