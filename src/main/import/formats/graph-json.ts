import type { SourceId } from '../../../shared/domain/investigation.ts';
import type { ConvertContext, JsonFormat, RowResult } from './format.ts';

const has = (i: Record<string, unknown>, ...keys: string[]) => keys.every((k) => k in i);

/** A Graph item is stored as Graph returned it; its id and, where it has one, its time must be readable. */
function graphItem(timeField: string | null) {
  return (item: Record<string, unknown>, ctx: ConvertContext): RowResult => {
    if (typeof item.id !== 'string' && typeof item.id !== 'number') return { ok: false, reason: 'item has no id' };
    if (timeField) {
      const raw = item[timeField];
      if (typeof raw !== 'string' || !ctx.time(raw)) return { ok: false, reason: `no readable ${timeField}` };
    }
    return { ok: true, record: item };
  };
}

function graphFormat(
  source: SourceId,
  name: string,
  context: RegExp,
  matches: (i: Record<string, unknown>) => boolean,
  timeField: string | null,
): JsonFormat {
  return {
    id: `graph-${name.toLowerCase()}-json`,
    label: `Graph ${name} (JSON)`,
    source,
    context,
    matches,
    utc: true,
    convert: graphItem(timeField),
  };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Graph's audit log query API (`/security/auditLog/queries/{id}/records`): `security.auditLogRecord` items.
 * Where a top-level property is missing, it is read from auditData (the unified audit log record).
 */
const graphAuditLogRecords: JsonFormat = {
  id: 'graph-auditlogrecords-json',
  label: 'Graph audit log query records (JSON)',
  source: 'auditLog',
  context: /auditLog\/queries.*records/i,
  matches: (i) => has(i, 'operation', 'auditData') || i['@odata.type'] === '#microsoft.graph.security.auditLogRecord',
  utc: true,
  fields: ['id', 'createdDateTime', 'operation', 'userPrincipalName', 'clientIp', 'auditData'],
  convert(item, ctx) {
    const data = (item.auditData && typeof item.auditData === 'object' ? item.auditData : {}) as Record<
      string,
      unknown
    >;
    const id = text(item.id) || text(data.Id);
    const created = ctx.time(text(item.createdDateTime));
    if (!id || !created) return { ok: false, reason: 'no id or readable createdDateTime' };
    const operation = text(item.operation) || text(data.Operation);
    if (!operation) return { ok: false, reason: 'no operation' };
    const upn = text(item.userPrincipalName) || text(data.UserId);
    return {
      ok: true,
      record: {
        ...item,
        '@odata.type': '#microsoft.graph.security.auditLogRecord',
        id,
        createdDateTime: created,
        operation,
        userPrincipalName: upn.toLowerCase(),
        userId: text(item.userId) || text(data.UserId),
        clientIp: text(item.clientIp) || text(data.ClientIP) || text(data.ClientIPAddress),
        service: text(item.service) || text(data.Workload),
        auditData: data,
      },
    };
  },
};

/** Graph JSON: a collection response, or a plain array from the Entra JSON download. */
export const GRAPH_JSON_FORMATS: readonly JsonFormat[] = [
  graphFormat(
    'signIns',
    'signIns',
    /auditLogs\/signIns/i,
    (i) => has(i, 'createdDateTime', 'ipAddress') && ('clientAppUsed' in i || 'appDisplayName' in i),
    'createdDateTime',
  ),
  graphFormat(
    'directoryAudits',
    'directoryAudits',
    /auditLogs\/directoryAudits/i,
    (i) => has(i, 'activityDateTime', 'activityDisplayName'),
    'activityDateTime',
  ),
  graphAuditLogRecords,
  graphFormat(
    'messageTrace',
    'messageTraces',
    /messageTraces/i,
    (i) => has(i, 'senderAddress', 'recipientAddress'),
    'receivedDateTime',
  ),
  graphFormat('inboxRules', 'messageRules', /messageRules/i, (i) => has(i, 'actions', 'displayName'), null),
];
