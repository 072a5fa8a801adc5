import { z } from 'zod';
import { CaseId } from './identifiers.ts';
import { type ChecklistItem, type ChecklistItemId, SETTLED_STATES } from './checklist.ts';
import { JsonValue } from './case-log.ts';

/** The containment actions of playbook step 1b (the "Respond" table), Graph and Exchange Online. */
export const ActionKind = z.enum([
  'disableInboxRules',
  'revokeSessions',
  'blockSignIn',
  'removeAdminRoles',
  'revokeOAuthGrants',
  'removeAuthMethods',
  'confirmCompromised',
  'resetPassword',
  'clearForwarding',
  'removeDelegates',
  'disableHiddenRules',
]);
export type ActionKind = z.infer<typeof ActionKind>;

/**
 * The checklist item each action settles: its suggestion says whether the evidence calls for the action.
 * Blocking sign-in has none: it stops the user working too, so it is never proposed, only picked.
 */
export const ACTION_ITEM: Partial<Record<ActionKind, ChecklistItemId>> = {
  disableInboxRules: 'respond.inboxRules',
  revokeSessions: 'respond.revokeSessions',
  removeAdminRoles: 'respond.roles',
  revokeOAuthGrants: 'respond.consents',
  removeAuthMethods: 'respond.authMethods',
  confirmCompromised: 'respond.confirmCompromised',
  resetPassword: 'respond.resetPassword',
  clearForwarding: 'respond.forwarding',
  removeDelegates: 'respond.delegates',
  disableHiddenRules: 'respond.inboxRules',
};

/**
 * Whether the checklist calls for an action now: its item is not settled and either suggests it (to do),
 * or another action for the same item ran and this one is still pending.
 */
export function isSuggested(item: ChecklistItem | undefined, kind: ActionKind): boolean {
  if (!item?.suggestion || SETTLED_STATES.has(item.state)) return false;
  if (item.suggestion.state === 'todo') return true;
  const pending = item.suggestion.key.endsWith('.actionPending') ? String(item.suggestion.params.pending ?? '') : '';
  return pending.split(',').includes(kind);
}

/** Actions with several possible targets: the analyst may pick them by hand instead of the proposal. */
export const PICKABLE_ACTIONS: ReadonlySet<ActionKind> = new Set([
  'disableInboxRules',
  'disableHiddenRules',
  'removeAdminRoles',
  'revokeOAuthGrants',
  'removeAuthMethods',
  'removeDelegates',
]);

export const CandidatesInput = z.object({ caseId: CaseId, kind: ActionKind }).strict();
export const Candidates = z.object({
  candidates: z.array(z.object({ id: z.string(), label: z.string() })),
  /** What the evidence proposes (pre-selected); null when the action does not propose from findings. */
  proposed: z.array(z.string()).nullable(),
});
export type Candidates = z.infer<typeof Candidates>;

/** Bulk: several dry runs confirmed at once; each runs and reports on its own. */
export const ExecuteManyInput = z
  .object({ caseId: CaseId, planIds: z.array(z.uuid()).min(1).max(20), confirm: z.literal(true) })
  .strict();

/** A before/after/read-back state in one line (`isEnabled: false, …`), as dry runs and reports show it. */
export function describeState(state: Record<string, unknown> | null): string {
  return state
    ? Object.entries(state)
        .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
        .join(', ')
    : '—';
}

export const PlannedChange = z.object({
  target: z.object({ id: z.string(), label: z.string() }),
  before: z.record(z.string(), JsonValue),
  after: z.record(z.string(), JsonValue),
});
export type PlannedChange = z.infer<typeof PlannedChange>;

/** The dry run: exactly what would change, read from the tenant now. Nothing has changed yet. */
export const ActionPlan = z.object({
  planId: z.uuid(),
  kind: ActionKind,
  changes: z.array(PlannedChange),
  revertible: z.boolean(),
  plannedAt: z.string(),
});
export type ActionPlan = z.infer<typeof ActionPlan>;

export const ChangeOutcome = z.object({
  target: z.object({ id: z.string(), label: z.string() }),
  before: z.record(z.string(), JsonValue),
  after: z.record(z.string(), JsonValue),
  ok: z.boolean(),
  verified: z.boolean(),
  readBack: z.record(z.string(), JsonValue).nullable(),
  error: z.string().nullable(),
});
export type ChangeOutcome = z.infer<typeof ChangeOutcome>;

/** What happened, change by change, as the case log records it (`seq` is that entry). */
export const ActionOutcome = z.object({
  seq: z.number().int(),
  kind: ActionKind,
  outcomes: z.array(ChangeOutcome),
  /** A reset password, in this answer only: never in the case log, a report or a log line. */
  oneTimePassword: z.string().optional(),
});

export const BulkOutcome = z.array(
  z.object({
    planId: z.string(),
    outcome: ActionOutcome.nullable(),
    /** An i18n key and its parameters, when this plan did not run. */
    error: z.string().nullable(),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
  }),
);
export type BulkOutcome = z.infer<typeof BulkOutcome>;
export type ActionOutcome = z.infer<typeof ActionOutcome>;

const Targets = z.array(z.string().max(400)).max(200);

export const PlanInput = z
  .object({
    caseId: CaseId,
    kind: ActionKind,
    targets: Targets.optional(),
    /** Re-confirming an action queued offline: its case-log entry. The dry run is read fresh all the same. */
    queued: z.number().int().positive().optional(),
  })
  .strict();

/** Offline: an action to run when the connection returns, after a fresh dry run and a new confirmation. */
export const QueueInput = z
  .object({ caseId: CaseId, kind: ActionKind, targets: Targets.optional(), note: z.string().max(2000).optional() })
  .strict();

export const QueuedAction = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  kind: ActionKind,
  /** What the evidence proposed (or the analyst picked) when queued; null: the action's own choice. */
  targets: z.array(z.string()).nullable(),
  note: z.string().nullable(),
});
export type QueuedAction = z.infer<typeof QueuedAction>;

export const DiscardInput = z
  .object({ caseId: CaseId, seq: z.number().int().positive(), reason: z.string().trim().min(1).max(2000) })
  .strict();
/** Execution needs the plan the analyst read and an explicit confirmation: nothing runs by surprise. */
export const ExecuteInput = z.object({ caseId: CaseId, planId: z.uuid(), confirm: z.literal(true) }).strict();
export const RevertInput = z
  .object({ caseId: CaseId, seq: z.number().int().positive(), confirm: z.literal(true) })
  .strict();
