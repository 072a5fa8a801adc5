import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../../src/shared/api/contract.ts';
import { GraphApi } from '../../../src/main/graph/graph-api.ts';
import { createApp } from '../../../src/main/app/create-app.ts';
import { silentLogger } from '../../../src/main/core/logger.ts';
import { investigate } from '../../../src/main/investigation/investigate.ts';
import { verifyCase } from '../../../src/main/store/case-file/verify.ts';
import { ADELE, scenario } from '../../support/emulator.ts';
import { bench, openCase, type Bench, dispatchOk, investigatedCase } from '../../support/investigation.ts';
import { databaseOf } from '../../../src/main/store/case-file/raw-database.ts';

let b: Bench;
let caseId: string;
let graph: GraphApi;

const call = <M extends MethodName>(method: M, input: MethodInput<M>) => dispatchOk(b.app, method, input);
const rulesNow = async () =>
  (
    await graph.get<{ value: Array<{ id: string; isEnabled: boolean }> }>(
      `/users/${ADELE.upn}/mailFolders/inbox/messageRules`,
    )
  ).value.map((r) => ({ id: r.id, isEnabled: r.isEnabled }));

beforeAll(async () => {
  b = await bench(scenario());
  caseId = await investigatedCase(b, ADELE.upn);
  graph = new GraphApi(b.tenant, { maxAttempts: 3 });
}, 60_000);
afterAll(async () => {
  await b?.cleanup();
});

describe('containment through the API: dry run, confirmed execution, the log, revert', () => {
  it('runs nothing without confirmation, records before/after/read-back, and reverts from the log', async () => {
    const original = await rulesNow();
    const plan = await call('remediation.plan', { caseId, kind: 'disableInboxRules' });
    // Proposed from the findings: the attacker's rules, not the user's own newsletter rule.
    expect(plan.changes.map((c) => c.target.label).sort()).toEqual(['.', 'Invoice copies']);
    const byHand = await call('remediation.plan', { caseId, kind: 'disableInboxRules', targets: [original[0]!.id] });
    expect(byHand.changes.map((c) => c.target.id)).toEqual([original[0]!.id]);
    expect(plan.revertible).toBe(true);
    const unconfirmed = await b.app.dispatch('remediation.execute', { caseId, planId: plan.planId });
    expect(unconfirmed.ok).toBe(false);
    expect(await rulesNow()).toEqual(original);

    const done = await call('remediation.execute', { caseId, planId: plan.planId, confirm: true });
    expect(done.outcomes.every((o) => o.ok && o.verified && o.readBack?.isEnabled === false)).toBe(true);
    const entry = b.app.cases.caseFile(caseId).listLog(done.seq - 1, 1).entries[0]!;
    expect(entry).toMatchObject({
      kind: 'action.executed',
      actor: 'analyst@test',
      payload: { kind: 'disableInboxRules' },
    });
    // A plan runs once.
    const again = await b.app.dispatch('remediation.execute', { caseId, planId: plan.planId, confirm: true });
    expect(!again.ok && again.error.message).toBe('errors.planExpired');

    const undone = await call('remediation.revert', { caseId, seq: done.seq, confirm: true });
    expect(undone.outcomes.every((o) => o.ok && o.verified)).toBe(true);
    expect(await rulesNow()).toEqual(original);
    const twice = await b.app.dispatch('remediation.revert', { caseId, seq: done.seq, confirm: true });
    expect(!twice.ok && twice.error.message).toBe('errors.alreadyReverted');
    expect(verifyCase(b.app.cases.caseFile(caseId)).intact).toBe(true);
  });

  it('refuses to run a dry run the tenant has moved away from, and says which actions cannot be undone', async () => {
    const plan = await call('remediation.plan', { caseId, kind: 'disableInboxRules' });
    const first = plan.changes[0]!;
    // Someone disables a rule in the portal meanwhile.
    await graph.patch(`/users/${ADELE.upn}/mailFolders/inbox/messageRules/${first.target.id}`, { isEnabled: false });
    const stale = await b.app.dispatch('remediation.execute', { caseId, planId: plan.planId, confirm: true });
    expect(!stale.ok && stale.error).toMatchObject({ code: 'conflict', message: 'errors.planChanged' });
    await graph.patch(`/users/${ADELE.upn}/mailFolders/inbox/messageRules/${first.target.id}`, { isEnabled: true });

    // Sign-in methods are proposed only when a finding names the method. Adele's finding comes from the
    // audit log ("User registered security info"), which does not say which: nothing is proposed, and the
    // analyst picks the method by hand.
    const proposed = await call('remediation.plan', { caseId, kind: 'removeAuthMethods' });
    expect(proposed.changes).toEqual([]);
    const phone = (
      await graph.get<{ value: Array<{ id: string; '@odata.type': string }> }>(
        `/users/${ADELE.upn}/authentication/methods`,
      )
    ).value.find((m) => m['@odata.type'] === '#microsoft.graph.phoneAuthenticationMethod')!;
    const picked = await call('remediation.plan', {
      caseId,
      kind: 'removeAuthMethods',
      targets: [`phoneMethods|${phone.id}`],
    });
    expect(picked.changes).toHaveLength(1);
    expect(picked.revertible).toBe(false);

    const revoke = await call('remediation.plan', { caseId, kind: 'revokeSessions' });
    expect(revoke.revertible).toBe(false);
    const done = await call('remediation.execute', { caseId, planId: revoke.planId, confirm: true });
    expect(done.outcomes[0]).toMatchObject({ ok: true, verified: true });
    const undo = await b.app.dispatch('remediation.revert', { caseId, seq: done.seq, confirm: true });
    expect(!undo.ok && undo.error.message).toBe('errors.notRevertible');
  });
});

