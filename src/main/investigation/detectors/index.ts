import { mailUseFromSuspectAddress, sharedAttackerAddress } from './attacker-addresses.ts';
import type { Detector, FollowUpDetector } from './detector.ts';
import { ruleBurst, ruleCreatedRecently } from './inbox-rule-audit.ts';
import { adminRoles, consentFromAudit, entraRisk, mfaMethodAdded, riskyConsent } from './identity.ts';
import { externalForwardRule, hiddenRule, hidingRule, meaninglessRuleName } from './inbox-rules.ts';
import { auditTampering, delegates, externalMailboxForwarding } from './mailbox.ts';
import { outboundBurst } from './outbound.ts';
import {
  auditFailuresThenSuccess,
  auditLoginNewNetwork,
  failuresThenSuccess,
  hostingNetworkSignIn,
  impossibleTravel,
  legacyProtocolSuccess,
  newSignInOrigin,
  noBaseline,
} from './sign-ins.ts';

/**
 * Bump when any detector's logic changes: recorded with every detection run, so a finding can always be
 * traced to the rules that produced it, and a re-run with the same version gives the same findings.
 */
export const DETECTION_ENGINE_VERSION = '2.0.0';

export const DETECTORS: readonly Detector[] = [
  externalForwardRule,
  hiddenRule,
  hidingRule,
  meaninglessRuleName,
  ruleCreatedRecently,
  ruleBurst,
  externalMailboxForwarding,
  delegates,
  legacyProtocolSuccess,
  newSignInOrigin,
  failuresThenSuccess,
  impossibleTravel,
  auditLoginNewNetwork,
  auditFailuresThenSuccess,
  hostingNetworkSignIn,
  noBaseline,
  mfaMethodAdded,
  riskyConsent,
  consentFromAudit,
  entraRisk,
  adminRoles,
  outboundBurst,
];

/** Run after DETECTORS, with the addresses their moderate and strong findings tied to the attacker. */
export const FOLLOW_UP_DETECTORS: readonly FollowUpDetector[] = [
  auditTampering,
  mailUseFromSuspectAddress,
  sharedAttackerAddress,
];
