import { get } from './columns.ts';

/**
 * Log Analytics / Microsoft Sentinel rows (portal CSV download, JSON from the portal, `az monitor
 * log-analytics query` or the query API): PascalCase columns, dynamic values as JSON text, times in
 * TimeGenerated. A row names its table in `Type`, unless the query replaced that column (Sentinel queries
 * often `extend Type = …`); a file mixing tables is read as the first one's, and rows of another table
 * Clearance knows are reported.
 */
const TABLES = new Set([
  'OfficeActivity',
  'SigninLogs',
  'AADNonInteractiveUserSignInLogs',
  'AADServicePrincipalSignInLogs',
  'AADManagedIdentitySignInLogs',
  'AuditLogs',
  'CloudAppEvents',
  'EmailEvents',
  'AADSignInEventsBeta',
]);

export function otherTable(row: Record<string, string>, tables: readonly string[]): string | null {
  const type = get(row, 'Type');
  return TABLES.has(type) && !tables.includes(type) ? `a row of table ${type}, not ${tables.join(' or ')}` : null;
}
