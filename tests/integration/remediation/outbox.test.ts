import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../../src/shared/api/contract.ts';
import { GraphApi } from '../../../src/main/graph/graph-api.ts';
import { verifyCase } from '../../../src/main/store/case-file/verify.ts';
import { ADELE, scenario } from '../../support/emulator.ts';
import { bench, type Bench, dispatchOk, investigatedCase } from '../../support/investigation.ts';

let b: Bench;
let caseId: string;

const call = <M extends MethodName>(method: M, input: MethodInput<M>) => dispatchOk(b.app, method, input);
const rules = async () =>
  (
    await new GraphApi(b.tenant).get<{ value: Array<{ displayName: string; isEnabled: boolean }> }>(
      `/users/${ADELE.upn}/mailFolders/inbox/messageRules`,
    )
  ).value.map((r) => `${r.displayName}:${r.isEnabled}`);

beforeAll(async () => {
  b = await bench(scenario());
  caseId = await investigatedCase(b, ADELE.upn);
}, 60_000);
afterAll(async () => {
  await b?.cleanup();
});

describe('the offline outbox', () => {
  it('queues while the tenant is unreachable, runs nothing, and re-confirms against fresh state when it is back', async () => {
    const before = await rules();
    // The network goes: every request to the tenant is cut off.
    b.emu.faults.add({ fault: { kind: 'reset' } });
    const offline = await b.app.dispatch('remediation.plan', { caseId, kind: 'disableInboxRules' });
    expect(offline.ok).toBe(false);

    // Queued from the evidence in the case: the flagged rules' ids, no request to the tenant.
    const queued = await call('remediation.queue', { caseId, kind: 'disableInboxRules', note: 'on the train' });
    expect(queued.targets).toHaveLength(2);
    await call('remediation.queue', { caseId, kind: 'revokeSessions' });
    expect((await call('remediation.outbox', { caseId })).map((q) => q.kind)).toEqual([
      'disableInboxRules',
      'revokeSessions',
    ]);

    // Back online: nothing ran by itself.
    b.emu.faults.clear();
    expect(await rules()).toEqual(before);

    // Meanwhile someone disabled one of the two rules in the portal: the fresh dry run shows one change.
    const graph = new GraphApi(b.tenant);
    const all = (
      await graph.get<{ value: Array<{ id: string }> }>(`/users/${ADELE.upn}/mailFolders/inbox/messageRules`)
    ).value;
    const target = all.find((r) => r.id === queued.targets![0])!;
    await graph.patch(`/users/${ADELE.upn}/mailFolders/inbox/messageRules/${target.id}`, { isEnabled: false });
    const plan = await call('remediation.plan', { caseId, kind: 'disableInboxRules', queued: queued.seq });
    expect(plan.changes).toHaveLength(1);
    const done = await call('remediation.execute', { caseId, planId: plan.planId, confirm: true });
    expect(done.outcomes.every((o) => o.ok && o.verified)).toBe(true);
    const entry = b.app.cases.caseFile(caseId).listLog(done.seq - 1, 1).entries[0]!;
    expect(entry.payload).toMatchObject({ queued: queued.seq });

    // The executed entry settles it; the other is discarded with a reason. Both stay in the log.
    expect((await call('remediation.outbox', { caseId })).map((q) => q.kind)).toEqual(['revokeSessions']);
    const [left] = await call('remediation.outbox', { caseId });
    // A dry run made for it, then the entry is discarded: the dry run can no longer run.
    const late = await call('remediation.plan', { caseId, kind: 'revokeSessions', queued: left!.seq });
    expect(await call('remediation.discard', { caseId, seq: left!.seq, reason: 'Password reset covers it' })).toEqual(
      [],
    );
    const lateRun = await b.app.dispatch('remediation.execute', { caseId, planId: late.planId, confirm: true });
    expect(!lateRun.ok && lateRun.error.message).toBe('errors.queuedNotFound');
    const again = await b.app.dispatch('remediation.plan', { caseId, kind: 'revokeSessions', queued: left!.seq });
    expect(!again.ok && again.error.message).toBe('errors.queuedNotFound');
    expect(verifyCase(b.app.cases.caseFile(caseId)).intact).toBe(true);
  }, 60_000);

  it('queues while disconnected too (no tenant at all)', async () => {
    await b.app.tenants.disconnect();
    const refused = await b.app.dispatch('remediation.plan', { caseId, kind: 'blockSignIn' });
    expect(!refused.ok && refused.error.code).toBe('not_connected');
    const queued = await call('remediation.queue', { caseId, kind: 'blockSignIn' });
    expect(queued).toMatchObject({ kind: 'blockSignIn', targets: null, actor: 'analyst@test' });
  });
});
