import type { SourceId } from '../../src/shared/domain/investigation.ts';

/**
 * The evidence each detector reads. A record labelled benign for "every detector" is scored only against
 * the detectors that read its source: a sign-in is no evidence for or against an inbox-rule detector, and
 * counting it as a true negative there would only inflate the table. The evaluation test checks that every
 * detector in DETECTORS and FOLLOW_UP_DETECTORS is listed here, so a new one cannot be left out unseen.
 */
export const DETECTOR_SOURCES: Readonly<Record<string, readonly SourceId[]>> = {
  'inbox-rule-external-forward': ['inboxRules', 'mailboxRules'],
  'inbox-rule-hidden': ['inboxRules', 'mailboxRules'],
  'inbox-rule-hides-mail': ['inboxRules', 'mailboxRules'],
  'inbox-rule-meaningless-name': ['inboxRules', 'mailboxRules'],
  'inbox-rule-created-recently': ['auditLog'],
  'inbox-rule-burst': ['auditLog'],
  'mailbox-forwarding': ['auditLog', 'mailboxForwarding'],
  'mailbox-delegate': ['auditLog', 'mailboxPermissions', 'recipientPermissions'],
  'signin-legacy-protocol': ['signIns'],
  'signin-new-origin': ['signIns'],
  'signin-failure-burst': ['signIns'],
  'signin-impossible-travel': ['signIns'],
  'audit-login-new-network': ['auditLog'],
  'audit-failure-then-success': ['auditLog'],
  'signin-hosting-network': ['signIns', 'auditLog'],
  'signin-no-baseline': ['signIns', 'auditLog'],
  'mfa-method-added': ['authMethods', 'directoryAudits'],
  'oauth-mail-consent': ['oauthGrants'],
  'oauth-consent-audit': ['directoryAudits', 'auditLog'],
  'entra-risk': ['riskyUser', 'riskDetections', 'signIns'],
  'admin-role-held': ['roleAssignments'],
  'outbound-burst': ['messageTrace', 'sentItems'],
  'audit-tampering': ['auditLog'],
  'mail-use-suspect-address': ['auditLog'],
  'attacker-address-other-accounts': ['signIns', 'auditLog'],
};
