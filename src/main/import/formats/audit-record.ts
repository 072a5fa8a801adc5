import type { ConvertContext, RowResult } from './format.ts';
import { recordType, userType } from './audit-types.ts';
import { quoted } from '../quoted.ts';

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** What an export gives beside AuditData, for records whose AuditData lacks it. */
export interface AuditFallback {
  id?: string;
  created?: string;
  operation?: string;
  userId?: string;
  recordType?: string;
}

/**
 * A unified audit log record (its AuditData object) as Graph's `security.auditLogRecord`, the shape every
 * audit source is stored in: AuditData kept whole as `auditData`, the top-level properties read from it.
 * `clientIp` is the raw value (Exchange adds `:port`; IPv6 may be bracketed): detectors parse it.
 */
export function auditLogRecord(data: Record<string, unknown>, fallback: AuditFallback, ctx: ConvertContext): RowResult {
  // CreationTime is UTC by Microsoft's documentation, written without a zone: say so in the value.
  const creationTime = text(data.CreationTime);
  const createdRaw =
    (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(creationTime) ? `${creationTime}Z` : creationTime) || fallback.created || '';
  const created = ctx.time(createdRaw);
  if (!created) return { ok: false, reason: createdRaw ? `unreadable time ${quoted(createdRaw, 40)}` : 'no time' };
  const operation = text(data.Operation) || fallback.operation || '';
  const id = text(data.Id) || fallback.id || '';
  if (!operation || !id) return { ok: false, reason: 'no operation or record id' };
  const user = text(data.UserId) || fallback.userId || '';
  const type = recordType(data.RecordType ?? fallback.recordType);
  return {
    ok: true,
    record: {
      '@odata.type': '#microsoft.graph.security.auditLogRecord',
      id,
      createdDateTime: created,
      operation,
      userPrincipalName: user.toLowerCase(),
      userId: user,
      userType: userType(data.UserType).name ?? null,
      clientIp: text(data.ClientIP) || text(data.ClientIPAddress) || text(data.ActorIpAddress),
      service: text(data.Workload),
      objectId: text(data.ObjectId),
      organizationId: text(data.OrganizationId),
      auditLogRecordType: type.name ?? '',
      auditData: data,
    },
  };
}

/** AuditData from its CSV cell. */
export function parseAuditData(raw: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
