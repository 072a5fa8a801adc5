import { z } from 'zod';
import { CaseId } from './identifiers.ts';
import { JsonValue, NoteText } from './case-log.ts';

/** The playbook's four steps, in order (playbook.md: determine → respond → unblock → prevent). */
export const ChecklistStep = z.enum(['determine', 'respond', 'unblock', 'prevent']);
export type ChecklistStep = z.infer<typeof ChecklistStep>;

/**
 * Every item of the playbook checklist. `securing` items must be done, not applicable or waived with a
 * reason before the account may be unblocked (the unblock gate): they are what stops the attacker from
 * simply coming back.
 */
export const CHECKLIST_ITEMS = [
  { id: 'determine.collect', step: 'determine', securing: false },
  { id: 'determine.signIns', step: 'determine', securing: false },
  { id: 'determine.inboxRules', step: 'determine', securing: false },
  { id: 'determine.forwarding', step: 'determine', securing: false },
  { id: 'determine.delegates', step: 'determine', securing: false },
  { id: 'determine.authMethods', step: 'determine', securing: false },
  { id: 'determine.consents', step: 'determine', securing: false },
  { id: 'determine.roles', step: 'determine', securing: false },
  { id: 'determine.risk', step: 'determine', securing: false },
  { id: 'determine.outbound', step: 'determine', securing: false },
  { id: 'determine.verdict', step: 'determine', securing: true },
  { id: 'respond.resetPassword', step: 'respond', securing: true },
  { id: 'respond.revokeSessions', step: 'respond', securing: true },
  { id: 'respond.inboxRules', step: 'respond', securing: true },
  { id: 'respond.forwarding', step: 'respond', securing: true },
  { id: 'respond.delegates', step: 'respond', securing: true },
  { id: 'respond.authMethods', step: 'respond', securing: true },
  { id: 'respond.consents', step: 'respond', securing: true },
  { id: 'respond.roles', step: 'respond', securing: true },
  { id: 'respond.confirmCompromised', step: 'respond', securing: false },
  { id: 'respond.notifyRecipients', step: 'respond', securing: false },
  { id: 'unblock.release', step: 'unblock', securing: false },
  { id: 'unblock.verifySending', step: 'unblock', securing: false },
  { id: 'prevent.mfa', step: 'prevent', securing: false },
  { id: 'prevent.legacyAuth', step: 'prevent', securing: false },
  { id: 'prevent.autoForwarding', step: 'prevent', securing: false },
  { id: 'prevent.auditing', step: 'prevent', securing: false },
  { id: 'prevent.alertPolicies', step: 'prevent', securing: false },
  { id: 'prevent.userConsent', step: 'prevent', securing: false },
] as const satisfies ReadonlyArray<{ id: string; step: ChecklistStep; securing: boolean }>;

export const ChecklistItemId = z.enum(CHECKLIST_ITEMS.map((i) => i.id) as [ItemIdLiteral, ...ItemIdLiteral[]]);
type ItemIdLiteral = (typeof CHECKLIST_ITEMS)[number]['id'];
export type ChecklistItemId = z.infer<typeof ChecklistItemId>;

export const ChecklistState = z.enum(['todo', 'in_progress', 'done', 'not_applicable', 'waived']);
export type ChecklistState = z.infer<typeof ChecklistState>;

/** States that settle an item: the unblock gate and the step progress count these. */
export const SETTLED_STATES: ReadonlySet<ChecklistState> = new Set(['done', 'not_applicable', 'waived']);

export const WAIVER_MIN = 10;

/**
 * What collectors and detectors say about an item: a suggested state and a sentence (an i18n key with
 * parameters, so it reads in the analyst's language), with the evidence and findings behind it. Never a
 * state by itself: the analyst signs it off.
 */
export const ChecklistSuggestion = z.object({
  state: ChecklistState,
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  evidenceIds: z.array(z.number().int()),
  findings: z.array(z.string()),
});
export type ChecklistSuggestion = z.infer<typeof ChecklistSuggestion>;

export const ChecklistNote = z.object({ text: z.string(), by: z.string(), at: z.string(), seq: z.number().int() });
export type ChecklistNote = z.infer<typeof ChecklistNote>;

export const ChecklistChange = z.object({
  from: ChecklistState,
  to: ChecklistState,
  reason: z.string().nullable(),
  by: z.string(),
  at: z.string(),
  seq: z.number().int(),
  /** The analyst accepted the collectors' and detectors' suggestion (its evidence is in the log entry). */
  accepted: z.boolean(),
});
export type ChecklistChange = z.infer<typeof ChecklistChange>;

export const ChecklistItem = z.object({
  id: ChecklistItemId,
  step: ChecklistStep,
  securing: z.boolean(),
  state: ChecklistState,
  reason: z.string().nullable(),
  by: z.string().nullable(),
  at: z.string().nullable(),
  /** Evidence and findings the signed-off state rests on (from the accepted suggestion, in the log). */
  evidenceIds: z.array(z.number().int()),
  findings: z.array(z.string()),
  suggestion: ChecklistSuggestion.nullable(),
  /** Signed off from a suggestion that has since changed (new evidence): worth a second look. */
  suggestionChanged: z.boolean(),
  notes: z.array(ChecklistNote),
  history: z.array(ChecklistChange),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const Checklist = z.object({
  items: z.array(ChecklistItem),
  /** The first step with unsettled items: where the case is. `null` when everything is settled. */
  currentStep: ChecklistStep.nullable(),
  steps: z.array(z.object({ step: ChecklistStep, settled: z.number().int(), total: z.number().int() })),
  /** Securing items not yet settled: what stands between the account and an unblock. */
  unblockBlockers: z.array(ChecklistItemId),
});
export type Checklist = z.infer<typeof Checklist>;

export const UpdateChecklistInput = z
  .object({
    caseId: CaseId,
    item: ChecklistItemId,
    state: ChecklistState,
    /** The state the analyst saw: a change made meanwhile elsewhere is reported, not overwritten. */
    expected: ChecklistState.optional(),
    reason: z.string().trim().max(4000, { error: 'validation.checklist.reasonTooLong' }).optional(),
    /** Sign off the suggestion: its evidence and findings are recorded with the change. */
    acceptSuggestion: z.boolean().default(false),
  })
  .strict()
  .refine((v) => v.state !== 'waived' || (v.reason?.length ?? 0) >= WAIVER_MIN, {
    error: 'validation.checklist.waiverReason',
    path: ['reason'],
  });
export type UpdateChecklistInput = z.input<typeof UpdateChecklistInput>;

export const ChecklistNoteInput = z
  .object({
    caseId: CaseId,
    item: ChecklistItemId,
    text: NoteText,
  })
  .strict();
export type ChecklistNoteInput = z.input<typeof ChecklistNoteInput>;

/** The case-log payloads of checklist entries, read back through these schemas (bundles are untrusted). */
export const ChecklistChangedPayload = z.object({
  item: ChecklistItemId,
  from: ChecklistState,
  to: ChecklistState,
  reason: z.string().nullable(),
  accepted: z.boolean(),
  evidenceIds: z.array(z.number().int()),
  findings: z.array(z.string()),
  suggestion: z.record(z.string(), JsonValue).nullable(),
});
export const ChecklistNotedPayload = z.object({ item: ChecklistItemId, text: z.string() });
