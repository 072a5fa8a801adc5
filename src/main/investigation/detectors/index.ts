import type { Detector } from './detector.ts';
import { adminRoles, entraRisk, mfaMethodAdded, riskyConsent } from './identity.ts';
import {
  externalForwardRule,
  hiddenRule,
  hidingRule,
  meaninglessRuleName,
  ruleCreatedRecently,
} from './inbox-rules.ts';
import { auditTampering, delegates, externalMailboxForwarding } from './mailbox.ts';
import { outboundBurst } from './outbound.ts';
import {
  auditLoginNewNetwork,
  failuresThenSuccess,
  impossibleTravel,
  legacyProtocolSuccess,
  newSignInOrigin,
} from './sign-ins.ts';

/**
 * Bump when any detector's logic changes: recorded with every detection run, so a finding can always be
 * traced to the rules that produced it, and a re-run with the same version gives the same findings.
 */
export const DETECTION_ENGINE_VERSION = '1.0.0';

export const DETECTORS: readonly Detector[] = [
  externalForwardRule,
  hiddenRule,
  hidingRule,
  meaninglessRuleName,
  ruleCreatedRecently,
  externalMailboxForwarding,
  delegates,
  auditTampering,
  legacyProtocolSuccess,
  newSignInOrigin,
  failuresThenSuccess,
  impossibleTravel,
  auditLoginNewNetwork,
  mfaMethodAdded,
  riskyConsent,
  entraRisk,
  adminRoles,
  outboundBurst,
];
