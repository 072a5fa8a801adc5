import type { CsvFormat, JsonFormat } from './format.ts';
import { normaliseColumn } from './columns.ts';

/** A JSON row object as a CSV row: keys normalised, values as a CSV cell would hold them (objects as JSON text). */
export function flattenRow(item: Record<string, unknown>): Record<string, string> {
  const row = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(item)) {
    row[normaliseColumn(key)] =
      typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : value === null || value === undefined
            ? ''
            : JSON.stringify(value);
  }
  return row;
}

/** Whether a set of normalised column names satisfies a CSV format's signature. */
export function signatureMet(format: CsvFormat, present: ReadonlySet<string>): boolean {
  return format.signature.every((alternatives) => alternatives.split('|').some((name) => present.has(name)));
}

/** A tabular export's rows as JSON objects (Log Analytics JSON), read by the CSV layout with the same columns. */
export function jsonRowsFormat(csv: CsvFormat): JsonFormat {
  return {
    id: `${csv.id.replace(/-csv$/, '')}-json`,
    label: csv.label.replace(/\(CSV\)$/, '(JSON)'),
    source: csv.source,
    matches: (item) => signatureMet(csv, new Set(Object.keys(item).map(normaliseColumn))),
    utc: csv.utc,
    fields: csv.columns,
    convert: (item, ctx) => csv.convert(flattenRow(item), ctx),
  };
}
