import type { CsvFormat } from './format.ts';
import { get, isSafeKey, maybeJson } from './columns.ts';
import { auditLogRecord } from './audit-record.ts';
import { recordType, userType } from './audit-types.ts';
import { otherTable } from './log-analytics.ts';

/** OfficeActivity columns whose AuditData field has another name. */
const RENAMED: Record<string, string> = {
  officeworkload: 'Workload',
  officeobjectid: 'ObjectId',
  officeid: 'Id',
  client_ipaddress: 'ClientIPAddress',
  logon_type: 'LogonType',
  site_: 'Site',
  site_url: 'SiteUrl',
  event_data: 'EventData',
};

/** Columns Log Analytics adds, or that repeat another (the `_` twins), which are not AuditData. */
const NOT_AUDIT_DATA = new Set([
  'tenantid',
  'timegenerated',
  'type',
  'sourcesystem',
  '_resourceid',
  'officetenantid',
  'officetenantid_',
  'organizationid_',
  'userid_',
  'sourcerecordid',
  'mg',
  'managementgroupname',
  'computer',
  '_isbillable',
  '_billedsize',
]);

/**
 * The OfficeActivity table (the unified audit log through Sentinel's Microsoft 365 connector): AuditData
 * flattened into columns. AuditData is rebuilt under the unified audit log's own names, so detectors read
 * one shape: Operation, UserId, ClientIP, Parameters as [{Name, Value}], UserType and RecordType as numbers.
 * Other columns keep their name as the file spells it, JSON text parsed.
 */
export const logAnalyticsOfficeActivity: CsvFormat = {
  id: 'log-analytics-officeactivity-csv',
  label: 'Log Analytics / Sentinel OfficeActivity (CSV)',
  source: 'auditLog',
  signature: ['timegenerated', 'operation', 'officeworkload'],
  columns: [
    'TimeGenerated',
    'Operation',
    'OfficeWorkload',
    'RecordType',
    'UserId',
    'UserType',
    'ClientIP',
    'Client_IPAddress',
    'ResultStatus',
    'OfficeId',
    'OfficeObjectId',
    'Parameters',
    'OriginatingServer',
    'OrganizationId',
    'UserKey',
    'Type',
  ],
  utc: true,
  jsonRows: true,
  convert(row, ctx) {
    const other = otherTable(row, ['OfficeActivity']);
    if (other) return { ok: false, reason: other };
    const data: Record<string, unknown> = {};
    for (const [column, value] of Object.entries(row)) {
      const name = Object.hasOwn(RENAMED, column) ? RENAMED[column]! : ctx.columnName(column);
      if (value === '' || NOT_AUDIT_DATA.has(column) || !isSafeKey(name)) continue;
      data[name] = maybeJson(value);
    }
    const time = ctx.time(get(row, 'TimeGenerated'));
    if (!time) return { ok: false, reason: 'no readable TimeGenerated' };
    data.CreationTime = time.slice(0, 19);
    data.Id = get(row, 'OfficeId', 'SourceRecordId');
    data.Operation = get(row, 'Operation');
    data.UserId = get(row, 'UserId');
    data.Workload = get(row, 'OfficeWorkload');
    const ip = get(row, 'ClientIP') || get(row, 'Client_IPAddress');
    if (ip) data.ClientIP = ip;
    const record = recordType(get(row, 'RecordType'));
    if (record.number !== undefined) data.RecordType = record.number;
    const user = userType(get(row, 'UserType'));
    if (user.number !== undefined) data.UserType = user.number;
    if (get(row, 'ExternalAccess')) data.ExternalAccess = /^true$/i.test(get(row, 'ExternalAccess'));
    if (data.Parameters !== undefined && !Array.isArray(data.Parameters))
      return { ok: false, reason: 'the Parameters column is not a JSON list of {Name, Value}' };
    return auditLogRecord(data, { recordType: get(row, 'RecordType') }, ctx);
  },
};
