import type { GraphApi } from '../graph/graph-api.ts';
import { CollectError } from '../investigation/collect-error.ts';

/** One thing an action changes in the tenant: what it is, how it is now, how it will be. */
export interface Change<S> {
  target: { id: string; label: string };
  before: S;
  after: S;
}

/** Runs one Exchange Online cmdlet and returns its rows; refusals arrive as CollectErrors. */
export type ExchangeRunner = (
  cmdlet: string,
  parameters: Record<string, unknown>,
) => Promise<Record<string, unknown>[]>;

export interface ActionContext {
  graph: GraphApi;
  /** Exchange Online, for what Graph has no API for (forwarding, delegates, hidden rules). */
  exchange: ExchangeRunner;
  /** The user's UPN: a Graph path segment and an Exchange identity. */
  user: string;
}

/** What applying a change may hand back once: a generated password, shown to the analyst and never kept. */
export interface Applied {
  secret?: string;
}

/**
 * A containment action (playbook step 1b). `plan` is the dry run: it reads the tenant now and lists exactly
 * what would change; `apply` makes one change; `read` reads a target back to verify; `revert` undoes a
 * change from its `before` snapshot, or is null where the API cannot undo it (revoked sessions stay revoked).
 */
export interface ContainmentAction<S> {
  kind: string;
  /** The Graph application permission the change needs: named when Microsoft refuses it. */
  permission: string;
  plan(ctx: ActionContext, targets?: readonly string[]): Promise<Array<Change<S>>>;
  apply(ctx: ActionContext, change: Change<S>): Promise<void | Applied>;
  read(ctx: ActionContext, target: Change<S>['target']): Promise<S | null>;
  /** Whether what was read back is the state the change meant to reach. */
  reached(state: S | null, wanted: S, before: S): boolean;
  revert: ((ctx: ActionContext, change: Change<S>) => Promise<void>) | null;
  /**
   * Everything the action could act on, for the analyst to pick from; absent where `plan` without targets
   * already lists every candidate (rules, roles, consents, delegates), or the action has one target (the user).
   */
  candidates?: (ctx: ActionContext) => Promise<Array<Change<S>['target']>>;
}

/** Targets the analyst can pick from: the action's own list, or what a plan without targets would change. */
export async function candidatesOf<S>(
  action: ContainmentAction<S>,
  ctx: ActionContext,
): Promise<Array<Change<S>['target']>> {
  if (action.candidates) return action.candidates(ctx);
  return (await action.plan(ctx)).map((c) => c.target);
}

export interface ChangeResult<S> {
  change: Change<S>;
  ok: boolean;
  /** The state read back after applying: the evidence that it happened. */
  readBack: S | null;
  verified: boolean;
  error: string | null;
  /** Only in the answer to the analyst, never in the case log. */
  secret?: string;
}

/**
 * Applies each change, then reads it back. A failure stops nothing else: every change reports what became
 * of it, so a partial failure never reads as done.
 */
export async function execute<S>(
  action: ContainmentAction<S>,
  ctx: ActionContext,
  changes: ReadonlyArray<Change<S>>,
): Promise<Array<ChangeResult<S>>> {
  const results: Array<ChangeResult<S>> = [];
  for (const change of changes) {
    let applied: void | Applied;
    try {
      applied = await action.apply(ctx, change);
    } catch (error) {
      // A change that may have happened anyway (a lost answer) still hands back what the analyst needs.
      const secret = uncertainSecrets.get(error as object);
      results.push({
        change,
        ok: false,
        readBack: null,
        verified: false,
        error: failure(action, error),
        ...(secret ? { secret } : {}),
      });
      continue;
    }
    const secret = applied?.secret ? { secret: applied.secret } : {};
    try {
      const readBack = await action.read(ctx, change.target);
      results.push({
        change,
        ok: true,
        readBack,
        verified: action.reached(readBack, change.after, change.before),
        error: null,
        ...secret,
      });
    } catch (error) {
      // Applied, but not confirmed: never reported as done, and a generated password is not lost.
      results.push({ change, ok: true, readBack: null, verified: false, error: failure(action, error), ...secret });
    }
  }
  return results;
}

const uncertainSecrets = new WeakMap<object, string>();

/**
 * For an `apply` that fails after sending a secret (the request may have reached Microsoft and only the
 * answer been lost): the error carries the secret to the analyst, so a password that may now be set is
 * never one nobody knows.
 */
export function withSecret(error: unknown, secret: string): unknown {
  if (error && typeof error === 'object') uncertainSecrets.set(error, secret);
  return error;
}

/** Undoes applied changes from their snapshots (itself verified by reading back), where the action can. */
export async function revert<S>(
  action: ContainmentAction<S>,
  ctx: ActionContext,
  changes: ReadonlyArray<Change<S>>,
): Promise<Array<ChangeResult<S>>> {
  const undo = action.revert;
  if (!undo) throw new Error(`${action.kind} cannot be reverted`);
  // Undoing is a change of its own, from the applied state back to the snapshot taken before.
  return execute(
    { ...action, apply: undo },
    ctx,
    changes.map((c) => ({ target: c.target, before: c.after, after: c.before })),
  );
}

/** Why a change failed, in words an administrator can act on: a refusal names the permission to grant. */
function failure(action: { permission: string }, error: unknown): string {
  if (error instanceof CollectError && (error.reason === 'permission' || error.reason === 'exchange'))
    return `Microsoft refused the change: grant the app ${action.permission}.`;
  if (error instanceof CollectError && error.reason === 'throttled')
    return 'Microsoft kept throttling the change; nothing was left half done. Try again in a few minutes.';
  return error instanceof Error ? error.message : 'failed';
}
