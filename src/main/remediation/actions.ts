import type { ContainmentAction } from './action.ts';

const rules = (user: string) => `/users/${encodeURIComponent(user)}/mailFolders/inbox/messageRules`;

interface Rule {
  id?: string;
  displayName?: string;
  isEnabled?: boolean;
}

/** Disable inbox rules (by id, or every enabled rule when none are named); revert re-enables them. */
export const disableInboxRules: ContainmentAction<{ isEnabled: boolean }> = {
  kind: 'disableInboxRules',
  async plan(ctx, targets) {
    const found = await ctx.graph.get<{ value?: Rule[] }>(rules(ctx.user));
    return (found.value ?? [])
      .filter((r) => r.id && r.isEnabled === true && (!targets || targets.includes(r.id)))
      .map((r) => ({
        target: { id: r.id!, label: r.displayName ?? r.id! },
        before: { isEnabled: true },
        after: { isEnabled: false },
      }));
  },
  async apply(ctx, change) {
    await ctx.graph.patch(`${rules(ctx.user)}/${encodeURIComponent(change.target.id)}`, {
      isEnabled: change.after.isEnabled,
    });
  },
  async read(ctx, target) {
    const rule = await ctx.graph.get<Rule>(`${rules(ctx.user)}/${encodeURIComponent(target.id)}`);
    return typeof rule.isEnabled === 'boolean' ? { isEnabled: rule.isEnabled } : null;
  },
  reached: (state, wanted) => state?.isEnabled === wanted.isEnabled,
  revert: async (ctx, change) => {
    await ctx.graph.patch(`${rules(ctx.user)}/${encodeURIComponent(change.target.id)}`, {
      isEnabled: change.after.isEnabled,
    });
  },
};

/**
 * Revoke every session and refresh token: `signInSessionsValidFromDateTime` moves to now. Microsoft has
 * no undo, so this action cannot be reverted (the dry run says so).
 */
export const revokeSessions: ContainmentAction<{ validFrom: string | null }> = {
  kind: 'revokeSessions',
  async plan(ctx) {
    const user = await ctx.graph.get<{
      id?: string;
      userPrincipalName?: string;
      signInSessionsValidFromDateTime?: string;
    }>(
      `/users/${encodeURIComponent(ctx.user)}`,
      {},
      { $select: 'id,userPrincipalName,signInSessionsValidFromDateTime' },
    );
    return [
      {
        target: { id: user.id ?? ctx.user, label: user.userPrincipalName ?? ctx.user },
        before: { validFrom: user.signInSessionsValidFromDateTime ?? null },
        after: { validFrom: null }, // "now", known only once done
      },
    ];
  },
  async apply(ctx) {
    await ctx.graph.post(`/users/${encodeURIComponent(ctx.user)}/revokeSignInSessions`, {});
  },
  async read(ctx) {
    const user = await ctx.graph.get<{ signInSessionsValidFromDateTime?: string }>(
      `/users/${encodeURIComponent(ctx.user)}`,
      {},
      { $select: 'signInSessionsValidFromDateTime' },
    );
    return { validFrom: user.signInSessionsValidFromDateTime ?? null };
  },
  // Done when sessions are valid only from a moment later than before.
  reached: (state, _wanted, before) =>
    !!state?.validFrom && (!before.validFrom || Date.parse(state.validFrom) > Date.parse(before.validFrom)),
  revert: null,
};
