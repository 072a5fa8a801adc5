import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/main/emulator/index.ts';
import { LONG, XSS } from '../support/xss-corpus.ts';
import { buildXssScenario, PLACED, VICTIM, XSS_SCENARIO } from '../support/xss-scenario.ts';

describe('the XSS scenario', () => {
  const text = readFileSync(XSS_SCENARIO, 'utf8');

  it('is what tests/support/xss-scenario.ts writes from the corpus', () => {
    expect(
      JSON.parse(text),
      'tests/fixtures/scenarios/xss.json is stale: run `node tests/support/xss-scenario.ts`',
    ).toEqual(buildXssScenario());
  });

  it('loads as a scenario and carries every payload of the corpus', () => {
    const scenario = loadScenarioFile(XSS_SCENARIO, new Date());
    for (const payload of [...Object.values(XSS), LONG]) expect(text).toContain(JSON.stringify(payload).slice(1, -1));
    const victim = scenario.users.find((u) => u.user.userPrincipalName === VICTIM.upn)!;
    expect(victim.user.displayName).toBe(PLACED.displayName);
    expect(victim.mailbox?.messageRules.map((r) => r.displayName)).toEqual(
      expect.arrayContaining([PLACED.forwardRule, PLACED.hidingRule, PLACED.markReadRule]),
    );
    expect(victim.mailbox?.hiddenRules.map((r) => r.Name)).toEqual([PLACED.hiddenRule]);
    expect(scenario.tenant.displayName).toBe(PLACED.tenantName);
    expect(scenario.signIns.some((s) => s.userAgent === PLACED.userAgent)).toBe(true);
    expect(scenario.blockedSenders.map((b) => b.Reason)).toEqual([PLACED.blockReason]);
  });
});
