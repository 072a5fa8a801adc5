import { randomInt } from 'node:crypto';
import { CollectError } from '../investigation/collect-error.ts';
import { type ActionContext, type ContainmentAction, withSecret } from './action.ts';

const rules = (user: string) => `/users/${encodeURIComponent(user)}/mailFolders/inbox/messageRules`;

interface Rule {
  id?: string;
  displayName?: string;
  isEnabled?: boolean;
}

/** Disable inbox rules (by id, or every enabled rule when none are named); revert re-enables them. */
export const disableInboxRules: ContainmentAction<{ isEnabled: boolean }> = {
  kind: 'disableInboxRules',
  permission: 'MailboxSettings.ReadWrite',
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
  permission: 'User.RevokeSessions.All',
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

const userPath = (user: string) => `/users/${encodeURIComponent(user)}`;

const objectIds = new WeakMap<ActionContext, Promise<string>>();

/** The user's object id, looked up once per action context (plan, each apply and read-back reuse it). */
function objectId(ctx: ActionContext): Promise<string> {
  let id = objectIds.get(ctx);
  if (!id) {
    id = ctx.graph.get<{ id?: string }>(userPath(ctx.user), {}, { $select: 'id' }).then((user) => {
      if (!user.id) throw new Error('the user has no object id');
      return user.id;
    });
    // A failed lookup is not remembered: the next call asks again.
    id.catch(() => objectIds.delete(ctx));
    objectIds.set(ctx, id);
  }
  return id;
}

/** A delete that finds the object already gone has done its job (a retried request, a second window). */
async function deleteIfPresent(ctx: ActionContext, path: string): Promise<void> {
  try {
    await ctx.graph.delete(path);
  } catch (error) {
    if (!(error instanceof CollectError && error.status === 404)) throw error;
  }
}

/** Block sign-in (accountEnabled false); revert allows it again. */
export const blockSignIn: ContainmentAction<{ accountEnabled: boolean }> = {
  kind: 'blockSignIn',
  permission: 'User.EnableDisableAccount.All',
  async plan(ctx) {
    const user = await ctx.graph.get<{ id?: string; userPrincipalName?: string; accountEnabled?: boolean }>(
      userPath(ctx.user),
      {},
      { $select: 'id,userPrincipalName,accountEnabled' },
    );
    if (user.accountEnabled === false) return [];
    return [
      {
        target: { id: user.id ?? ctx.user, label: user.userPrincipalName ?? ctx.user },
        before: { accountEnabled: true },
        after: { accountEnabled: false },
      },
    ];
  },
  async apply(ctx, change) {
    await ctx.graph.patch(userPath(ctx.user), { accountEnabled: change.after.accountEnabled });
  },
  async read(ctx) {
    const user = await ctx.graph.get<{ accountEnabled?: boolean }>(
      userPath(ctx.user),
      {},
      { $select: 'accountEnabled' },
    );
    return typeof user.accountEnabled === 'boolean' ? { accountEnabled: user.accountEnabled } : null;
  },
  reached: (state, wanted) => state?.accountEnabled === wanted.accountEnabled,
  revert: async (ctx, change) => {
    await ctx.graph.patch(userPath(ctx.user), { accountEnabled: change.after.accountEnabled });
  },
};

interface Assignment {
  id?: string;
  principalId?: string;
  roleDefinitionId?: string;
  directoryScopeId?: string;
}
type RoleState = { assigned: boolean; roleDefinitionId: string; directoryScopeId: string };

async function assignments(ctx: ActionContext, principalId: string): Promise<Assignment[]> {
  const found = await ctx.graph.get<{ value?: Assignment[] }>(
    '/roleManagement/directory/roleAssignments',
    {},
    { $filter: `principalId eq '${principalId}'` },
  );
  return found.value ?? [];
}

/**
 * Remove the user's directory roles. The snapshot keeps role and scope, so revert assigns them again
 * (with new assignment ids: Entra gives every assignment its own).
 */
export const removeAdminRoles: ContainmentAction<RoleState> = {
  kind: 'removeAdminRoles',
  permission: 'RoleManagement.ReadWrite.Directory',
  async plan(ctx, targets) {
    const principal = await objectId(ctx);
    return (await assignments(ctx, principal))
      .filter(
        (a) =>
          a.roleDefinitionId &&
          // By role, or by the exact target id (role and scope) a dry run or the picker showed.
          (!targets ||
            targets.includes(a.roleDefinitionId) ||
            targets.includes(`${a.roleDefinitionId}|${a.directoryScopeId ?? '/'}`)),
      )
      .map((a) => {
        const state = { roleDefinitionId: a.roleDefinitionId!, directoryScopeId: a.directoryScopeId ?? '/' };
        return {
          target: { id: `${state.roleDefinitionId}|${state.directoryScopeId}`, label: state.roleDefinitionId },
          before: { ...state, assigned: true },
          after: { ...state, assigned: false },
        };
      });
  },
  async apply(ctx, change) {
    const principal = await objectId(ctx);
    for (const a of await assignments(ctx, principal))
      if (
        a.id &&
        a.roleDefinitionId === change.before.roleDefinitionId &&
        // Only the scope the dry run showed: the same role elsewhere (an administrative unit) stays.
        (a.directoryScopeId ?? '/') === change.before.directoryScopeId
      )
        await deleteIfPresent(ctx, `/roleManagement/directory/roleAssignments/${encodeURIComponent(a.id)}`);
  },
  async read(ctx, target) {
    const [roleDefinitionId = '', directoryScopeId = '/'] = target.id.split('|');
    const principal = await objectId(ctx);
    const assigned = (await assignments(ctx, principal)).some(
      (a) => a.roleDefinitionId === roleDefinitionId && (a.directoryScopeId ?? '/') === directoryScopeId,
    );
    return { assigned, roleDefinitionId, directoryScopeId };
  },
  reached: (state, wanted) => state?.assigned === wanted.assigned,
  revert: async (ctx, change) => {
    await ctx.graph.post('/roleManagement/directory/roleAssignments', {
      principalId: await objectId(ctx),
      roleDefinitionId: change.after.roleDefinitionId,
      directoryScopeId: change.after.directoryScopeId,
    });
  },
};

interface Grant {
  id?: string;
  clientId?: string;
  consentType?: string;
  principalId?: string | null;
  resourceId?: string;
  scope?: string;
}
type GrantState = { granted: boolean; clientId: string; resourceId: string; scope: string; consentType: string };

async function grants(ctx: ActionContext, principalId: string): Promise<Grant[]> {
  const found = await ctx.graph.get<{ value?: Grant[] }>(
    '/oauth2PermissionGrants',
    {},
    { $filter: `principalId eq '${principalId}'` },
  );
  return found.value ?? [];
}

/** Revoke the user's delegated OAuth consents; revert grants the same scopes to the same app again. */
export const revokeOAuthGrants: ContainmentAction<GrantState> = {
  kind: 'revokeOAuthGrants',
  permission: 'DelegatedPermissionGrant.ReadWrite.All',
  async plan(ctx, targets) {
    const principal = await objectId(ctx);
    return (await grants(ctx, principal))
      .filter(
        (g) =>
          g.clientId &&
          g.resourceId &&
          // By app, or by the exact target id (app and resource) a dry run or the picker showed.
          (!targets || targets.includes(g.clientId) || targets.includes(`${g.clientId}|${g.resourceId}`)),
      )
      .map((g) => {
        const state = {
          clientId: g.clientId!,
          resourceId: g.resourceId!,
          scope: g.scope ?? '',
          consentType: g.consentType ?? 'Principal',
        };
        return {
          target: { id: `${state.clientId}|${state.resourceId}`, label: `${state.clientId} (${state.scope})` },
          before: { ...state, granted: true },
          after: { ...state, granted: false },
        };
      });
  },
  async apply(ctx, change) {
    const principal = await objectId(ctx);
    for (const g of await grants(ctx, principal))
      if (g.id && g.clientId === change.before.clientId && g.resourceId === change.before.resourceId)
        await deleteIfPresent(ctx, `/oauth2PermissionGrants/${encodeURIComponent(g.id)}`);
  },
  async read(ctx, target) {
    const [clientId = '', resourceId = ''] = target.id.split('|');
    const principal = await objectId(ctx);
    const found = (await grants(ctx, principal)).find((g) => g.clientId === clientId && g.resourceId === resourceId);
    return {
      granted: !!found,
      clientId,
      resourceId,
      scope: found?.scope ?? '',
      consentType: found?.consentType ?? 'Principal',
    };
  },
  reached: (state, wanted) => state?.granted === wanted.granted,
  revert: async (ctx, change) => {
    await ctx.graph.post('/oauth2PermissionGrants', {
      clientId: change.after.clientId,
      resourceId: change.after.resourceId,
      scope: change.after.scope,
      consentType: change.after.consentType,
      principalId: await objectId(ctx),
    });
  },
};

/** Graph's path segment per authentication method type. */
const METHOD_SEGMENTS: Record<string, string> = {
  '#microsoft.graph.phoneAuthenticationMethod': 'phoneMethods',
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': 'microsoftAuthenticatorMethods',
  '#microsoft.graph.fido2AuthenticationMethod': 'fido2Methods',
  '#microsoft.graph.emailAuthenticationMethod': 'emailMethods',
  '#microsoft.graph.softwareOathAuthenticationMethod': 'softwareOathMethods',
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod': 'windowsHelloForBusinessMethods',
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': 'temporaryAccessPassMethods',
};

/** The target id of a method: its type's segment and its id (what the DELETE needs). */
export function methodTarget(method: { '@odata.type'?: unknown; id?: unknown }): string | null {
  const segment = METHOD_SEGMENTS[typeof method['@odata.type'] === 'string' ? method['@odata.type'] : ''];
  return segment && typeof method.id === 'string' ? `${segment}|${method.id}` : null;
}

interface Method {
  id?: string;
  '@odata.type'?: string;
  phoneNumber?: string;
  displayName?: string;
}

/** Every method the user has, as targets (the type's path segment and id) with a readable label. */
async function methods(ctx: ActionContext): Promise<Array<{ id: string; label: string }>> {
  const found = await ctx.graph.get<{ value?: Method[] }>(`${userPath(ctx.user)}/authentication/methods`);
  return (found.value ?? []).flatMap((m) => {
    const id = methodTarget(m);
    if (!id) return [];
    const kind = (m['@odata.type'] ?? '').replace('#microsoft.graph.', '').replace('AuthenticationMethod', '');
    return [{ id, label: `${kind}${m.phoneNumber ? ` ${m.phoneNumber}` : m.displayName ? ` ${m.displayName}` : ''}` }];
  });
}

/**
 * Remove authentication methods the attacker registered. Only named methods (the service proposes the
 * ones a detector flagged): removing every method would lock the user out. Not revertible: the user
 * registers their own methods again.
 */
export const removeAuthMethods: ContainmentAction<{ present: boolean }> = {
  kind: 'removeAuthMethods',
  permission: 'UserAuthenticationMethod.ReadWrite.All',
  async plan(ctx, targets) {
    if (!targets?.length) return [];
    return (await methods(ctx))
      .filter((m) => targets.includes(m.id))
      .map((target) => ({ target, before: { present: true }, after: { present: false } }));
  },
  candidates: (ctx) => methods(ctx),
  async apply(ctx, change) {
    const [segment = '', id = ''] = change.target.id.split('|');
    await deleteIfPresent(ctx, `${userPath(ctx.user)}/authentication/${segment}/${encodeURIComponent(id)}`);
  },
  async read(ctx, target) {
    const found = await ctx.graph.get<{ value?: Method[] }>(`${userPath(ctx.user)}/authentication/methods`);
    return { present: (found.value ?? []).some((m) => methodTarget(m) === target.id) };
  },
  reached: (state, wanted) => state?.present === wanted.present,
  revert: null,
};

/** Confirm the user compromised in Entra ID Protection (risk high). Microsoft's "dismiss" is not an undo. */
export const confirmCompromised: ContainmentAction<{ riskState: string | null }> = {
  kind: 'confirmCompromised',
  permission: 'IdentityRiskyUser.ReadWrite.All',
  async plan(ctx) {
    const id = await objectId(ctx);
    const risk = await confirmCompromised.read(ctx, { id, label: ctx.user });
    if (risk?.riskState === 'confirmedCompromised') return [];
    return [
      {
        target: { id, label: ctx.user },
        before: { riskState: risk?.riskState ?? null },
        after: { riskState: 'confirmedCompromised' },
      },
    ];
  },
  async apply(ctx, change) {
    await ctx.graph.post('/identityProtection/riskyUsers/confirmCompromised', { userIds: [change.target.id] });
  },
  async read(ctx, target) {
    try {
      const risky = await ctx.graph.get<{ riskState?: string }>(
        `/identityProtection/riskyUsers/${encodeURIComponent(target.id)}`,
      );
      return { riskState: risky.riskState ?? null };
    } catch (error) {
      // Never risky before: Identity Protection has no record of the user yet.
      if (error instanceof CollectError && error.status === 404) return { riskState: null };
      throw error;
    }
  },
  reached: (state, wanted) => state?.riskState === wanted.riskState,
  revert: null,
};

const PASSWORD_CLASSES = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+-=?@_'];

/** A 20-character password from every class (Entra's complexity rule), without look-alike characters. */
export function generatePassword(length = 20): string {
  const all = PASSWORD_CLASSES.join('');
  const chars = PASSWORD_CLASSES.map((set) => set[randomInt(set.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  // Shuffle so the class-guaranteed characters are not always first (Fisher–Yates).
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/**
 * Reset the password to a generated one the user must change at next sign-in. The password is handed back
 * once, for the analyst to pass on through another channel; it is never stored, logged or kept in the
 * case file. Verified by the password-change time moving on. Not revertible: the old password is unknown.
 */
export const resetPassword: ContainmentAction<{ changedAt: string | null }> = {
  kind: 'resetPassword',
  permission: 'User-PasswordProfile.ReadWrite.All',
  async plan(ctx) {
    const user = await ctx.graph.get<{ id?: string; userPrincipalName?: string; lastPasswordChangeDateTime?: string }>(
      userPath(ctx.user),
      {},
      { $select: 'id,userPrincipalName,lastPasswordChangeDateTime' },
    );
    return [
      {
        target: { id: user.id ?? ctx.user, label: user.userPrincipalName ?? ctx.user },
        before: { changedAt: user.lastPasswordChangeDateTime ?? null },
        after: { changedAt: null }, // "now", known only once done
      },
    ];
  },
  async apply(ctx) {
    const password = generatePassword();
    try {
      await ctx.graph.patch(userPath(ctx.user), {
        passwordProfile: { forceChangePasswordNextSignIn: true, password },
      });
    } catch (error) {
      throw withSecret(error, password);
    }
    return { secret: password };
  },
  async read(ctx) {
    const user = await ctx.graph.get<{ lastPasswordChangeDateTime?: string }>(
      userPath(ctx.user),
      {},
      { $select: 'lastPasswordChangeDateTime' },
    );
    return { changedAt: user.lastPasswordChangeDateTime ?? null };
  },
  reached: (state, _wanted, before) =>
    !!state?.changedAt && (!before.changedAt || Date.parse(state.changedAt) > Date.parse(before.changedAt)),
  revert: null,
};