describe('Exchange containment and the password reset through the API', () => {
  it('proposes the delegate and the hidden rule from the findings, and clears forwarding, on Lee Gu’s case', async () => {
    const lee = await openCase(b, 'lee.gu@contoso.com');
    await investigate({ file: b.app.cases.caseFile(lee), tenant: b.tenant, actor: 'analyst@test' });
    const delegates = await call('remediation.plan', { caseId: lee, kind: 'removeDelegates' });
    expect(delegates.changes.map((c) => c.target.id)).toEqual(['FullAccess|svc-sync@contoso.onmicrosoft.com']);
    const hidden = await call('remediation.plan', { caseId: lee, kind: 'disableHiddenRules' });
    expect(hidden.changes.map((c) => c.target.label)).toEqual(['Mailbox maintenance']);
    const forwarding = await call('remediation.plan', { caseId: lee, kind: 'clearForwarding' });
    expect(forwarding.revertible).toBe(true);
    for (const plan of [delegates, hidden, forwarding]) {
      const done = await call('remediation.execute', { caseId: lee, planId: plan.planId, confirm: true });
      expect(done.outcomes.every((o) => o.ok && o.verified)).toBe(true);
      const undone = await call('remediation.revert', { caseId: lee, seq: done.seq, confirm: true });
      expect(undone.outcomes.every((o) => o.ok && o.verified)).toBe(true);
    }
  });

  it('hands the generated password back once and never writes it to the case file or the data folder', async () => {
    const plan = await call('remediation.plan', { caseId, kind: 'resetPassword' });
    expect(plan.revertible).toBe(false);
    const done = await call('remediation.execute', { caseId, planId: plan.planId, confirm: true });
    expect(done.outcomes[0]).toMatchObject({ ok: true, verified: true });
    const password = done.oneTimePassword!;
    expect(password).toHaveLength(20);
    const entry = b.app.cases.caseFile(caseId).listLog(done.seq - 1, 1).entries[0]!;
    expect(JSON.stringify(entry)).not.toContain(password);
    // Every byte Clearance wrote (case files, WAL, index, logs) is free of it.
    databaseOf(b.app.cases.caseFile(caseId)).pragma('wal_checkpoint(TRUNCATE)');
    const needle = Buffer.from(password);
    for (const file of filesUnder(b.app.dataDir)) expect(readFileSync(file).includes(needle), file).toBe(false);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)],
  );
}

