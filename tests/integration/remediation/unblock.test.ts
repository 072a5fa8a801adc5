import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../../src/shared/api/contract.ts';
import { investigate } from '../../../src/main/investigation/investigate.ts';
import { listRestrictedSenders } from '../../../src/main/exchange/restricted-senders.ts';
import { scenario } from '../../support/emulator.ts';
import { bench, openCase, type Bench, dispatchOk } from '../../support/investigation.ts';

let b: Bench;
// The emulator's and the app's clock: the test moves time on to see sending resume.
let offset = 0;
const now = () => Date.now() + offset;
let meganCase = '';

const call = <M extends MethodName>(method: M, input: MethodInput<M>) => dispatchOk(b.app, method, input);

beforeAll(async () => {
  b = await bench(scenario(), 'none', now);
}, 60_000);
afterAll(async () => {
  await b?.cleanup();
});

describe('the unblock gate', () => {
  it('refuses until the securing items are settled, then unblocks through Exchange and verifies it', async () => {
    const upn = 'megan.bowen@contoso.com';
    const caseId = await openCase(b, upn);
    meganCase = caseId;
    await investigate({ file: b.app.cases.caseFile(caseId), tenant: b.tenant, actor: 'analyst@test' });

    let status = await call('unblock.status', { caseId });
    expect(status.allowed).toBe(false);
    expect(status.blockers).toContain('determine.verdict');
    expect(status.blocked).toMatchObject({ reason: expect.any(String) });
    expect(status.manual.command).toBe(`Remove-BlockedSenderAddress -SenderAddress '${upn}'`);
    const gated = await b.app.dispatch('unblock.release', { caseId, confirm: true });
    expect(!gated.ok && gated.error).toMatchObject({ code: 'conflict', message: 'errors.unblockGated' });
    expect((await listRestrictedSenders(b.tenant)).some((r) => r.senderAddress === upn)).toBe(true);

    // The false positive: the analyst signs off the verdict and what the evidence settles, and waives the rest.
    const list = await call('checklist.get', { caseId });
    for (const id of status.blockers) {
      const item = list.items.find((i) => i.id === id)!;
      if (item.suggestion && item.suggestion.state !== 'todo' && item.suggestion.state !== 'in_progress')
        await call('checklist.update', { caseId, item: id, state: item.suggestion.state, acceptSuggestion: true });
      else
        await call('checklist.update', {
          caseId,
          item: id,
          state: 'waived',
          reason: 'Newsletter blast confirmed by the marketing lead; no sign of compromise.',
        });
    }
    status = await call('unblock.status', { caseId });
    expect(status).toMatchObject({ allowed: true, blockers: [] });

    const released = await call('unblock.release', { caseId, confirm: true });
    expect(released.verified).toBe(true);
    expect((await listRestrictedSenders(b.tenant)).some((r) => r.senderAddress === upn)).toBe(false);
    expect((await call('unblock.status', { caseId })).blocked).toBeNull();
    const entry = b.app.cases.caseFile(caseId).listLog(released.seq - 1, 1).entries[0]!;
    expect(entry).toMatchObject({ kind: 'unblock.released', payload: { via: 'exchange', verified: true } });
  }, 60_000);

  it('watches sending resume on the emulator’s clock, logs it once, and alerts when the user is blocked again', async () => {
    const caseId = meganCase;
    const first = await call('unblock.verifySending', { caseId });
    expect(first).toMatchObject({ state: 'waiting', resumedAt: null, blockedAgain: null, unblocksOfUser: 1 });
    let items = (await call('checklist.get', { caseId })).items;
    expect(items.find((i) => i.id === 'unblock.release')!.suggestion).toMatchObject({ state: 'done' });
    expect(items.find((i) => i.id === 'unblock.verifySending')!.suggestion).toMatchObject({ state: 'in_progress' });

    // Forty minutes later the user's next message is delivered (the emulator resumes sending then).
    offset += 41 * 60_000;
    const resumed = await call('unblock.verifySending', { caseId });
    expect(resumed.state).toBe('resumed');
    expect(Date.parse(resumed.resumedAt!)).toBeGreaterThan(Date.parse(resumed.releasedAt));
    await call('unblock.verifySending', { caseId }); // asked again: still one log entry
    const file = b.app.cases.caseFile(caseId);
    expect([...file.entriesOfKinds(['unblock.verified'])]).toHaveLength(1);
    items = (await call('checklist.get', { caseId })).items;
    expect(items.find((i) => i.id === 'unblock.verifySending')!.suggestion).toMatchObject({
      state: 'done',
      key: 'checklist.suggest.resumed',
    });

    // Microsoft blocks her again: an alert, logged once, and the checklist goes back to "to do".
    b.emu.state.scenario.blockedSenders.push({
      SenderAddress: 'megan.bowen@contoso.com',
      Reason: 'OutboundSpamLast24Hours=900;OutboundSpamPercent=88',
      CreatedDatetime: new Date(now()).toISOString(),
      ChangedDatetime: new Date(now()).toISOString(),
      TemporaryBlock: false,
    });
    const again = await call('unblock.verifySending', { caseId });
    expect(again.state).toBe('reblocked');
    expect(again.blockedAgain?.reason).toContain('OutboundSpam');
    await call('unblock.verifySending', { caseId });
    expect([...file.entriesOfKinds(['unblock.reblocked'])]).toHaveLength(1);
    items = (await call('checklist.get', { caseId })).items;
    expect(items.find((i) => i.id === 'unblock.verifySending')!.suggestion).toMatchObject({
      state: 'todo',
      key: 'checklist.suggest.reblocked',
    });

    // Unblocks are counted across cases: a second case for her that was unblocked by hand.
    const second = await openCase(b, 'megan.bowen@contoso.com');
    b.app.cases.append(second, 'unblock.released', { via: 'manual', verified: false, note: 'earlier incident' });
    expect((await call('unblock.verifySending', { caseId })).unblocksOfUser).toBe(2);
  }, 60_000);
});
