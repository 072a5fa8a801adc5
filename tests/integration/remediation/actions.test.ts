import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeRunner } from '../../../src/main/exchange/exchange-runner.ts';
import { GraphApi } from '../../../src/main/graph/graph-api.ts';
import { execute, revert, type ActionContext } from '../../../src/main/remediation/action.ts';
import {
  blockSignIn,
  confirmCompromised,
  methodTarget,
  removeAuthMethods,
  disableInboxRules,
  removeAdminRoles,
  revokeOAuthGrants,
  revokeSessions,
} from '../../../src/main/remediation/actions.ts';
import { ADELE, scenario } from '../../support/emulator.ts';
import { bench, type Bench } from '../../support/investigation.ts';

let b: Bench;
let ctx: ActionContext;
const rulesNow = async () =>
  (
    await ctx.graph.get<{ value: Array<{ id: string; isEnabled: boolean }> }>(
      `/users/${ADELE.upn}/mailFolders/inbox/messageRules`,
    )
  ).value.map((r) => ({ id: r.id, isEnabled: r.isEnabled }));

beforeAll(async () => {
  b = await bench(scenario());
  ctx = {
    graph: new GraphApi(b.tenant, { maxAttempts: 3 }),
    exchange: exchangeRunner(b.tenant),
    user: ADELE.upn,
  };
}, 60_000);
afterAll(async () => {
  await b?.cleanup();
});

