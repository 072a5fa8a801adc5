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
}

/** The playbook's sources (playbook.md, step 1), with what each needs. */
export const SOURCES: Record<SourceId, SourceInfo> = {
  user: { label: 'User account', fix: 'Grant User.Read.All.', ruleOut: true },
  domains: { label: 'Verified domains', fix: 'Grant Organization.Read.All.', ruleOut: false },
  signIns: {
    label: 'Sign-in logs',
    fix: 'Grant AuditLog.Read.All and Directory.Read.All; the tenant needs Microsoft Entra ID P1 or P2.',
    ruleOut: true,
  },
  directoryAudits: {
    label: 'Directory audit log',
    fix: 'Grant AuditLog.Read.All and Directory.Read.All.',
    ruleOut: false,
  },
  inboxRules: { label: 'Inbox rules (Graph)', fix: 'Grant MailboxSettings.Read.', ruleOut: true },
  mailboxRules: {
    label: 'Inbox rules incl. hidden (Exchange)',
    fix: 'Grant Exchange.ManageAsApp and assign the app the Exchange Administrator role.',
    ruleOut: false,
  },
  mailboxForwarding: {
    label: 'Mailbox forwarding (Exchange)',
    fix: 'Grant Exchange.ManageAsApp and assign the app the Exchange Administrator role.',
    ruleOut: true,
  },
  mailboxPermissions: {
    label: 'Mailbox delegates (Exchange)',
    fix: 'Grant Exchange.ManageAsApp and assign the app the Exchange Administrator role.',
    ruleOut: false,
  },
  recipientPermissions: {
    label: 'Send-as permissions (Exchange)',
    fix: 'Grant Exchange.ManageAsApp and assign the app the Exchange Administrator role.',
    ruleOut: false,
  },
  authMethods: { label: 'Authentication methods', fix: 'Grant UserAuthenticationMethod.Read.All.', ruleOut: true },
  oauthGrants: { label: 'OAuth consents', fix: 'Grant Directory.Read.All.', ruleOut: false },
  appRoleAssignments: { label: 'App role assignments', fix: 'Grant Directory.Read.All.', ruleOut: false },
  roleAssignments: { label: 'Admin roles', fix: 'Grant RoleManagement.Read.Directory.', ruleOut: false },
  riskyUser: {
    label: 'Entra ID risk (user)',
    fix: 'Grant IdentityRiskyUser.Read.All; full data needs Microsoft Entra ID P2.',
    ruleOut: false,
  },
  riskDetections: {
    label: 'Entra ID risk detections',
    fix: 'Grant IdentityRiskEvent.Read.All; needs Microsoft Entra ID P1 or P2.',
    ruleOut: false,
  },
  alerts: { label: 'Defender alerts', fix: 'Grant SecurityAlert.Read.All.', ruleOut: false },
  auditLog: {
    label: 'Unified audit log (mailbox events)',
    fix: 'Grant AuditLogsQuery.Read.All (or AuditLogsQuery-Exchange.Read.All); Purview Audit must be on.',
    ruleOut: false,
  },
  messageTrace: { label: 'Message trace', fix: 'Grant ExchangeMessageTrace.Read.All.', ruleOut: false },
  sentItems: { label: 'Sent Items', fix: 'Grant Mail.ReadBasic.All.', ruleOut: false },
  blockedSender: {
    label: 'Restricted entities record (Exchange)',
    fix: 'Grant Exchange.ManageAsApp and assign the app the Exchange Administrator role.',
    ruleOut: false,
  },
};
