import type { CsvFormat, JsonFormat } from './format.ts';
import { get, isSafeKey, maybeJson } from './columns.ts';
import { isObject } from '../json-source.ts';
import { auditLogRecord, parseAuditData } from './audit-record.ts';

/**
 * Unified audit log records as the collectors analysts run save them, beside the portal's own exports
 * (purview-audit.ts): Microsoft-Extractor-Suite's `Get-UAL -Output JSON` and Hawk's JSON files hold the
 * `Search-UnifiedAuditLog` results as JSON; older Extractor-Suite versions, the Office 365 Management
 * Activity API and Hawk's `ConvertFrom-Json` outputs hold the AuditData records themselves.
 */

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Bare AuditData records (one JSON object each): CreationTime, Id, Operation, RecordType, UserId, Workload… */
export const auditDataJson: JsonFormat = {
  id: 'unified-audit-records-json',
  label: 'Unified audit log records, AuditData as JSON (Management Activity API, Extractor-Suite, Hawk)',
  source: 'auditLog',
  matches: (i) => 'CreationTime' in i && 'Operation' in i && 'RecordType' in i && !('TimeGenerated' in i),
  utc: true,
  fields: ['CreationTime', 'Id', 'Operation', 'RecordType', 'UserId', 'Workload', 'ClientIP'],
  convert: (item, ctx) => auditLogRecord(item, {}, ctx),
};

/**
 * `Search-UnifiedAuditLog` results through `ConvertTo-Json` (Extractor-Suite `Get-UAL -Output JSON`; Hawk's
 * `*_Inbox_Rules_*.json`): RecordType, CreationDate, UserIds, Operations, and AuditData as an object (Extractor-
 * Suite converts it) or as JSON text (Hawk leaves it).
 */
export const searchUnifiedAuditLogJson: JsonFormat = {
  id: 'search-unifiedauditlog-json',
  label: 'Search-UnifiedAuditLog results as JSON (Extractor-Suite Get-UAL, Hawk)',
  source: 'auditLog',
  matches: (i) => 'AuditData' in i && 'Operations' in i,
  utc: true,
  fields: ['RecordType', 'CreationDate', 'UserIds', 'Operations', 'AuditData', 'ResultIndex', 'Identity'],
  convert(item, ctx) {
    const raw = item.AuditData;
    const data = isObject(raw) ? raw : typeof raw === 'string' ? parseAuditData(raw) : null;
    if (!data) return { ok: false, reason: 'AuditData is neither a JSON object nor JSON text' };
    // ConvertTo-Json writes CreationDate as "\/Date(ms)\/" in Windows PowerShell: only read when AuditData lacks it.
    const dated = /^\/Date\((\d+)\)\/$/.exec(text(item.CreationDate));
    return auditLogRecord(
      data,
      {
        id: text(item.Identity),
        created: dated ? new Date(Number(dated[1])).toISOString() : text(item.CreationDate),
        operation: text(item.Operations),
        userId: text(item.UserIds),
        recordType: text(item.RecordType),
      },
      ctx,
    );
  },
};

/**
 * AuditData records written to CSV one property a column (Hawk's `Exchange_UAL_Audit.csv`: `ConvertFrom-Json`
 * then `Export-Csv`). The record is rebuilt under the file's own column names; nested values PowerShell
 * wrote as JSON are read back, those it wrote as a type name ("System.Object[]") stay text, so a rule's
 * Parameters are only in the JSON exports.
 */
export const auditDataCsv: CsvFormat = {
  id: 'unified-audit-records-csv',
  label: 'Unified audit log records, AuditData one column a property (Hawk, CSV)',
  source: 'auditLog',
  signature: ['creationtime', 'id', 'operation', 'recordtype', 'workload'],
  columns: [
    'CreationTime',
    'Id',
    'Operation',
    'OrganizationId',
    'RecordType',
    'UserKey',
    'UserType',
    'Workload',
    'ClientIP',
    'UserId',
  ],
  utc: true,
  convert(row, ctx) {
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      const name = ctx.columnName(key);
      if (value === '' || !isSafeKey(name)) continue;
      data[name] = maybeJson(value);
    }
    return auditLogRecord(data, { id: get(row, 'Id'), created: get(row, 'CreationTime') }, ctx);
  },
};

export const AUDIT_DATA_JSON_FORMATS: readonly JsonFormat[] = [searchUnifiedAuditLogJson, auditDataJson];
