import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { JsonValue } from '../../shared/domain/case-log.ts';
import {
  type ActionKind,
  type ActionOutcome,
  type ActionPlan,
  type BulkOutcome,
  type Candidates,
  type QueuedAction,
  ChangeOutcome,
  type ChangeOutcome as Outcome,
  ActionKind as ActionKindSchema,
} from '../../shared/domain/remediation.ts';
import { AppError } from '../core/app-error.ts';
import type { CaseService } from '../cases/case-service.ts';
import { GraphApi } from '../graph/graph-api.ts';
import { assertCaseTenant } from '../tenant/case-tenant.ts';
import type { TenantService } from '../tenant/tenant-service.ts';
import {
  type ActionContext,
  type Change,
  type ChangeResult,
  type ContainmentAction,
  candidatesOf,
  execute,
  revert,
} from './action.ts';
import {
  blockSignIn,
  confirmCompromised,
  disableInboxRules,
  removeAdminRoles,
  removeAuthMethods,
  revokeOAuthGrants,
  resetPassword,
  revokeSessions,
} from './actions.ts';
import { clearForwarding, disableHiddenRules, removeDelegates } from './exchange-actions.ts';
import { exchangeRunner } from '../exchange/exchange-runner.ts';
import { guarded } from './guarded.ts';
import { proposedTargets } from './proposals.ts';

type State = Record<string, JsonValue>;

// The registry: each action's own state type is a JSON object, which is how the case log keeps it.
const ACTIONS = {
  disableInboxRules,
  revokeSessions,
  blockSignIn,
  removeAdminRoles,
  revokeOAuthGrants,
  removeAuthMethods,
  confirmCompromised,
  resetPassword,
  clearForwarding,
  removeDelegates,
  disableHiddenRules,
} as unknown as Record<ActionKind, ContainmentAction<State>>;

/** A dry run waits this long for its confirmation; after that the tenant is read again. */
const PLAN_TTL_MS = 15 * 60_000;

const ExecutedPayload = z.object({ kind: ActionKindSchema, outcomes: z.array(ChangeOutcome) });
const RevertedPayload = z.object({ of: z.number().int() });

interface StoredPlan {
  caseId: string;
  plan: ActionPlan;
  targets: readonly string[] | undefined;
  expires: number;
  /** The outbox entry this plan re-confirms, if any. */
  queued: number | undefined;
}

const QueuedPayload = z.object({
  kind: ActionKindSchema,
  targets: z.array(z.string()).nullable(),
  note: z.string().nullable(),
});

/**
 * Containment, one confirmed action at a time: a dry run read from the tenant now, executed only with the
 * analyst's confirmation and only if the tenant still looks as the dry run showed, every change read back,
 * and the whole outcome (before, after, what was read back) written to the case log, from which a revert
 * is made.
 */
export class RemediationService {
  private readonly plans = new Map<string, StoredPlan>();
  /** Reverts under way: a second click (or window) must not undo the same entry twice. */
  private readonly reverting = new Set<string>();
  private readonly deps: { cases: CaseService; tenants: TenantService; now?: () => number };

