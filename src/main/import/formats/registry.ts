import type { CsvFormat, JsonFormat } from './format.ts';
import { normaliseColumn } from './columns.ts';
import { entraAuditCsv, entraAuditListCsv } from './entra-audit.ts';
import { entraServicePrincipalSignInsCsv, entraSignInsCsv } from './entra-signins.ts';
import { GRAPH_JSON_FORMATS } from './graph-json.ts';
import { jsonRowsFormat, signatureMet } from './json-rows.ts';
import { logAnalyticsAuditLogs } from './log-analytics-audit-logs.ts';
import { logAnalyticsOfficeActivity } from './log-analytics-office-activity.ts';
import { logAnalyticsSignIns } from './log-analytics-signins.ts';
import { MESSAGE_TRACE_FORMATS } from './message-trace.ts';
import { DEFENDER_XDR_FORMATS } from './defender-xdr.ts';
import { AUDIT_DATA_JSON_FORMATS, auditDataCsv } from './audit-data-exports.ts';
import { INBOX_RULE_FORMATS } from './inbox-rule-exports.ts';
import { purviewAudit, purviewAuditSearch, searchUnifiedAuditLog } from './purview-audit.ts';

/** Every CSV layout Clearance reads, most specific first (the first whose signature matches wins). */
export const CSV_FORMATS: readonly CsvFormat[] = [
  searchUnifiedAuditLog,
  purviewAuditSearch,
  purviewAudit,
  ...DEFENDER_XDR_FORMATS,
  logAnalyticsOfficeActivity,
  logAnalyticsSignIns,
  logAnalyticsAuditLogs,
  entraServicePrincipalSignInsCsv,
  entraSignInsCsv,
  entraAuditCsv,
  ...MESSAGE_TRACE_FORMATS,
  ...INBOX_RULE_FORMATS,
  auditDataCsv,
  entraAuditListCsv,
];

/** Every JSON layout: Graph collections first (their @odata.context or shape), then tabular rows as JSON. */
export const JSON_FORMATS: readonly JsonFormat[] = [
  ...GRAPH_JSON_FORMATS,
  ...AUDIT_DATA_JSON_FORMATS,
  ...CSV_FORMATS.filter((f) => f.jsonRows).map(jsonRowsFormat),
];

/** The CSV layout of a header, or null. */
export function detectCsvFormat(columns: readonly string[]): CsvFormat | null {
  const present = new Set(columns.map(normaliseColumn));
  return CSV_FORMATS.find((f) => signatureMet(f, present)) ?? null;
}

/** The JSON layout of a document: its Graph @odata.context decides first, then its first object item's shape. */
export function detectJsonFormat(first: Record<string, unknown> | undefined, context: string): JsonFormat | null {
  if (context) {
    // A context is a URL; a long one is received text a pattern must not scan whole.
    const named = JSON_FORMATS.find((f) => f.context?.test(context.slice(0, 2048)));
    if (named) return named;
  }
  return (first && JSON_FORMATS.find((f) => f.matches(first))) ?? null;
}