describe('picking targets by hand, and bulk confirmation', () => {
  it('lists every candidate with the proposal pre-selected, and plans exactly the ones picked', async () => {
    const rules = await call('remediation.candidates', { caseId, kind: 'disableInboxRules' });
    expect(rules.candidates.length).toBeGreaterThan(rules.proposed!.length);
    expect(rules.proposed!.every((id) => rules.candidates.some((c) => c.id === id))).toBe(true);
    const own = rules.candidates.find((c) => !rules.proposed!.includes(c.id))!;
    const picked = await call('remediation.plan', { caseId, kind: 'disableInboxRules', targets: [own.id] });
    expect(picked.changes.map((c) => c.target.label)).toEqual([own.label]);

    const methods = await call('remediation.candidates', { caseId, kind: 'removeAuthMethods' });
    expect(methods.candidates.map((m) => m.label)).toContainEqual(expect.stringMatching(/^phone /));
    const roles = await call('remediation.candidates', { caseId, kind: 'revokeOAuthGrants' });
    const plan = await call('remediation.plan', {
      caseId,
      kind: 'revokeOAuthGrants',
      targets: [roles.candidates[0]!.id],
    });
    expect(plan.changes).toHaveLength(1);
  });

  it('applies several confirmed dry runs; one that cannot run is reported, the others still run', async () => {
    const block = await call('remediation.plan', { caseId, kind: 'blockSignIn' });
    const rules = await call('remediation.plan', { caseId, kind: 'disableInboxRules' });
    const gone = '00000000-0000-4000-8000-000000000000';
    const results = await call('remediation.executeMany', {
      caseId,
      planIds: [block.planId, gone, rules.planId],
      confirm: true,
    });
    expect(results.map((r) => r.error)).toEqual([null, 'errors.planExpired', null]);
    expect(results[0]!.outcome!.outcomes.every((o) => o.ok && o.verified)).toBe(true);
    expect(results[2]!.outcome!.outcomes.every((o) => o.ok && o.verified)).toBe(true);
    // The checklist follows: the respond item is suggested done, naming the log entry.
    const item = async () =>
      (await call('checklist.get', { caseId })).items.find((i) => i.id === 'respond.inboxRules')!.suggestion;
    expect(await item()).toMatchObject({
      state: 'done',
      key: 'checklist.suggest.respond.actionDone',
      params: { entries: String(results[2]!.outcome!.seq) },
    });
    // Each is its own log entry, so each reverts on its own.
    for (const r of [results[0]!, results[2]!])
      expect(
        (await call('remediation.revert', { caseId, seq: r.outcome!.seq, confirm: true })).outcomes.every(
          (o) => o.verified,
        ),
      ).toBe(true);
    // Reverted: no longer counts as done.
    expect((await item())?.key).not.toBe('checklist.suggest.respond.actionDone');
  });
});

describe('reverting safely', () => {
  it('refuses to revert over a change made in the tenant since, and anything done in another copy of the case', async () => {
    const plan = await call('remediation.plan', { caseId, kind: 'disableInboxRules' });
    const done = await call('remediation.execute', { caseId, planId: plan.planId, confirm: true });
    // Someone re-enables one of the rules in the portal: writing the old snapshot back would hide that.
    const first = done.outcomes[0]!.target.id;
    await graph.patch(`/users/${ADELE.upn}/mailFolders/inbox/messageRules/${first}`, { isEnabled: true });
    const stale = await b.app.dispatch('remediation.revert', { caseId, seq: done.seq, confirm: true });
    expect(!stale.ok && stale.error.message).toBe('errors.revertStale');
    await graph.patch(`/users/${ADELE.upn}/mailFolders/inbox/messageRules/${first}`, { isEnabled: false });

    // The case handed to a colleague: their copy cannot revert what was done here.
    const bundle = join(b.app.dataDir, 'handover', 'adele.clearance');
    await call('cases.exportBundle', { caseId, path: bundle });
    const colleagueDir = join(b.app.dataDir, 'colleague');
    const colleague = createApp({
      mode: 'cli',
      dataDir: colleagueDir,
      logger: silentLogger,
      tenant: b.tenant,
      actor: 'colleague@test',
    });
    try {
      const opened = colleague.cases.openFile(bundle);
      const foreign = await colleague.dispatch('remediation.revert', {
        caseId: opened.summary.id,
        seq: done.seq,
        confirm: true,
      });
      expect(!foreign.ok && foreign.error.message).toBe('errors.revertForeign');
    } finally {
      await colleague.close();
    }
    // Here it still reverts.
    expect(
      (await call('remediation.revert', { caseId, seq: done.seq, confirm: true })).outcomes.every((o) => o.verified),
    ).toBe(true);
  });
});
