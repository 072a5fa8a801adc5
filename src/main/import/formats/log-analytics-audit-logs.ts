import type { CsvFormat } from './format.ts';
import { get, jsonCell } from './columns.ts';
import { otherTable } from './log-analytics.ts';

/**
 * The AuditLogs table (Entra audit log through diagnostic settings) as Graph `directoryAudit` records:
 * InitiatedBy, TargetResources and AdditionalDetails are JSON text; OperationName is the activity.
 */
export const logAnalyticsAuditLogs: CsvFormat = {
  id: 'log-analytics-auditlogs-csv',
  label: 'Log Analytics / Sentinel AuditLogs (CSV)',
  source: 'directoryAudits',
  signature: ['timegenerated', 'operationname', 'initiatedby'],
  columns: [
    'TimeGenerated',
    'Id',
    'OperationName',
    'Category',
    'Result',
    'ResultReason',
    'InitiatedBy',
    'TargetResources',
    'AdditionalDetails',
    'CorrelationId',
    'LoggedByService',
    'AADOperationType',
    'ActivityDisplayName',
    'ActivityDateTime',
    'Type',
  ],
  utc: true,
  jsonRows: true,
  convert(row, ctx) {
    const other = otherTable(row, ['AuditLogs']);
    if (other) return { ok: false, reason: other };
    const at = ctx.time(get(row, 'ActivityDateTime', 'TimeGenerated'));
    const id = get(row, 'Id');
    if (!at || !id) return { ok: false, reason: 'no readable TimeGenerated or Id' };
    const json: Record<string, unknown> = {};
    for (const column of ['InitiatedBy', 'TargetResources', 'AdditionalDetails']) {
      const cell = jsonCell(get(row, column));
      if (!cell.ok) return { ok: false, reason: `the ${column} column is not valid JSON` };
      json[column] = cell.value;
    }
    const initiatedBy = json.InitiatedBy;
    return {
      ok: true,
      record: {
        id,
        activityDateTime: at,
        activityDisplayName: get(row, 'ActivityDisplayName', 'OperationName'),
        category: get(row, 'Category'),
        result: get(row, 'Result').toLowerCase(),
        resultReason: get(row, 'ResultReason', 'ResultDescription'),
        correlationId: get(row, 'CorrelationId'),
        loggedByService: get(row, 'LoggedByService'),
        operationType: get(row, 'AADOperationType'),
        initiatedBy: initiatedBy && typeof initiatedBy === 'object' ? initiatedBy : {},
        targetResources: Array.isArray(json.TargetResources) ? json.TargetResources : [],
        additionalDetails: Array.isArray(json.AdditionalDetails) ? json.AdditionalDetails : [],
      },
    };
  },
};
