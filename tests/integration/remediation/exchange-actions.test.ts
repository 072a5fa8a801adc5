import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeRunner } from '../../../src/main/exchange/exchange-runner.ts';
import { GraphApi } from '../../../src/main/graph/graph-api.ts';
import { execute, revert, type ActionContext } from '../../../src/main/remediation/action.ts';
import { generatePassword, removeAdminRoles, resetPassword } from '../../../src/main/remediation/actions.ts';
import {
  clearForwarding,
  disableHiddenRules,
  removeDelegates,
} from '../../../src/main/remediation/exchange-actions.ts';
import { ADELE, scenario } from '../../support/emulator.ts';
import { bench, type Bench } from '../../support/investigation.ts';

// Lee Gu kept the attacker in through mailbox forwarding, a FullAccess delegate and a hidden rule.
const LEE = 'lee.gu@contoso.com';
let b: Bench;
let lee: ActionContext;

beforeAll(async () => {
  b = await bench(scenario());
  lee = { graph: new GraphApi(b.tenant, { maxAttempts: 3 }), exchange: exchangeRunner(b.tenant), user: LEE };
}, 60_000);
afterAll(async () => {
  await b?.cleanup();
});

/** The Exchange state an action touches, as Exchange reports it (sids and order aside). */
async function mailboxState() {
  const [box] = await lee.exchange('Get-Mailbox', { Identity: LEE });
  const perms = await lee.exchange('Get-MailboxPermission', { Identity: LEE });
  const sendAs = await lee.exchange('Get-RecipientPermission', { Identity: LEE });
  const rules = await lee.exchange('Get-InboxRule', { Mailbox: LEE, IncludeHidden: true });
  return {
    forwarding: [box!.ForwardingSmtpAddress, box!.ForwardingAddress, box!.DeliverToMailboxAndForward],
    onBehalf: box!.GrantSendOnBehalfTo,
    fullAccess: perms.map((p) => `${String(p.User)}:${String(p.AccessRights)}`).sort(),
    sendAs: sendAs.map((p) => String(p.Trustee)).sort(),
    rules: rules.map((r) => `${String(r.Identity)}:${String(r.Enabled)}`).sort(),
  };
}

