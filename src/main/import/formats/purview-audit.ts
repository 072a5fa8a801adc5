import type { CsvFormat } from './format.ts';
import { get } from './columns.ts';

/** Purview / Compliance portal audit search export: CreationDate, UserIds, Operations, AuditData (JSON). */
export const purviewAudit: CsvFormat = {
  id: 'purview-audit-csv',
  label: 'Purview audit log export (CSV)',
  source: 'auditLog',
  signature: ['auditdata', 'operations'],
  convert(row, ctx) {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(get(row, 'AuditData')) as Record<string, unknown>;
    } catch {
      return { ok: false, reason: 'the AuditData column is not valid JSON' };
    }
    const created = ctx.time(typeof data.CreationTime === 'string' ? data.CreationTime : get(row, 'CreationDate'));
    if (!created) return { ok: false, reason: 'no readable CreationTime/CreationDate' };
    const operation = typeof data.Operation === 'string' ? data.Operation : get(row, 'Operations');
    const upn = typeof data.UserId === 'string' ? data.UserId : get(row, 'UserIds');
    const id = typeof data.Id === 'string' ? data.Id : get(row, 'RecordId', 'Identity');
    if (!operation || !id) return { ok: false, reason: 'no operation or record id' };
    const ip =
      typeof data.ClientIP === 'string'
        ? data.ClientIP
        : typeof data.ClientIPAddress === 'string'
          ? data.ClientIPAddress
          : '';
    return {
      ok: true,
      record: {
        '@odata.type': '#microsoft.graph.security.auditLogRecord',
        id,
        createdDateTime: created,
        operation,
        userPrincipalName: upn.toLowerCase(),
        userId: upn,
        clientIp: ip,
        service: typeof data.Workload === 'string' ? data.Workload : '',
        auditLogRecordType: String((data.RecordType as string | number | undefined) ?? get(row, 'RecordType')),
        auditData: data,
      },
    };
  },
};
