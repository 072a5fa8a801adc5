import type { SourceId } from '../../shared/domain/investigation.ts';
import { str, type Rec } from './readers.ts';

/**
 * Who did it: the case's user, another person, or the service itself. Tenant-wide exports mix all three;
 * only the first may count against the user, the second is context ("also used by …"), the third is
 * labelled and never counted (Exchange provisioning runs Set-AdminAuditLogConfig as SYSTEM on day one).
 */
export type ActorKind = 'user' | 'system' | 'service';

export interface Actor {
  kind: ActorKind;
  /** Lower-case UPN, object id, or the name the log gives; '' when the record names nobody. */
  id: string;
}

/**
 * The unified audit log's UserType (a number in AuditData, a name in Graph's auditLogRecord.userType):
 * 0 Regular, 2 Admin and the partner/guest kinds are people; the rest are Microsoft's own machinery.
 * https://learn.microsoft.com/office/office-365-management-api/office-365-management-activity-api-schema#user-type
 */
const SYSTEM_USER_TYPES = new Set([
  '1',
  '3',
  '4',
  '7',
  '8',
  'reserved',
  'dcadmin',
  'system',
  'custompolicy',
  'systempolicy',
]);
const SERVICE_USER_TYPES = new Set(['5', '6', 'application', 'serviceprincipal']);

/** Ids the service writes where a person would be (Exchange's own processes, SharePoint's app account). */
const SYSTEM_IDS =
  /^(nt authority\\|s-1-5-18$|s-1-5-19$|s-1-5-20$|microsoft\.exchange\.|sharepoint\\system$|app@sharepoint$|securitycompliancecenter|exchange online protection|microsoft online services|o365 suite ux|office 365 exchange online$)|\(microsoft\.exchange\.[a-z]+\)$/i;
const SERVICE_IDS = /^(serviceprincipal_|spn:|app:)/i;

function auditActor(body: Record<string, unknown>): Actor {
  const data = (body.auditData ?? {}) as Record<string, unknown>;
  // AuditData's UserId as the service wrote it (importers lower-case userPrincipalName for matching).
  const id = (str(data.UserId) || str(body.userPrincipalName) || str(body.userId)).trim();
  const rawType = body.userType ?? data.UserType;
  const type = typeof rawType === 'string' || typeof rawType === 'number' ? String(rawType).toLowerCase() : '';
  if (SYSTEM_USER_TYPES.has(type) || SYSTEM_IDS.test(id)) return { kind: 'system', id };
  if (SERVICE_USER_TYPES.has(type) || SERVICE_IDS.test(id)) return { kind: 'service', id };
  return { kind: 'user', id: id.toLowerCase() };
}

function signInActor(body: Record<string, unknown>): Actor {
  const upn = str(body.userPrincipalName).toLowerCase();
  if (!upn && (str(body.servicePrincipalId) || str(body.servicePrincipalName)))
    return { kind: 'service', id: str(body.servicePrincipalName) || str(body.servicePrincipalId) };
  return { kind: 'user', id: upn || str(body.userId).toLowerCase() };
}

function directoryActor(body: Record<string, unknown>): Actor {
  const by = (body.initiatedBy ?? {}) as {
    user?: { userPrincipalName?: unknown; id?: unknown } | null;
    app?: { displayName?: unknown; servicePrincipalId?: unknown } | null;
  };
  const upn = str(by.user?.userPrincipalName).toLowerCase();
  if (upn || str(by.user?.id)) return { kind: 'user', id: upn || str(by.user?.id).toLowerCase() };
  const app = str(by.app?.displayName) || str(by.app?.servicePrincipalId);
  if (app) return { kind: /^(microsoft|office 365|azure|windows)\b/i.test(app) ? 'system' : 'service', id: app };
  return { kind: 'user', id: '' };
}

/** The actor of a log record; snapshot sources describe the user's own state and have none of their own. */
export function actorOf(source: SourceId, body: Record<string, unknown>): Actor {
  switch (source) {
    case 'auditLog':
      return auditActor(body);
    case 'signIns':
      return signInActor(body);
    case 'directoryAudits':
      return directoryActor(body);
    case 'messageTrace':
      return { kind: 'user', id: str(body.senderAddress).toLowerCase() };
    default:
      return { kind: 'user', id: '' };
  }
}

