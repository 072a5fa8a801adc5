import { z } from 'zod';

/** Every evidence source Clearance collects, in the playbook's order. */
export const SourceId = z.enum([
  'user',
  'domains',
  'signIns',
  'directoryAudits',
  'inboxRules',
  'mailboxRules',
  'mailboxForwarding',
  'mailboxPermissions',
  'recipientPermissions',
  'authMethods',
  'oauthGrants',
  'appRoleAssignments',
  'roleAssignments',
  'riskyUser',
  'riskDetections',
  'alerts',
  'auditLog',
  'messageTrace',
  'sentItems',
  'blockedSender',
  'identityPolicies',
  'mailPolicies',
]);
export type SourceId = z.infer<typeof SourceId>;

export const SourceStatus = z.enum(['pending', 'running', 'completed', 'failed', 'unavailable']);
export type SourceStatus = z.infer<typeof SourceStatus>;

/** Coverage: what one source gave, or why it gave nothing and how to fix that. */
export const SourceCoverage = z.object({
  source: SourceId,
  status: SourceStatus,
  records: z.number().int(),
  pages: z.number().int(),
  durationMs: z.number().int(),
  throttleWaits: z.number().int(),
  throttleMs: z.number().int(),
  /** Machine reason: licence, permission, exchange, throttled, network, service, not_found. */
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  fix: z.string().nullable(),
});
export type SourceCoverage = z.infer<typeof SourceCoverage>;

export const Weight = z.enum(['context', 'moderate', 'strong']);
export type Weight = z.infer<typeof Weight>;
export const Severity = z.enum(['low', 'medium', 'high']);

export const Finding = z.object({
  detector: z.string(),
  severity: Severity,
  /** How much it says about compromise: strong on its own, moderate with another, context never alone. */
  weight: Weight,
  title: z.string(),
  explanation: z.string(),
  evidenceIds: z.array(z.number().int()),
  at: z.string().nullable(),
});
export type Finding = z.infer<typeof Finding>;

export const Verdict = z.enum(['compromised', 'not_compromised', 'inconclusive']);
export type Verdict = z.infer<typeof Verdict>;

export const VerdictReport = z.object({
  verdict: Verdict,
  reasons: z.array(z.string()),
  /** Sources needed to rule compromise out that were not collected. */
  missing: z.array(SourceId),
  engineVersion: z.string(),
});
export type VerdictReport = z.infer<typeof VerdictReport>;

export const SourceProgress = z.object({
  source: SourceId,
  status: SourceStatus,
  records: z.number().int(),
  pages: z.number().int(),
  throttleWaits: z.number().int(),
  throttleMs: z.number().int(),
  reason: z.string().nullable(),
  /** Estimated time left, where the source's size is known in advance (message trace slices, phases). */
  etaMs: z.number().int().nullable().optional(),
});
export type SourceProgress = z.infer<typeof SourceProgress>;

/** The analyst's verdict where it differs from the engine's, with the written reason (in the case log). */
export const VerdictOverride = z.object({
  verdict: Verdict,
  justification: z.string(),
  by: z.string(),
  at: z.string(),
});
export type VerdictOverride = z.infer<typeof VerdictOverride>;

export const OverrideInput = z
  .object({
    caseId: z.uuid({ error: 'validation.caseId.invalid' }),
    verdict: Verdict,
    justification: z
      .string()
      .trim()
      .min(20, { error: 'validation.justification.tooShort' })
      .max(4000, { error: 'validation.justification.tooLong' }),
  })
  .strict();

export const InvestigationSummary = z.object({
  running: z.boolean(),
  run: z
    .object({
      status: z.string(),
      startedAt: z.string(),
      finishedAt: z.string().nullable(),
      windowStart: z.string(),
      windowEnd: z.string(),
    })
    .nullable(),
  coverage: z.array(SourceCoverage),
  verdict: VerdictReport.nullable(),
  override: VerdictOverride.nullable(),
  findings: z.array(Finding),
  evidenceCount: z.number().int(),
  eventCount: z.number().int(),
});
export type InvestigationSummary = z.infer<typeof InvestigationSummary>;
