import type { SourceCoverage, SourceId } from '../../shared/domain/investigation.ts';
import type { InvestigationStore } from '../store/case-file/investigation-store.ts';
import { ownerNamesUser, ruleOwnerScope, scopeOf } from './actors.ts';
import { str } from './readers.ts';
import type { Rec } from './readers.ts';
import { SOURCES } from './sources.ts';

export type { Rec } from './readers.ts';
export { at, auditParameters, domainOf, isExternal, str } from './readers.ts';

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
  /**
   * Log records of other people and of the service, set apart by `scopeToUser`: kept as context (other
   * accounts seen from the attacker's addresses), never counted against the user.
   */
  others?: ScopedAway;
}

export interface ScopedAway {
  /** Other people's records, by source. */
  people: Partial<Record<SourceId, Rec[]>>;
  /** The service's own records (SYSTEM, service principals, Microsoft's processes). */
  system: Partial<Record<SourceId, Rec[]>>;
}

/** Sources whose records name an actor, and may come tenant-wide from an export. */
const ACTOR_LOGS: readonly SourceId[] = ['signIns', 'auditLog', 'directoryAudits', 'messageTrace'];

/**
 * The set as detectors must see it: the user's own log records in `records`, everyone else's in `others`.
 * Idempotent, so hand-built sets and loaded ones go through the same door.
 */
export function scopeToUser(set: EvidenceSet): EvidenceSet {
  if (set.others) return set;
  const who = { upn: set.upn, userId: set.userId };
  const people: ScopedAway['people'] = {};
  const system: ScopedAway['system'] = {};
  const records = { ...set.records };
  for (const source of ACTOR_LOGS) {
    const mine: Rec[] = [];
    for (const rec of set.records[source] ?? []) {
      const scope = scopeOf(source, rec, who);
      if (scope === 'user') mine.push(rec);
      else ((scope === 'other' ? people : system)[source] ??= []).push(rec);
    }
    records[source] = mine;
  }
  scopeRules(set, records, people);
  return {
    ...set,
    records: new Proxy(records, { get: (target, key: string) => target[key as SourceId] ?? [] }),
    others: { people, system },
  };
}

/** Tenant-wide inbox-rule exports: the user's rules stay, other mailboxes' rules become context. */
function scopeRules(set: EvidenceSet, records: Record<SourceId, Rec[]>, people: ScopedAway['people']): void {
  const rules = set.records.inboxRules ?? [];
  if (!rules.some((r) => str(r.body.mailboxOwnerId))) return;
  const who = { upn: set.upn, userId: set.userId, displayName: str(set.records.user?.[0]?.body.displayName) };
  const owners = new Map(rules.map((r) => [r, str(r.body.mailboxOwnerId)]));
  const named = [...owners.values()].some((o) => ownerNamesUser(o, who));
  const mine: Rec[] = [];
  for (const rule of rules) {
    if (ruleOwnerScope(owners.get(rule)!, who, named) === 'user') mine.push(rule);
    else (people.inboxRules ??= []).push(rule);
  }
  records.inboxRules = mine;
}

/**
 * For the sources that grow to millions of records: the properties detectors read. Everything else is
 * loaded whole. A detector reading a new property of these sources must add it here; the demo-scenario
 * tests fail if one goes missing.
 */
export const PROJECTIONS: Partial<Record<SourceId, readonly string[]>> = {
  signIns: [
    'createdDateTime',
    'userPrincipalName',
    'userId',
    'servicePrincipalId',
    'ipAddress',
    'autonomousSystemNumber',
    'clientAppUsed',
    'status.errorCode',
    'location.countryOrRegion',
    'location.geoCoordinates.latitude',
    'location.geoCoordinates.longitude',
    'riskLevelDuringSignIn',
    'riskState',
  ],
  directoryAudits: ['activityDateTime', 'activityDisplayName', 'initiatedBy*', 'targetResources*'],
  auditLog: [
    'createdDateTime',
    'operation',
    'clientIp',
    'userPrincipalName',
    'userId',
    'userType',
    'objectId',
    'auditData.UserId',
    'auditData.UserType',
    'auditData.ObjectId',
    'auditData.MailboxOwnerUPN',
    'auditData.ClientIPAddress',
    'auditData.ResultStatus',
    'auditData.LogonError',
    'auditData.ErrorNumber',
  ],
  messageTrace: ['receivedDateTime', 'senderAddress', 'recipientAddress', 'subject'],
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
  'Add-MailboxFolderPermission',
  'Set-MailboxFolderPermission',
  'New-TransportRule',
  'Consent to application.',
  'Add delegated permission grant.',
  'Add app role assignment grant to user.',
];

export function loadEvidenceSet(
  store: InvestigationStore,
  context: { upn: string; blockedAt: string | null; tenant?: string },
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
  const run = store.coveredWindow();
  const user = records.user?.[0]?.body;
  // Without collected domains (an import-only case), the user's own domain and the case's tenant (when it is
  // a domain, not a tenant id) are the best guess of "inside".
  const verified = (records.domains ?? []).map((d) => str(d.body.name).toLowerCase()).filter(Boolean);
  const guessed = [context.upn.split('@')[1] ?? '', context.tenant?.includes('.') ? context.tenant : '']
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  return scopeToUser({
    upn: context.upn,
    userId: typeof user?.id === 'string' ? user.id : (run?.userId ?? null),
    blockedAt: context.blockedAt,
    window: { start: run?.start ?? '', end: run?.end ?? '' },
    verifiedDomains: verified.length > 0 ? verified : [...new Set(guessed)],
    coverage: store.latestCoverage(),
    records: new Proxy(records, { get: (target, key: string) => target[key as SourceId] ?? [] }),
  });
}

/** Was this source collected (even if empty)? Detectors and the verdict must not read silence as "clean". */
export function collected(set: EvidenceSet, source: SourceId): boolean {
  return set.coverage.some((c) => c.source === source && c.status === 'completed');
}

/** The start of the period under suspicion: a week before the block (or the window's end). */
export function suspiciousFrom(set: EvidenceSet): number {
  const anchor = set.blockedAt ? Date.parse(set.blockedAt) : Date.parse(set.window.end);
  return anchor - 7 * 86_400_000;
}

/** The period under suspicion in words, without claiming a block the case does not record. */
export function periodName(set: EvidenceSet): string {
  if (set.blockedAt) return 'the week before the block';
  const end = Date.parse(set.window.end);
  return Number.isNaN(end)
    ? 'the period under suspicion'
    : `the 7 days before ${new Date(end).toISOString().slice(0, 10)}`;
}
