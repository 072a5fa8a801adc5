import { get } from './columns.ts';

/**
 * Log Analytics / Microsoft Sentinel rows (portal CSV download, JSON from the portal, `az monitor
 * log-analytics query` or the query API): PascalCase columns, dynamic values as JSON text, times in
 * TimeGenerated. A row may name its table in `Type`; a file mixing tables is read as the first one's, and
 * rows of another table are reported.
 */
export function otherTable(row: Record<string, string>, tables: readonly string[]): string | null {
  const type = get(row, 'Type');
  return type && !tables.includes(type) ? `a row of table ${type.slice(0, 60)}, not ${tables.join(' or ')}` : null;
}
