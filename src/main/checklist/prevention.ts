import type { ChecklistSuggestion } from '../../shared/domain/checklist.ts';
import type { SourceId } from '../../shared/domain/investigation.ts';
import { collected, str, type EvidenceSet } from '../investigation/evidence-set.ts';
import { SOURCES } from '../investigation/sources.ts';

type Row = { id: number; body: Record<string, unknown> };

const suggest = (
  state: ChecklistSuggestion['state'],
  key: string,
  params: ChecklistSuggestion['params'] = {},
  evidenceIds: number[] = [],
): ChecklistSuggestion => ({ state, key: `checklist.suggest.prevent.${key}`, params, evidenceIds, findings: [] });

/** "Could not check", with the reason the source was not collected and what to grant. */
function couldNotCheck(set: EvidenceSet, source: SourceId): ChecklistSuggestion {
  const coverage = set.coverage.find((c) => c.source === source);
  return suggest('todo', 'couldNotCheck', {
    name: SOURCES[source].label,
    reason: coverage?.detail ?? coverage?.reason ?? 'not collected',
    fix: coverage?.fix ?? SOURCES[source].fix,
  });
}

const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const obj = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' ? (value as Record<string, unknown>) : {};

/** Exchange Online's app id, and the Office 365 app group: a policy on either covers mail. */
const MAIL_APPS = new Set(['All', 'Office365', '00000002-0000-0ff1-ce00-000000000000']);

/**
 * Whether an enabled Conditional Access policy covers this user for mail: `yes`, `no`, or `maybe` when it
 * targets groups (membership is not collected). Roles are known from the user's role assignments.
 */
function covers(policy: Row, set: EvidenceSet): 'yes' | 'no' | 'maybe' {
  const conditions = obj(policy.body.conditions);
  const users = obj(conditions.users);
  const apps = list(obj(conditions.applications).includeApplications);
  if (!apps.some((a) => MAIL_APPS.has(a))) return 'no';
  const id = set.userId ?? '';
  if (list(users.excludeUsers).includes(id)) return 'no';
  if (list(users.includeUsers).some((u) => u === 'All' || u === id)) return 'yes';
  const roles = new Set(set.records.roleAssignments.map((r) => str(r.body.roleDefinitionId)));
  if (list(users.includeRoles).some((r) => roles.has(r))) return 'yes';
  return list(users.includeGroups).length > 0 ? 'maybe' : 'no';
}

const policies = (set: EvidenceSet, kind: string) => set.records.identityPolicies.filter((r) => r.body.policy === kind);
const enabled = (p: Row) => p.body.state === 'enabled';
const controls = (p: Row) => list(obj(p.body.grantControls).builtInControls);
const requiresMfa = (p: Row) => controls(p).includes('mfa') || !!obj(p.body.grantControls).authenticationStrength;
const blocksLegacy = (p: Row) => {
  const types = list(obj(p.body.conditions).clientAppTypes);
  return controls(p).includes('block') && types.includes('exchangeActiveSync') && types.includes('other');
};
const securityDefaultsOn = (set: EvidenceSet) =>
  policies(set, 'securityDefaults').find((r) => r.body.isEnabled === true);
const mail = (set: EvidenceSet, cmdlet: string) => set.records.mailPolicies.filter((r) => r.body.cmdlet === cmdlet);
const ids = (rows: readonly Row[]) => rows.map((r) => r.id);

/** MFA is enforced for the user: security defaults, or an enabled Conditional Access policy that covers them. */
export function mfaEnforcement(set: EvidenceSet): {
  enforced: 'yes' | 'no' | 'maybe' | 'unknown';
  by: string;
  rows: number[];
} {
  if (!collected(set, 'identityPolicies')) return { enforced: 'unknown', by: '', rows: [] };
  const defaults = securityDefaultsOn(set);
  if (defaults) return { enforced: 'yes', by: 'security defaults', rows: [defaults.id] };
  const mfa = policies(set, 'conditionalAccess').filter((p) => enabled(p) && requiresMfa(p));
  const yes = mfa.find((p) => covers(p, set) === 'yes');
  if (yes) return { enforced: 'yes', by: str(yes.body.displayName), rows: [yes.id] };
  const maybe = mfa.find((p) => covers(p, set) === 'maybe');
  if (maybe) return { enforced: 'maybe', by: str(maybe.body.displayName), rows: [maybe.id] };
  return { enforced: 'no', by: '', rows: ids(policies(set, 'conditionalAccess')).slice(0, 50) };
}

