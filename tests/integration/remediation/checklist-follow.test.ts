import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName } from '../../../src/shared/api/contract.ts';
import { isSuggested } from '../../../src/shared/domain/remediation.ts';
import { loadScenarioFile } from '../../../src/main/emulator/index.ts';
import { bench, dispatchOk, investigatedCase, type Bench } from '../../support/investigation.ts';
import { VICTIM, XSS_SCENARIO } from '../../support/xss-scenario.ts';

// The XSS scenario's victim has both kinds of malicious rule: visible ones (Graph) and a hidden one (Exchange).
let b: Bench;
let caseId: string;
const call = <M extends MethodName>(method: M, input: MethodInput<M>) => dispatchOk(b.app, method, input);
const rulesItem = async () =>
  (await call('checklist.get', { caseId })).items.find((i) => i.id === 'respond.inboxRules')!;

beforeAll(async () => {
  b = await bench(loadScenarioFile(XSS_SCENARIO, new Date()));
  caseId = await investigatedCase(b, VICTIM.upn);
}, 60_000);
afterAll(async () => {
  await b?.cleanup();
});

describe('the checklist follows containment', () => {
  it('keeps an item in progress while another action for it is still called for, and suggests that one', async () => {
    const visible = await call('remediation.plan', { caseId, kind: 'disableInboxRules' });
    await call('remediation.execute', { caseId, planId: visible.planId, confirm: true });
    let item = await rulesItem();
    expect(item.suggestion).toMatchObject({
      state: 'in_progress',
      key: 'checklist.suggest.respond.actionPending',
      params: { pending: 'disableHiddenRules' },
    });
    expect(isSuggested(item, 'disableHiddenRules')).toBe(true);
    expect(isSuggested(item, 'disableInboxRules')).toBe(false);

    const hidden = await call('remediation.plan', { caseId, kind: 'disableHiddenRules' });
    await call('remediation.execute', { caseId, planId: hidden.planId, confirm: true });
    item = await rulesItem();
    expect(item.suggestion).toMatchObject({ state: 'done', key: 'checklist.suggest.respond.actionDone' });
    expect(isSuggested(item, 'disableHiddenRules')).toBe(false);
  });
});
