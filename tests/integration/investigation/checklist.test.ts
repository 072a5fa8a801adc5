import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../../src/shared/api/contract.ts';
import type { Checklist, ChecklistItemId } from '../../../src/shared/domain/checklist.ts';
import { investigate } from '../../../src/main/investigation/investigate.ts';
import { verifyCase } from '../../../src/main/store/case-file/verify.ts';
import { scenario } from '../../support/emulator.ts';
import { bench, openCase, type Bench, dispatchOk } from '../../support/investigation.ts';

let b: Bench;
let adele: string;
let megan: string;

const call = <M extends MethodName>(method: M, input: MethodInput<M>) => dispatchOk(b.app, method, input);

const item = (list: Checklist, id: ChecklistItemId) => list.items.find((i) => i.id === id)!;

beforeAll(async () => {
  b = await bench(scenario());
  adele = await openCase(b, 'adele.vance@contoso.com');
  megan = await openCase(b, 'megan.bowen@contoso.com');
  for (const caseId of [adele, megan])
    await investigate({ file: b.app.cases.caseFile(caseId), tenant: b.tenant, actor: 'analyst@test' });
}, 120_000);

afterAll(async () => {
  await b?.cleanup();
});

describe('the playbook checklist', () => {
  it('is pre-filled from the evidence and findings, but nothing is signed off by itself', async () => {
    const list = await call('checklist.get', { caseId: adele });
    expect(list.items.every((i) => i.state === 'todo')).toBe(true);
    expect(list.currentStep).toBe('determine');
    expect(list.unblockBlockers).toContain('respond.resetPassword');

    const rules = item(list, 'determine.inboxRules').suggestion!;
    expect(rules.state).toBe('done');
    expect(rules.key).toBe('checklist.suggest.inboxRules.found');
    expect(rules.findings).toContain('inbox-rule-external-forward');
    expect(rules.evidenceIds.length).toBeGreaterThan(0);
    const removal = item(list, 'respond.inboxRules').suggestion!;
    expect(removal.state).toBe('todo');
    expect(removal.findings).toContain('inbox-rule-external-forward');
    expect(item(list, 'determine.verdict').suggestion?.key).toBe('checklist.suggest.verdict.compromised');
    expect(item(list, 'respond.confirmCompromised').suggestion?.state).toBe('todo');
    // Every linked evidence row exists in the case (read 50 at a time, the API's limit).
    const ids = [...new Set(list.items.flatMap((i) => i.suggestion?.evidenceIds ?? []))];
    for (let i = 0; i < ids.length; i += 50) {
      const rows = await call('evidence.get', { caseId: adele, ids: ids.slice(i, i + 50) });
      expect(rows.length).toBe(ids.slice(i, i + 50).length);
    }
  });

  it('records sign-offs, waivers and notes in the hash-chained log, with who, when and the evidence', async () => {
    let list = await call('checklist.update', {
      caseId: adele,
      item: 'determine.inboxRules',
      state: 'done',
      acceptSuggestion: true,
    });
    const signed = item(list, 'determine.inboxRules');
    expect(signed).toMatchObject({ state: 'done', by: 'analyst@test', suggestionChanged: false });
    expect(signed.evidenceIds).toEqual(signed.suggestion!.evidenceIds);
    expect(signed.history).toHaveLength(1);
    expect(signed.history[0]).toMatchObject({ from: 'todo', to: 'done', accepted: true });

    // A waiver needs a reason; the schema says which field and why.
    const refused = await b.app.dispatch('checklist.update', {
      caseId: adele,
      item: 'respond.roles',
      state: 'waived',
      reason: 'short',
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.issues?.[0]).toMatchObject({ message: 'validation.checklist.waiverReason' });

    list = await call('checklist.update', {
      caseId: adele,
      item: 'respond.roles',
      state: 'waived',
      reason: 'The user holds no admin role in this tenant.',
    });
    expect(item(list, 'respond.roles')).toMatchObject({ state: 'waived', reason: expect.stringContaining('no admin') });
    expect(list.unblockBlockers).not.toContain('respond.roles');

    list = await call('checklist.addNote', { caseId: adele, item: 'respond.roles', text: 'Checked with the IT lead.' });
    expect(item(list, 'respond.roles').notes).toMatchObject([
      { text: 'Checked with the IT lead.', by: 'analyst@test' },
    ]);

    const kinds = b.app.cases
      .caseFile(adele)
      .listLog(0, 100)
      .entries.map((e) => e.kind);
    expect(kinds.filter((k) => k.startsWith('checklist.'))).toEqual([
      'checklist.changed',
      'checklist.changed',
      'checklist.noted',
    ]);
    expect(verifyCase(b.app.cases.caseFile(adele)).intact).toBe(true);
  });

  it('refuses to overwrite a change made meanwhile, and a suggestion that no longer says what was seen', async () => {
    await call('checklist.update', { caseId: adele, item: 'determine.signIns', state: 'in_progress' });
    const stale = await b.app.dispatch('checklist.update', {
      caseId: adele,
      item: 'determine.signIns',
      state: 'done',
      expected: 'todo',
    });
    expect(stale.ok).toBe(false);
    if (!stale.ok) expect(stale.error).toMatchObject({ code: 'conflict', params: { state: 'in_progress' } });

    const mismatch = await b.app.dispatch('checklist.update', {
      caseId: adele,
      item: 'respond.inboxRules',
      state: 'not_applicable',
      acceptSuggestion: true,
    });
    expect(mismatch.ok).toBe(false);
  });

  it("follows the analyst's verdict where it overrides the engine's", async () => {
    let list = await call('checklist.get', { caseId: megan });
    expect(item(list, 'determine.verdict').suggestion?.key).toBe('checklist.suggest.verdict.not_compromised');
    expect(item(list, 'respond.resetPassword').suggestion?.state).toBe('not_applicable');
    expect(item(list, 'determine.forwarding').suggestion).toMatchObject({
      state: 'done',
      key: 'checklist.suggest.forwarding.clean',
    });

    await call('investigation.overrideVerdict', {
      caseId: megan,
      verdict: 'compromised',
      justification: 'The user reports a sign-in prompt she did not start.',
    });
    list = await call('checklist.get', { caseId: megan });
    expect(item(list, 'determine.verdict').suggestion).toMatchObject({
      key: 'checklist.suggest.verdict.override',
      params: { verdict: 'compromised' },
    });
    expect(item(list, 'respond.resetPassword').suggestion?.state).toBe('todo');
  });

  it('tells the analyst when a signed-off suggestion changed with new evidence', async () => {
    await call('checklist.update', {
      caseId: megan,
      item: 'determine.verdict',
      state: 'done',
      acceptSuggestion: true,
    });
    await call('investigation.overrideVerdict', {
      caseId: megan,
      verdict: 'not_compromised',
      justification: 'The prompt was the user’s own phone re-registering.',
    });
    const list = await call('checklist.get', { caseId: megan });
    expect(item(list, 'determine.verdict').suggestionChanged).toBe(true);
  });
});
