import type { CsvFormat } from './format.ts';
import { entraAuditCsv } from './entra-audit.ts';
import { entraSignInsCsv } from './entra-signins.ts';
import { messageTraceCsv } from './message-trace.ts';
import { purviewAudit } from './purview-audit.ts';

/** Every CSV layout Clearance reads, most specific first (the first whose signature matches wins). */
export const CSV_FORMATS: readonly CsvFormat[] = [purviewAudit, entraSignInsCsv, messageTraceCsv, entraAuditCsv];

export function detectCsvFormat(columns: string[]): CsvFormat | null {
  const present = new Set(columns.map((c) => c.trim().toLowerCase()));
  return (
    CSV_FORMATS.find((f) =>
      f.signature.every((alternatives) => alternatives.split('|').some((name) => present.has(name))),
    ) ?? null
  );
}