describe('Exchange Online containment actions against the emulator', () => {
  it('clears forwarding, removes the delegate and disables the hidden rule; each verified, reverted to the start', async () => {
    const original = await mailboxState();
    expect(original.forwarding[0]).toBe('smtp:lee.backup@outlook-mail.example');

    const forward = await clearForwarding.plan(lee);
    expect(forward).toHaveLength(1);
    expect(forward[0]!.target.label).toBe('smtp:lee.backup@outlook-mail.example');
    const delegates = await removeDelegates.plan(lee);
    expect(delegates.map((c) => c.target.id)).toEqual(['FullAccess|svc-sync@contoso.onmicrosoft.com']);
    const hidden = await disableHiddenRules.plan(lee);
    expect(hidden.map((c) => c.target.label)).toEqual(['Mailbox maintenance']);
    // Dry runs change nothing.
    expect(await mailboxState()).toEqual(original);

    for (const [action, plan] of [
      [clearForwarding, forward],
      [removeDelegates, delegates],
      [disableHiddenRules, hidden],
    ] as const) {
      const results = await execute(action as never, lee, plan as never);
      expect(results.every((r: { ok: boolean; verified: boolean }) => r.ok && r.verified)).toBe(true);
      expect(await (action as typeof clearForwarding).plan(lee)).toEqual([]); // nothing left to change
    }
    const contained = await mailboxState();
    expect(contained.forwarding).toEqual([null, null, false]);
    expect(contained.fullAccess.some((p) => p.startsWith('svc-sync'))).toBe(false);
    expect(contained.rules.filter((r) => r.startsWith(hidden[0]!.target.id))).toEqual([
      `${hidden[0]!.target.id}:false`,
    ]);

    expect((await revert(clearForwarding, lee, forward)).every((r) => r.ok && r.verified)).toBe(true);
    expect((await revert(removeDelegates, lee, delegates)).every((r) => r.ok && r.verified)).toBe(true);
    expect((await revert(disableHiddenRules, lee, hidden)).every((r) => r.ok && r.verified)).toBe(true);
    expect(await mailboxState()).toEqual(original);
  });

  it('plans SendAs and Send on behalf delegates too, and only those the analyst names', async () => {
    await lee.exchange('Add-RecipientPermission', {
      Identity: LEE,
      Trustee: 'mallory@evil.example',
      AccessRights: ['SendAs'],
    });
    await lee.exchange('Set-Mailbox', { Identity: LEE, GrantSendOnBehalfTo: { add: ['mallory'] } });
    const all = await removeDelegates.plan(lee);
    expect(all.map((c) => c.target.id).sort()).toEqual([
      'FullAccess|svc-sync@contoso.onmicrosoft.com',
      'SendAs|mallory@evil.example',
      'SendOnBehalf|mallory',
    ]);
    const picked = await removeDelegates.plan(lee, ['SendAs|mallory@evil.example', 'SendOnBehalf|mallory']);
    expect(picked).toHaveLength(2);
    const results = await execute(removeDelegates, lee, picked);
    expect(results.every((r) => r.ok && r.verified)).toBe(true);
    expect((await removeDelegates.plan(lee)).map((c) => c.target.id)).toEqual([
      'FullAccess|svc-sync@contoso.onmicrosoft.com',
    ]);
  });

  it('names the Exchange permission when Exchange refuses, and reports nothing as done', async () => {
    const s = scenario();
    s.apps[0]!.exchangePermissions = [];
    const limited = await bench(s);
    try {
      const c = { ...lee, graph: new GraphApi(limited.tenant), exchange: exchangeRunner(limited.tenant) };
      const change = {
        target: { id: LEE, label: 'forwarding' },
        before: {
          forwardingSmtpAddress: 'smtp:x@y.example',
          forwardingAddress: null,
          deliverToMailboxAndForward: true,
        },
        after: { forwardingSmtpAddress: null, forwardingAddress: null, deliverToMailboxAndForward: false },
      };
      const [result] = await execute(clearForwarding, c, [change]);
      expect(result).toMatchObject({ ok: false, verified: false });
      expect(result!.error).toContain('Exchange.ManageAsApp');
    } finally {
      await limited.cleanup();
    }
  });

  it('resets the password: generated, handed back once, verified by the change time, not revertible', async () => {
    const adele = { ...lee, user: ADELE.upn };
    const [change] = await resetPassword.plan(adele);
    const [result] = await execute(resetPassword, adele, [change!]);
    expect(result).toMatchObject({ ok: true, verified: true });
    expect(result!.secret).toMatch(/^.{20}$/);
    // The snapshot the case log would keep carries times, never the password.
    expect(JSON.stringify({ ...change, readBack: result!.readBack })).not.toContain(result!.secret);
    await expect(revert(resetPassword, adele, [change!])).rejects.toThrow('cannot be reverted');
  });

  it('keeps the generated password when the change cannot be read back: applied, unverified, never lost', async () => {
    const adele = { ...lee, user: ADELE.upn, graph: new GraphApi(b.tenant, { maxAttempts: 2 }) };
    const [change] = await resetPassword.plan(adele);
    b.emu.faults.add({
      method: 'GET',
      path: '^/v1\\.0/users/',
      times: 5,
      fault: { kind: 'status', status: 503, retryAfter: 0 },
    });
    const [result] = await execute(resetPassword, adele, [change!]);
    b.emu.faults.clear();
    expect(result).toMatchObject({ ok: true, verified: false });
    expect(result!.secret).toHaveLength(20);
  });

  it('removes a role only at the scope the dry run showed', async () => {
    const patti = { ...lee, user: 'patti.fernandez@contoso.com' };
    const [role] = await removeAdminRoles.plan(patti);
    const { roleDefinitionId } = role!.before;
    const pattiId = (await patti.graph.get<{ id: string }>('/users/patti.fernandez@contoso.com')).id;
    await patti.graph.post('/roleManagement/directory/roleAssignments', {
      principalId: pattiId,
      roleDefinitionId,
      directoryScopeId: '/administrativeUnits/9c1a',
    });
    const plan = await removeAdminRoles.plan(patti, [`${roleDefinitionId}|/`]);
    expect(plan).toHaveLength(1);
    expect((await execute(removeAdminRoles, patti, plan))[0]).toMatchObject({ ok: true, verified: true });
    expect((await removeAdminRoles.plan(patti)).map((c) => c.target.id)).toEqual([
      `${roleDefinitionId}|/administrativeUnits/9c1a`,
    ]);
    await revert(removeAdminRoles, patti, plan);
  });

  it('generates passwords with every character class and no repeats across calls', () => {
    const many = Array.from({ length: 200 }, () => generatePassword());
    expect(new Set(many).size).toBe(200);
    for (const p of many) {
      expect(p).toHaveLength(20);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
      expect(p).toMatch(/[^A-Za-z0-9]/);
    }
  });
});