describe('containment actions against the emulator', () => {
  it('disables inbox rules: dry run from the tenant as it is, execute, read back, revert to the state it started in', async () => {
    const original = await rulesNow();
    const plan = await disableInboxRules.plan(ctx);
    expect(plan.length).toBe(original.filter((r) => r.isEnabled).length);
    expect(plan.every((c) => c.before.isEnabled && !c.after.isEnabled)).toBe(true);
    // The dry run changed nothing.
    expect(await rulesNow()).toEqual(original);

    const results = await execute(disableInboxRules, ctx, plan);
    expect(results.every((r) => r.ok && r.verified && r.readBack?.isEnabled === false)).toBe(true);
    expect((await rulesNow()).every((r) => !r.isEnabled)).toBe(true);

    const undone = await revert(disableInboxRules, ctx, plan);
    expect(undone.every((r) => r.ok && r.verified)).toBe(true);
    expect(await rulesNow()).toEqual(original);
  });

  it('plans only the rules named, and reports a partial failure without calling it done', async () => {
    const [first] = await disableInboxRules.plan(ctx);
    const only = await disableInboxRules.plan(ctx, [first!.target.id]);
    expect(only.map((c) => c.target.id)).toEqual([first!.target.id]);
    const gone = {
      target: { id: 'AQAAAAAAAAA=', label: 'deleted meanwhile' },
      before: { isEnabled: true },
      after: { isEnabled: false },
    };
    const results = await execute(disableInboxRules, ctx, [...only, gone]);
    expect(results[0]).toMatchObject({ ok: true, verified: true });
    expect(results[1]).toMatchObject({ ok: false, verified: false });
    expect(results[1]!.error).toBeTruthy();
    await revert(disableInboxRules, ctx, only);
  });

  it('blocks sign-in, removes admin roles and revokes consents, each verified and reverted to the original state', async () => {
    // Block sign-in.
    const block = await blockSignIn.plan(ctx);
    expect(block).toHaveLength(1);
    expect((await execute(blockSignIn, ctx, block))[0]).toMatchObject({ ok: true, verified: true });
    expect(await blockSignIn.plan(ctx)).toEqual([]); // already blocked: nothing left to change
    expect((await revert(blockSignIn, ctx, block))[0]).toMatchObject({ ok: true, verified: true });

    // Consents: Adele's grant to "Mail Sync Pro".
    const grantsBefore = await ctx.graph.get<{ value: unknown[] }>('/oauth2PermissionGrants');
    const consent = await revokeOAuthGrants.plan(ctx);
    expect(consent.map((c) => c.before.scope)).toEqual([expect.stringContaining('Mail.Send')]);
    expect((await execute(revokeOAuthGrants, ctx, consent))[0]).toMatchObject({ ok: true, verified: true });
    expect(await revokeOAuthGrants.plan(ctx)).toEqual([]);
    expect((await revert(revokeOAuthGrants, ctx, consent))[0]).toMatchObject({ ok: true, verified: true });
    const grantsAfter = await ctx.graph.get<{ value: Array<Record<string, unknown>> }>('/oauth2PermissionGrants');
    const strip = (gs: Array<Record<string, unknown>>) =>
      gs.map(({ id: _id, ...rest }) => rest).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(strip(grantsAfter.value)).toEqual(strip(grantsBefore.value as Array<Record<string, unknown>>));

    // Admin roles: Patti holds one.
    const patti = { ...ctx, user: 'patti.fernandez@contoso.com' };
    const roles = await removeAdminRoles.plan(patti);
    expect(roles).toHaveLength(1);
    expect((await execute(removeAdminRoles, patti, roles))[0]).toMatchObject({ ok: true, verified: true });
    expect(await removeAdminRoles.plan(patti)).toEqual([]);
    expect((await revert(removeAdminRoles, patti, roles))[0]).toMatchObject({ ok: true, verified: true });
    expect((await removeAdminRoles.plan(patti)).map((c) => c.target.id)).toEqual(roles.map((c) => c.target.id));
  });

  it('revokes sessions, verified by the sessions-valid-from time moving on; it cannot be reverted', async () => {
    const [change] = await revokeSessions.plan(ctx);
    const [result] = await execute(revokeSessions, ctx, [change!]);
    expect(result).toMatchObject({ ok: true, verified: true });
    expect(Date.parse(result!.readBack!.validFrom!)).toBeGreaterThan(
      Date.parse(change!.before.validFrom ?? '2000-01-01'),
    );
    await expect(revert(revokeSessions, ctx, [change!])).rejects.toThrow('cannot be reverted');
  });

  it('rides out throttling of the change itself (Retry-After honoured), and says so when it never ends', async () => {
    const [change] = await blockSignIn.plan(ctx);
    b.emu.faults.add({
      method: 'PATCH',
      path: '^/v1\\.0/users/',
      times: 2,
      fault: { kind: 'status', status: 429, retryAfter: 0.2 },
    });
    const [result] = await execute(blockSignIn, ctx, [change!]);
    expect(result).toMatchObject({ ok: true, verified: true });
    expect((await revert(blockSignIn, ctx, [change!]))[0]).toMatchObject({ ok: true, verified: true });

    // Throttled beyond the retry budget: a clear failure, nothing reported as done, the user unchanged.
    b.emu.faults.add({
      method: 'PATCH',
      path: '^/v1\\.0/users/',
      times: 10,
      fault: { kind: 'status', status: 429, retryAfter: 0.1 },
    });
    const [stuck] = await execute(blockSignIn, ctx, [change!]);
    expect(stuck).toMatchObject({ ok: false, verified: false });
    expect(stuck!.error).toContain('throttling');
    expect(await blockSignIn.plan(ctx)).toEqual([change]);
    b.emu.faults.clear();
  });

  it('names the permission to grant when Microsoft refuses a change, and reports nothing as done', async () => {
    const s = scenario();
    s.apps[0]!.applicationPermissions = [
      ...s.apps[0]!.applicationPermissions.filter((p) => p !== 'MailboxSettings.ReadWrite'),
      'MailboxSettings.Read',
    ];
    const limited = await bench(s);
    try {
      const c = {
        graph: new GraphApi(limited.tenant, { maxAttempts: 2 }),
        exchange: exchangeRunner(limited.tenant),
        user: ADELE.upn,
      };
      const plan = await disableInboxRules.plan(c);
      const results = await execute(disableInboxRules, c, plan);
      expect(results.every((r) => !r.ok && !r.verified)).toBe(true);
      expect(results[0]!.error).toContain('grant the app MailboxSettings.ReadWrite');
    } finally {
      await limited.cleanup();
    }
  });

  it('removes only the named sign-in methods, and confirms the user compromised; neither can be undone', async () => {
    const methods = (
      await ctx.graph.get<{ value: Array<Record<string, unknown>> }>(`/users/${ADELE.upn}/authentication/methods`)
    ).value;
    const phone = methods.find((m) => m['@odata.type'] === '#microsoft.graph.phoneAuthenticationMethod')!;
    expect(await removeAuthMethods.plan(ctx)).toEqual([]); // nothing named: nothing removed
    const plan = await removeAuthMethods.plan(ctx, [methodTarget(phone)!]);
    expect(plan).toHaveLength(1);
    expect((await execute(removeAuthMethods, ctx, plan))[0]).toMatchObject({ ok: true, verified: true });
    const left = (
      await ctx.graph.get<{ value: Array<Record<string, unknown>> }>(`/users/${ADELE.upn}/authentication/methods`)
    ).value;
    expect(left).toHaveLength(methods.length - 1);
    await expect(revert(removeAuthMethods, ctx, plan)).rejects.toThrow('cannot be reverted');

    const confirm = await confirmCompromised.plan(ctx);
    expect(confirm).toHaveLength(1);
    expect(confirm[0]!.before.riskState).not.toBe('confirmedCompromised');
    expect((await execute(confirmCompromised, ctx, confirm))[0]).toMatchObject({
      ok: true,
      verified: true,
      readBack: { riskState: 'confirmedCompromised' },
    });
    expect(await confirmCompromised.plan(ctx)).toEqual([]);
  });
});
