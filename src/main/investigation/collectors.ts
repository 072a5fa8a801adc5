import {
  blockedSenderCollector,
  mailPoliciesCollector,
  mailboxForwardingCollector,
  mailboxPermissionsCollector,
  mailboxRulesCollector,
  recipientPermissionsCollector,
} from '../exchange/collectors.ts';
import { auditLogCollector } from '../graph/collectors/audit-log.ts';
import {
  appRoleAssignmentsCollector,
  authMethodsCollector,
  domainsCollector,
  oauthGrantsCollector,
  roleAssignmentsCollector,
  userCollector,
} from '../graph/collectors/identity.ts';
import {
  alertsCollector,
  directoryAuditsCollector,
  riskDetectionsCollector,
  riskyUserCollector,
  signInsCollector,
} from '../graph/collectors/logs.ts';
import { inboxRulesCollector, messageTraceCollector, sentItemsCollector } from '../graph/collectors/mail.ts';
import type { Collector } from './collector.ts';
import { identityPoliciesCollector } from '../graph/collectors/policies.ts';

/** Every collector, in the order their sources appear in the coverage list. */
export const COLLECTORS: readonly Collector[] = [
  userCollector,
  domainsCollector,
  signInsCollector,
  directoryAuditsCollector,
  inboxRulesCollector,
  mailboxRulesCollector,
  mailboxForwardingCollector,
  mailboxPermissionsCollector,
  recipientPermissionsCollector,
  authMethodsCollector,
  oauthGrantsCollector,
  appRoleAssignmentsCollector,
  roleAssignmentsCollector,
  riskyUserCollector,
  riskDetectionsCollector,
  alertsCollector,
  auditLogCollector,
  messageTraceCollector,
  sentItemsCollector,
  blockedSenderCollector,
  identityPoliciesCollector,
  mailPoliciesCollector,
];