  constructor(deps: { cases: CaseService; tenants: TenantService; now?: () => number }) {
    this.deps = deps;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async plan(caseId: string, kind: ActionKind, picked?: readonly string[], queued?: number): Promise<ActionPlan> {
    const action = ACTIONS[kind];
    if (queued !== undefined) {
      const entry = this.outbox(caseId).find((q) => q.seq === queued);
      if (!entry || entry.kind !== kind) throw new AppError('not_found', 'errors.queuedNotFound');
      picked ??= entry.targets ?? undefined;
    }
    // Proposed from the findings: only the rules a detector flagged, unless the analyst picked others.
    const targets = picked ?? proposedTargets(this.deps.cases.caseFile(caseId), kind) ?? undefined;
    const changes = await guarded(() => action.plan(this.context(caseId), targets));
    const plan: ActionPlan = {
      planId: randomUUID(),
      kind,
      changes,
      revertible: action.revert !== null,
      plannedAt: new Date(this.now()).toISOString(),
    };
    this.plans.set(plan.planId, { caseId, plan, targets, expires: this.now() + PLAN_TTL_MS, queued });
    return plan;
  }

  async execute(caseId: string, planId: string): Promise<ActionOutcome> {
    const stored = this.plans.get(planId);
    if (!stored || stored.caseId !== caseId || stored.expires < this.now())
      throw new AppError('not_found', 'errors.planExpired');
    this.plans.delete(planId);
    // Discarded (or run from another window) since this dry run: the outbox entry is no longer open.
    if (stored.queued !== undefined && !this.outbox(caseId).some((q) => q.seq === stored.queued))
      throw new AppError('not_found', 'errors.queuedNotFound');
    const { plan } = stored;
    const action = ACTIONS[plan.kind];
    const ctx = this.context(caseId);
    // The tenant may have moved since the dry run: run only what the analyst saw, as they saw it.
    const fresh = await guarded(() => action.plan(ctx, stored.targets));
    if (JSON.stringify(fresh) !== JSON.stringify(plan.changes)) throw new AppError('conflict', 'errors.planChanged');
    const results = await execute(action, ctx, plan.changes);
    const payload: Record<string, JsonValue> = { kind: plan.kind, planId };
    // An outbox entry is settled by the execution that re-confirmed it.
    if (stored.queued !== undefined) payload.queued = stored.queued;
    return this.record(caseId, 'action.executed', payload, plan.kind, results);
  }

  /**
   * Offline, an action goes to the outbox: a case-log entry with the targets the evidence proposes now.
   * Nothing runs from it by itself: when the connection returns the analyst re-confirms each against a
   * fresh dry run (`plan` with `queued`), or discards it with a reason.
   */
  queue(caseId: string, kind: ActionKind, picked?: readonly string[], note?: string): QueuedAction {
    const targets = picked ?? proposedTargets(this.deps.cases.caseFile(caseId), kind);
    const entry = this.deps.cases.append(caseId, 'action.queued', {
      kind,
      targets: targets ? [...targets] : null,
      note: note ?? null,
    });
    return {
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      kind,
      targets: targets ? [...targets] : null,
      note: note ?? null,
    };
  }

  /** Queued actions not yet executed or discarded, oldest first. */
  outbox(caseId: string): QueuedAction[] {
    const file = this.deps.cases.caseFile(caseId);
    const settled = new Set<number>();
    for (const e of file.entriesOfKinds(['action.executed', 'action.dequeued'])) {
      const of = e.kind === 'action.executed' ? e.payload.queued : e.payload.of;
      if (typeof of === 'number') settled.add(of);
    }
    return [...file.entriesOfKinds(['action.queued'])].flatMap((e) => {
      const p = QueuedPayload.safeParse(e.payload);
      return p.success && !settled.has(e.seq) ? [{ seq: e.seq, at: e.at, actor: e.actor, ...p.data }] : [];
    });
  }

  discard(caseId: string, seq: number, reason: string): QueuedAction[] {
    if (!this.outbox(caseId).some((q) => q.seq === seq)) throw new AppError('not_found', 'errors.queuedNotFound');
    this.deps.cases.append(caseId, 'action.dequeued', { of: seq, reason });
    return this.outbox(caseId);
  }

  /** Everything the action could act on now, and what the evidence proposes among it. */
  async candidates(caseId: string, kind: ActionKind): Promise<Candidates> {
    const found = await guarded(() => candidatesOf(ACTIONS[kind], this.context(caseId)));
    return { candidates: found, proposed: proposedTargets(this.deps.cases.caseFile(caseId), kind) };
  }

  /**
   * Bulk confirmation: the listed dry runs, one after another, each re-read, applied and logged on its own.
   * A failure (a plan that expired, a tenant that moved, a refused change) stops nothing else, and the
   * answer says for each what became of it.
   */
  async executeMany(caseId: string, planIds: readonly string[]): Promise<BulkOutcome> {
    const results: BulkOutcome = [];
    for (const planId of planIds) {
      try {
        results.push({ planId, outcome: await this.execute(caseId, planId), error: null, params: {} });
      } catch (error) {
        // Our own errors by key and parameters; anything else only as "internal" (no internals leave main).
        results.push(
          error instanceof AppError
            ? { planId, outcome: null, error: error.message, params: error.params ?? {} }
            : { planId, outcome: null, error: 'errors.internal', params: {} },
        );
      }
    }
    return results;
  }

  async revert(caseId: string, seq: number): Promise<ActionOutcome> {
    const file = this.deps.cases.caseFile(caseId);
    const entry = file.listLog(seq - 1, 1).entries[0];
    const executed = entry?.kind === 'action.executed' ? ExecutedPayload.safeParse(entry.payload) : null;
    if (!executed?.success) throw new AppError('not_found', 'errors.actionNotFound');
    const action = ACTIONS[executed.data.kind];
    if (!action.revert) throw new AppError('conflict', 'errors.notRevertible');
    for (const e of file.entriesOfKinds(['action.reverted']))
      if (RevertedPayload.safeParse(e.payload).data?.of === seq)
        throw new AppError('conflict', 'errors.alreadyReverted');
    // A case file from elsewhere carries its author's snapshots: reverting those could write anything back.
    const received = file.latest('case.received');
    if (received && seq < received.seq) throw new AppError('conflict', 'errors.revertForeign');
    const key = `${caseId}:${seq}`;
    if (this.reverting.has(key)) throw new AppError('conflict', 'errors.alreadyReverted');
    this.reverting.add(key);
    try {
      // Only what was done is undone: a change that failed left nothing to restore.
      const done: Array<Change<State>> = executed.data.outcomes
        .filter((o) => o.ok)
        .map((o) => ({ target: o.target, before: o.before, after: o.after }));
      const ctx = this.context(caseId);
      // The tenant must still be as the action left it; if someone changed it since, writing the old
      // snapshot back would overwrite their change unseen.
      for (const change of done) {
        const now = await guarded(() => action.read(ctx, change.target));
        if (!action.reached(now, change.after, change.before)) throw new AppError('conflict', 'errors.revertStale');
      }
      const results = await revert(action, ctx, done);
      return this.record(caseId, 'action.reverted', { kind: executed.data.kind, of: seq }, executed.data.kind, results);
    } finally {
      this.reverting.delete(key);
    }
  }

  private record(
    caseId: string,
    kind: 'action.executed' | 'action.reverted',
    payload: Record<string, JsonValue>,
    actionKind: ActionKind,
    results: Array<ChangeResult<State>>,
  ): ActionOutcome {
    const outcomes: Outcome[] = results.map((r) => ({
      target: r.change.target,
      before: r.change.before,
      after: r.change.after,
      ok: r.ok,
      verified: r.verified,
      readBack: r.readBack,
      error: r.error,
    }));
    // The generated password is in `secret`, which never reaches `outcomes`: the log cannot carry it.
    const entry = this.deps.cases.append(caseId, kind, { ...payload, outcomes });
    const secret = results.find((r) => r.secret)?.secret;
    return { seq: entry.seq, kind: actionKind, outcomes, ...(secret ? { oneTimePassword: secret } : {}) };
  }

  /** The case's user in the case's tenant: containment never acts on another tenant than the case's. */
  private context(caseId: string): ActionContext {
    const tenant = this.deps.tenants.current;
    if (!tenant) throw new AppError('not_connected', 'errors.notConnected');
    const { header } = this.deps.cases.caseFile(caseId);
    assertCaseTenant(tenant, header.tenant);
    return { graph: new GraphApi(tenant, { maxAttempts: 4 }), exchange: exchangeRunner(tenant), user: header.upn };
  }
}
