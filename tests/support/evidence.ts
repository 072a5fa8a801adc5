import type { SourceCoverage, SourceId } from '../../src/shared/domain/investigation.ts';
import type { EvidenceSet, Rec } from '../../src/main/investigation/evidence-set.ts';
import { SOURCES } from '../../src/main/investigation/sources.ts';

/** An evidence set built by hand for detector tests: every source collected unless named missing. */
export function evidenceSet(
  records: Partial<Record<SourceId, Rec[]>>,
  options: {
    upn?: string;
    userId?: string | null;
    blockedAt?: string | null;
    window?: { start: string; end: string };
    verifiedDomains?: string[];
    missing?: SourceId[];
  } = {},
): EvidenceSet {
  const missing = options.missing ?? [];
  const coverage = (Object.keys(SOURCES) as SourceId[]).map<SourceCoverage>((source) => ({
    source,
    status: missing.includes(source) ? 'unavailable' : 'completed',
    records: 0,
    pages: 1,
    durationMs: 0,
    throttleWaits: 0,
    throttleMs: 0,
    reason: missing.includes(source) ? 'licence' : null,
    detail: missing.includes(source) ? 'no licence' : null,
    fix: null,
  }));
  const all = {} as Record<SourceId, Rec[]>;
  for (const s of Object.keys(SOURCES) as SourceId[]) all[s] = records[s] ?? [];
  const upn = options.upn ?? 'anna@contoso.com';
  const blockedAt = options.blockedAt === undefined ? '2026-11-20T09:00:00.000Z' : options.blockedAt;
  return {
    upn,
    userId: options.userId === undefined ? 'u1' : options.userId,
    blockedAt,
    window: options.window ?? { start: '2026-10-21T09:00:00.000Z', end: '2026-11-20T10:00:00.000Z' },
    verifiedDomains: options.verifiedDomains ?? [upn.split('@')[1] ?? ''],
    coverage,
    records: all,
  };
}

let nextId = 1;
/** An evidence row with a fresh id (what findings link to). */
export const rec = (body: Record<string, unknown>): Rec => ({ id: nextId++, body });

/** A unified audit log record as Graph's audit log query returns it (the address with its port, as logged). */
export function auditRecord(
  operation: string,
  when: string,
  options: { ip: string; upn?: string; params?: Array<[string, string]>; userType?: number; extra?: object },
): Rec {
  const upn = options.upn ?? 'anna@contoso.com';
  return rec({
    id: `audit-${operation}-${when}-${upn}`,
    createdDateTime: when,
    operation,
    userPrincipalName: upn,
    clientIp: `${options.ip}:51234`,
    auditData: {
      Operation: operation,
      UserId: upn,
      UserType: options.userType ?? 0,
      ClientIP: `${options.ip}:51234`,
      Parameters: (options.params ?? []).map(([Name, Value]) => ({ Name, Value })),
      ...options.extra,
    },
  });
}
