import { normaliseColumn } from './formats/columns.ts';
import type { CsvFormat } from './formats/format.ts';
import { CSV_FORMATS } from './formats/registry.ts';
import { quoted } from './quoted.ts';

const MAX_SHOWN = 30;

/** A column name from the file, made safe to quote: short, one line (and elided in the case log). */
const shown = (name: string) => quoted(name);

/** The names a format knows: its documented columns, else its signature's. */
function known(format: CsvFormat): string[] {
  return format.columns
    ? format.columns.map(normaliseColumn)
    : format.signature.flatMap((alternatives) => alternatives.split('|'));
}

/**
 * Why a header is not one Clearance reads: the columns seen, the known layout sharing most of them, and
 * which of its required columns the file lacks.
 */
export function unknownLayoutReason(columns: readonly string[], kind: 'CSV columns' | 'JSON fields'): string {
  const present = new Set(columns.map(normaliseColumn));
  const seen =
    columns.length === 0
      ? '(none)'
      : columns.slice(0, MAX_SHOWN).map(shown).join(', ') +
        (columns.length > MAX_SHOWN ? ` and ${columns.length - MAX_SHOWN} more` : '');
  let best: { format: CsvFormat; shared: number; of: number } | null = null;
  for (const format of CSV_FORMATS) {
    const names = known(format);
    const shared = names.filter((n) => present.has(n)).length;
    if (shared > 0 && (!best || shared / names.length > best.shared / best.of))
      best = { format, shared, of: names.length };
  }
  const head = `unrecognised ${kind} ${seen}`;
  if (!best)
    return `${head}: no known export shares any of them (Clearance reads ${CSV_FORMATS.map((f) => f.label).join('; ')})`;
  const lacking = best.format.signature
    .filter((alternatives) => !alternatives.split('|').some((n) => present.has(n)))
    .map((alternatives) =>
      alternatives
        .split('|')
        .map((n) => shown(best.format.columns?.find((c) => normaliseColumn(c) === n) ?? n))
        .join(' or '),
    );
  return `${head}: closest is ${best.format.label} (${best.shared} of its ${best.of} columns), which also needs ${lacking.join(', ')}`;
}
