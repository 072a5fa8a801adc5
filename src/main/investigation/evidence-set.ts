import type { SourceCoverage, SourceId } from '../../shared/domain/investigation.ts';
import type { InvestigationStore } from '../store/case-file/investigation-store.ts';
import { SOURCES } from './sources.ts';

export interface Rec {
  /** Evidence row id in the case file: what findings link to. */
  id: number;
  body: Record<string, unknown>;
}

/**
 * Everything detectors look at, read from the case file alone (so detection runs offline and replays
 * identically). Logs are every record collected; snapshots are the latest completed run's state.
 */
export interface EvidenceSet {
  upn: string;
  userId: string | null;
  /** When the account was blocked (the case's record), the reference point for "suspicious period". */
  blockedAt: string | null;
  window: { start: string; end: string };
  verifiedDomains: string[];
  coverage: SourceCoverage[];
  records: Record<SourceId, Rec[]>;
}

/**
 * For the sources that grow to millions of records: the properties detectors read. Everything else is
 * loaded whole. A detector reading a new property of these sources must add it here; the demo-scenario
 * tests fail if one goes missing.
 */
export const PROJECTIONS: Partial<Record<SourceId, readonly string[]>> = {
  signIns: [
    'createdDateTime',
    'ipAddress',
    'clientAppUsed',
    'status.errorCode',
    'location.countryOrRegion',
    'location.geoCoordinates.latitude',
    'location.geoCoordinates.longitude',
  ],
  directoryAudits: ['activityDateTime', 'activityDisplayName'],
  auditLog: ['createdDateTime', 'operation', 'clientIp', 'userPrincipalName'],
  messageTrace: ['receivedDateTime', 'recipientAddress', 'subject'],
  sentItems: ['sentDateTime', 'subject', 'toRecipients*'],
};

/** Audit operations whose parameters (auditData) detectors read. */
export const AUDIT_DATA_OPERATIONS = [
  'New-InboxRule',
  'Set-InboxRule',
  'UpdateInboxRules',
  'Set-Mailbox',
  'Add-MailboxPermission',
  'Add-RecipientPermission',
  'Set-MailboxAuditBypassAssociation',
  'Set-AdminAuditLogConfig',
  'Remove-MailboxAuditLogSearch',
];

export function loadEvidenceSet(
  store: InvestigationStore,
  context: { upn: string; blockedAt: string | null },
): EvidenceSet {
  const latest = new Map<SourceId, number | null>();
  const records = {} as Record<SourceId, Rec[]>;
  for (const [source, keys] of Object.entries(PROJECTIONS) as Array<[SourceId, readonly string[]]>) {
    records[source] = [];
    for (const r of store.projectedEvidence(source, keys, source === 'auditLog' ? AUDIT_DATA_OPERATIONS : undefined))
      records[source].push({ id: r.id, body: r.body });
  }
  const whole = (Object.keys(SOURCES) as SourceId[]).filter((s) => !(s in PROJECTIONS));
  for (const record of store.evidence(whole)) {
    if (SOURCES[record.source].kind === 'snapshot') {
      if (!latest.has(record.source)) latest.set(record.source, store.latestCompletedRun(record.source));
      if (record.runId !== latest.get(record.source)) continue;
    }
    (records[record.source] ??= []).push({ id: record.id, body: record.body });
  }
  const run = store.latestRun();
  const user = records.user?.[0]?.body;
  // Without collected domains (an import-only case), the user's own domain is the best guess of "inside".
  const verified = (records.domains ?? []).map((d) => str(d.body.name).toLowerCase()).filter(Boolean);
  return {
    upn: context.upn,
    userId: typeof user?.id === 'string' ? user.id : (run?.user_id ?? null),
    blockedAt: context.blockedAt,
    window: { start: run?.window_start ?? '', end: run?.window_end ?? '' },
    verifiedDomains: verified.length > 0 ? verified : [context.upn.split('@')[1]?.toLowerCase() ?? ''].filter(Boolean),
    coverage: store.latestCoverage(),
    records: new Proxy(records, { get: (target, key: string) => target[key as SourceId] ?? [] }),
  };
}

/** Was this source collected (even if empty)? Detectors and the verdict must not read silence as "clean". */
export function collected(set: EvidenceSet, source: SourceId): boolean {
  return set.coverage.some((c) => c.source === source && c.status === 'completed');
}

// Small shared readers: tenant data is untyped JSON, read defensively.

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function at(value: unknown): number {
  const t = Date.parse(str(value));
  return Number.isNaN(t) ? NaN : t;
}

export function domainOf(address: string): string {
  const clean = address
    .replace(/^smtp:/i, '')
    .trim()
    .toLowerCase();
  const m = /@([^@\s>\]]+)/.exec(clean);
  return m?.[1] ?? '';
}

/** External = not one of the tenant's verified domains (subdomains of one count as internal). */
export function isExternal(address: string, verified: readonly string[]): boolean {
  const domain = domainOf(address);
  if (!domain) return false;
  return !verified.some((v) => domain === v || domain.endsWith(`.${v}`));
}

/** The start of the period under suspicion: a week before the block (or the window's end). */
export function suspiciousFrom(set: EvidenceSet): number {
  const anchor = set.blockedAt ? Date.parse(set.blockedAt) : Date.parse(set.window.end);
  return anchor - 7 * 86_400_000;
}

/** An audit record's cmdlet parameters (`auditData.Parameters` as {Name, Value}), by lower-case name. */
export function auditParameters(rec: Rec): Record<string, string> {
  const data = (rec.body.auditData ?? {}) as {
    Parameters?: Array<{ Name?: unknown; Value?: unknown }>;
    dynamicProperties?: { Parameters?: Array<{ Name?: unknown; Value?: unknown }> };
  };
  const list = data.Parameters ?? data.dynamicProperties?.Parameters ?? [];
  return Object.fromEntries(list.map((p) => [str(p.Name).toLowerCase(), str(p.Value)]));
}