export function legacyAuth(set: EvidenceSet): ChecklistSuggestion {
  if (!collected(set, 'identityPolicies')) return couldNotCheck(set, 'identityPolicies');
  const defaults = securityDefaultsOn(set);
  if (defaults) return suggest('done', 'legacyBlockedDefaults', {}, [defaults.id]);
  const legacy = policies(set, 'conditionalAccess').filter(blocksLegacy);
  const enforced = legacy.find((p) => enabled(p) && covers(p, set) === 'yes');
  if (enforced) return suggest('done', 'legacyBlocked', { policy: str(enforced.body.displayName) }, [enforced.id]);
  const reportOnly = legacy.find((p) => p.body.state === 'enabledForReportingButNotEnforced');
  const smtp = mail(set, 'Get-TransportConfig').find((r) => r.body.SmtpClientAuthenticationDisabled === false);
  const evidence = [...ids(legacy), ...(smtp ? [smtp.id] : [])];
  if (reportOnly)
    return suggest(
      'todo',
      'legacyReportOnly',
      { policy: str(reportOnly.body.displayName), smtp: smtp ? 1 : 0 },
      evidence,
    );
  return suggest('todo', 'legacyOpen', { smtp: smtp ? 1 : 0 }, evidence);
}

export function autoForwarding(set: EvidenceSet): ChecklistSuggestion {
  if (!collected(set, 'mailPolicies')) return couldNotCheck(set, 'mailPolicies');
  const rows = mail(set, 'Get-HostedOutboundSpamFilterPolicy');
  const open = rows.filter((r) => str(r.body.AutoForwardingMode).toLowerCase() === 'on');
  if (open.length > 0)
    return suggest('todo', 'autoForwardOn', { policies: open.map((r) => str(r.body.Name)).join(', ') }, ids(open));
  return suggest('done', 'autoForwardOff', { policies: rows.length }, ids(rows));
}

export function auditing(set: EvidenceSet): ChecklistSuggestion {
  if (!collected(set, 'mailPolicies')) return couldNotCheck(set, 'mailPolicies');
  const org = mail(set, 'Get-OrganizationConfig');
  const unified = mail(set, 'Get-AdminAuditLogConfig');
  if (org.some((r) => r.body.AuditDisabled === true)) return suggest('todo', 'auditOrgOff', {}, ids(org));
  if (unified.some((r) => r.body.UnifiedAuditLogIngestionEnabled === false))
    return suggest('todo', 'auditUnifiedOff', {}, ids(unified));
  return suggest('done', 'auditOn', {}, [...ids(org), ...ids(unified)]);
}

/** The alert that tells you about the next block: "User restricted from sending email", and its kin. */
const KEY_ALERTS = ['User restricted from sending email', 'Suspicious email sending patterns detected'];

export function alertPolicies(set: EvidenceSet): ChecklistSuggestion {
  if (!collected(set, 'mailPolicies')) return couldNotCheck(set, 'mailPolicies');
  const rows = mail(set, 'Get-ProtectionAlert');
  const off = KEY_ALERTS.filter((name) => !rows.some((r) => r.body.Name === name && r.body.Disabled !== true));
  const relevant = rows.filter((r) => KEY_ALERTS.includes(str(r.body.Name)));
  if (off.length > 0) return suggest('todo', 'alertsOff', { names: off.join('; ') }, ids(relevant));
  return suggest('done', 'alertsOn', { count: relevant.length }, ids(relevant));
}

export function userConsent(set: EvidenceSet): ChecklistSuggestion {
  if (!collected(set, 'identityPolicies')) return couldNotCheck(set, 'identityPolicies');
  const policy = policies(set, 'authorizationPolicy')[0];
  if (!policy) return couldNotCheck(set, 'identityPolicies');
  const assigned = list(obj(policy.body.defaultUserRolePermissions).permissionGrantPoliciesAssigned);
  const self = assigned.filter((p) => p.startsWith('ManagePermissionGrantsForSelf.'));
  if (self.some((p) => p.endsWith('-legacy'))) return suggest('todo', 'consentOpen', {}, [policy.id]);
  if (self.length === 0) return suggest('done', 'consentAdminOnly', {}, [policy.id]);
  return suggest('done', 'consentLimited', { policy: self.join(', ') }, [policy.id]);
}