/** A short label for the timeline and reports: the person, or the service with its kind said. */
export function actorLabel(actor: Actor): string | null {
  if (!actor.id) return actor.kind === 'user' ? null : actor.kind;
  return actor.kind === 'user' ? actor.id : `${actor.id} (${actor.kind})`;
}

/** What an audit record acted on, for records made by someone else on the user's mailbox. */
function auditTargets(body: Record<string, unknown>): string[] {
  const data = (body.auditData ?? {}) as Record<string, unknown>;
  const params = Array.isArray(data.Parameters) ? (data.Parameters as Array<{ Name?: unknown; Value?: unknown }>) : [];
  const named = params.filter((p) => /^(identity|mailbox)$/i.test(str(p.Name))).map((p) => str(p.Value));
  return [str(body.objectId), str(data.ObjectId), str(data.MailboxOwnerUPN), ...named]
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
}

export interface UserIdentity {
  upn: string;
  userId: string | null;
}

function isUser(id: string, who: UserIdentity): boolean {
  return id === who.upn.toLowerCase() || (who.userId !== null && id === who.userId.toLowerCase());
}

/** Does a target name the user's mailbox: the UPN, the object id, or the alias (the UPN's local part)? */
function targetsUser(targets: string[], who: UserIdentity): boolean {
  const upn = who.upn.toLowerCase();
  const alias = upn.split('@')[0] ?? '';
  return targets.some(
    (t) =>
      t === upn ||
      t === alias ||
      (who.userId !== null && t === who.userId.toLowerCase()) ||
      t.endsWith(`/${alias}`) ||
      t.endsWith(`\\${alias}`),
  );
}

export type Scope = 'user' | 'other' | 'system';

/**
 * Whose record this is, for the case: the user's own (or a person's change to the user's mailbox, which
 * detectors must see: forwarding set by someone else is still forwarding), another person's, or the
 * service's. A record that names nobody is the user's: collectors fetch by user, so only imports lack it.
 */
export function scopeOf(source: SourceId, rec: Rec, who: UserIdentity): Scope {
  const actor = actorOf(source, rec.body);
  if (actor.kind !== 'user') return 'system';
  if (!actor.id || isUser(actor.id, who)) return 'user';
  if (source === 'auditLog' && targetsUser(auditTargets(rec.body), who)) return 'user';
  if (source === 'directoryAudits') {
    const targets =
      (rec.body.targetResources as Array<{ userPrincipalName?: unknown; id?: unknown }> | undefined) ?? [];
    if (
      targetsUser(
        targets.flatMap((t) => [str(t.userPrincipalName).toLowerCase(), str(t.id).toLowerCase()]),
        who,
      )
    )
      return 'user';
  }
  return 'other';
}

const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * Whose rule an inbox-rule export row is (tenant-wide collector output keeps the owner in
 * `mailboxOwnerId`: a UPN from Extractor-Suite, Exchange's mailbox name from Get-InboxRule, often the alias
 * or the display name). Matched on the UPN, alias, object id or display name, ignoring dots and spaces.
 * `named` says whether any row of the export names the user: only then can an owner nobody recognises be
 * called someone else's. An export that never names the user in a form we know keeps every rule, since
 * losing the user's forwarding rule would be worse than showing a colleague's.
 */
export function ruleOwnerScope(owner: string, who: RuleOwnerIdentity, named: boolean): Scope {
  const id = owner.trim().toLowerCase();
  if (!id || ownerNamesUser(id, who)) return 'user';
  return id.includes('@') || named ? 'other' : 'user';
}

export type RuleOwnerIdentity = UserIdentity & { displayName?: string };

/** Does an export's owner column name the user, in any form Exchange or a collector writes it? */
export function ownerNamesUser(owner: string, who: RuleOwnerIdentity): boolean {
  const id = owner.trim().toLowerCase();
  if (!id) return false;
  if (isUser(id, who) || targetsUser([id], who)) return true;
  const alias = who.upn.split('@')[0] ?? '';
  return letters(id) === letters(alias) || (!!who.displayName && letters(id) === letters(who.displayName));
}
