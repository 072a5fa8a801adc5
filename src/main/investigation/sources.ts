import type { SourceId } from '../../shared/domain/investigation.ts';

export interface SourceInfo {
  label: string;
  /** What to grant or license when the source is denied. */
  fix: string;
  /**
   * Needed to rule compromise out: without it, an investigation that finds nothing says "inconclusive"
   * rather than "not compromised".
   */
  ruleOut: boolean;
  /**
   * `log`: records are events with stable ids (sign-ins); `snapshot`: current state (inbox rules), kept
   * per run and keyed by content as well, so a changed rule is a new piece of evidence, not an overwrite.
   */
  kind: 'log' | 'snapshot';
}

/** The playbook's sources (playbook.md, step 1), with what each needs. */
export const SOURCES: Record<SourceId, SourceInfo> = {
  user: { label: 'User account', fix: 'Grant User.Read.All.', ruleOut: true, kind: 'snapshot' },
  domains: { label: 'Verified domains', fix: 'Grant Organization.Read.All.', ruleOut: false, kind: 'snapshot' },
  signIns: {
    label: 'Sign-in logs',
    fix: 'Grant AuditLog.Read.All and Directory.Read.All; the tenant needs Microsoft Entra ID P1 or P2.',
    ruleOut: true,
    kind: 'log',
  },
  directoryAudits: {
    label: 'Directory audit log',
    fix: 'Grant AuditLog.Read.All and Directory.Read.All.',
    ruleOut: false,
    kind: 'log',
  },
  inboxRules: { label: 'Inbox rules (Graph)', fix: 'Grant MailboxSettings.Read.', ruleOut: true, kind: 'snapshot' },
  mailboxRules: {
    label: 'Inbox rules incl. hidden (Exchange)',
    fix: 'Grant Exchange.ManageAsApp and assign the app the Exchange Administrator role.',
    ruleOut: false,
    kind: 'snapshot',
  },
  mailboxForwarding: {
    label: 'Mailbox forwarding (Exchange)',
    fix: 'Grant Exchange.ManageAsApp and assign the app the Exchange Administrator role.',
    ruleOut: true,
    kind: 'snapshot',
  },
  mailboxPermissions: {
    label: 'Mailbox delegates (Exchange)',
    fix: 'Grant Exchange.ManageAsApp and assign the app the Exchange Administrator role.',
    ruleOut: false,
    kind: 'snapshot',
  },
  recipientPermissions: {
    label: 'Send-as permissions (Exchange)',
    fix: 'Grant Exchange.ManageAsApp and assign the app the Exchange Administrator role.',
    ruleOut: false,
    kind: 'snapshot',
  },
  authMethods: {
    label: 'Authentication methods',
    fix: 'Grant UserAuthenticationMethod.Read.All.',
    ruleOut: true,
    kind: 'snapshot',
  },
  oauthGrants: { label: 'OAuth consents', fix: 'Grant Directory.Read.All.', ruleOut: false, kind: 'snapshot' },
  appRoleAssignments: {
    label: 'App role assignments',
    fix: 'Grant Directory.Read.All.',
    ruleOut: false,
    kind: 'snapshot',
  },
  roleAssignments: {
    label: 'Admin roles',
    fix: 'Grant RoleManagement.Read.Directory.',
    ruleOut: false,
    kind: 'snapshot',
  },
  riskyUser: {
    label: 'Entra ID risk (user)',
    fix: 'Grant IdentityRiskyUser.Read.All; full data needs Microsoft Entra ID P2.',
    ruleOut: false,
    kind: 'snapshot',
  },
  riskDetections: {
    label: 'Entra ID risk detections',
    fix: 'Grant IdentityRiskEvent.Read.All; needs Microsoft Entra ID P1 or P2.',
    ruleOut: false,
    kind: 'log',
  },
  alerts: { label: 'Defender alerts', fix: 'Grant SecurityAlert.Read.All.', ruleOut: false, kind: 'log' },
  auditLog: {
    label: 'Unified audit log (mailbox events)',
    fix: 'Grant AuditLogsQuery.Read.All (or AuditLogsQuery-Exchange.Read.All); Purview Audit must be on.',
    ruleOut: false,
    kind: 'log',
  },
  messageTrace: {
    label: 'Message trace',
    // Graph's endpoint first; Exchange's Get-MessageTraceV2 where Graph refuses it.
    fix: 'Grant ExchangeMessageTrace.Read.All (Graph), or Exchange.ManageAsApp with an Exchange role that may run Get-MessageTraceV2.',
    ruleOut: false,
    kind: 'log',
  },
  sentItems: { label: 'Sent Items', fix: 'Grant Mail.ReadBasic.All.', ruleOut: false, kind: 'log' },
  identityPolicies: {
    label: 'Identity policies (security defaults, Conditional Access, consent)',
    fix: 'Grant Policy.Read.All; Conditional Access needs Microsoft Entra ID P1.',
    ruleOut: false,
    kind: 'snapshot',
  },
  mailPolicies: {
    label: 'Mail policies (forwarding, auditing, alerts, SMTP AUTH)',
    fix: 'Grant Exchange.ManageAsApp and assign the app the Exchange Administrator role.',
    ruleOut: false,
    kind: 'snapshot',
  },
  blockedSender: {
    label: 'Restricted entities record (Exchange)',
    fix: 'Grant Exchange.ManageAsApp and assign the app the Exchange Administrator role.',
    ruleOut: false,
    kind: 'snapshot',
  },
};
