import type { ConvertContext, CsvFormat, RowResult } from './format.ts';
import { get } from './columns.ts';
import { auditLogRecord, parseAuditData } from './audit-record.ts';

/** Every unified audit log export carries AuditData (the record as JSON); the other columns repeat parts of it. */
function convertAuditRow(row: Record<string, string>, ctx: ConvertContext): RowResult {
  const data = parseAuditData(get(row, 'AuditData'));
  if (!data) return { ok: false, reason: 'the AuditData column is not valid JSON' };
  return auditLogRecord(
    data,
    {
      id: get(row, 'RecordId', 'Identity'),
      created: get(row, 'CreationDate'),
      operation: get(row, 'Operation', 'Operations'),
      userId: get(row, 'UserId', 'UserIds'),
      recordType: get(row, 'RecordType'),
    },
    ctx,
  );
}

/**
 * Purview audit search export, the layout since 2023 (Audit (Premium/Standard) search in the Purview portal):
 * RecordType is a name ("ExchangeAdmin"), CreationDate in UTC.
 */
export const purviewAuditSearch: CsvFormat = {
  id: 'purview-audit-search-csv',
  label: 'Purview audit search export (CSV)',
  source: 'auditLog',
  signature: ['recordid', 'operation', 'auditdata'],
  columns: [
    'RecordId',
    'CreationDate',
    'RecordType',
    'Operation',
    'UserId',
    'AuditData',
    'AssociatedAdminUnits',
    'AssociatedAdminUnitsNames',
  ],
  utc: true,
  convert: convertAuditRow,
};

/** `Search-UnifiedAuditLog … | Export-Csv` (Exchange Online PowerShell), with or without Windows PowerShell's #TYPE line. */
export const searchUnifiedAuditLog: CsvFormat = {
  id: 'search-unifiedauditlog-csv',
  label: 'Search-UnifiedAuditLog | Export-Csv',
  source: 'auditLog',
  signature: ['auditdata', 'operations', 'resultindex|runspaceid'],
  columns: [
    'RunspaceId',
    'RecordType',
    'CreationDate',
    'UserIds',
    'Operations',
    'AuditData',
    'ResultIndex',
    'ResultCount',
    'Identity',
    'IsValid',
    'ObjectState',
  ],
  // AuditData's CreationTime is UTC; CreationDate, only read when it is missing, is the session's own format.
  convert: convertAuditRow,
};

/** Purview / Compliance portal audit search export, the older layout: CreationDate, UserIds, Operations, AuditData. */
export const purviewAudit: CsvFormat = {
  id: 'purview-audit-csv',
  label: 'Purview audit log export, older layout (CSV)',
  source: 'auditLog',
  signature: ['auditdata', 'operations'],
  columns: ['CreationDate', 'UserIds', 'Operations', 'AuditData'],
  utc: true,
  convert: convertAuditRow,
};
