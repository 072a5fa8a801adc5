import type { CsvFormat } from './format.ts';
import { get } from './columns.ts';

/** Entra audit log download (CSV). */
export const entraAuditCsv: CsvFormat = {
  id: 'entra-audit-csv',
  label: 'Entra audit log download (CSV)',
  source: 'directoryAudits',
  signature: ['activity', 'target', 'initiated by (actor)|actor'],
  convert(row, ctx) {
    const at = ctx.time(get(row, 'Date (UTC)', 'Date'));
    const id = get(row, 'Id', 'ID', 'Correlation ID');
    if (!at || !id) return { ok: false, reason: 'no readable date or id' };
    return {
      ok: true,
      record: {
        id,
        activityDateTime: at,
        activityDisplayName: get(row, 'Activity'),
        category: get(row, 'Category'),
        result: get(row, 'Result', 'Status').toLowerCase(),
        correlationId: get(row, 'Correlation ID'),
        initiatedBy: {
          user: {
            userPrincipalName: get(row, 'Initiated By (Actor)', 'Actor', 'Initiated by (actor)'),
            ipAddress: get(row, 'IP address'),
          },
        },
        targetResources: [{ displayName: get(row, 'Target'), userPrincipalName: get(row, 'Target') }],
      },
    };
  },
};
