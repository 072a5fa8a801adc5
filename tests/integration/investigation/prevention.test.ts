import { describe, expect, it } from 'vitest';
import type { Checklist } from '../../../src/shared/domain/checklist.ts';
import type { Scenario } from '../../../src/main/emulator/index.ts';
import { investigate } from '../../../src/main/investigation/investigate.ts';
import { ADELE, FABRIKAM, scenario } from '../../support/emulator.ts';
import { bench } from '../../support/investigation.ts';

/** Investigates one user on a scenario and returns the prevention items' suggestions (state and key). */
async function prevention(
  s: Scenario,
  upn: string,
): Promise<Record<string, { state: string; key: string; params: object }>> {
  const b = await bench(s);
  try {
    // Created directly: the restricted list needs Exchange, which one test takes away.
    const caseId = b.app.cases.create({ upn, tenant: 'contoso.com', blockedAt: null }).id;
    await investigate({ file: b.app.cases.caseFile(caseId), tenant: b.tenant, actor: 'analyst@test' });
    const r = await b.app.dispatch('checklist.get', { caseId });
    if (!r.ok) throw new Error(r.error.message);
    const items = (r.value as Checklist).items.filter((i) => i.step === 'prevent');
    return Object.fromEntries(
      items.map((i) => [
        i.id.replace('prevent.', ''),
        {
          state: i.suggestion?.state ?? 'none',
          key: (i.suggestion?.key ?? '').replace('checklist.suggest.prevent.', ''),
          params: i.suggestion?.params ?? {},
        },
      ]),
    );
  } finally {
    await b.cleanup();
  }
}

describe('prevention checks (playbook step 3)', () => {
  it('contoso: names every weakness the attack used, each with its fix', async () => {
    const p = await prevention(scenario(), ADELE.upn);
    expect(p.mfa).toMatchObject({ state: 'in_progress', key: 'mfaAfterRemoval' }); // the attacker's phone first
    expect(p.legacyAuth).toMatchObject({
      state: 'todo',
      key: 'legacyReportOnly',
      params: { policy: 'Block legacy authentication (report-only)', smtp: 1 },
    });
    expect(p.autoForwarding).toMatchObject({ state: 'todo', key: 'autoForwardOn', params: { policies: 'Default' } });
    expect(p.auditing).toMatchObject({ state: 'done', key: 'auditOn' });
    expect(p.alertPolicies).toMatchObject({ state: 'done', key: 'alertsOn' });
    expect(p.userConsent).toMatchObject({ state: 'todo', key: 'consentOpen' });
    // Megan has no attacker method: registered, but the only MFA policy covers administrators.
    const megan = await prevention(scenario(), 'megan.bowen@contoso.com');
    expect(megan.mfa).toMatchObject({ state: 'todo', key: 'mfaNotEnforced' });
  }, 60_000);

  it('fabrikam (security defaults on): every check passes', async () => {
    const s = scenario(FABRIKAM);
    const p = await prevention(s, s.blockedSenders[0]!.SenderAddress);
    for (const item of ['mfa', 'legacyAuth', 'autoForwarding', 'auditing', 'alertPolicies', 'userConsent'])
      expect(p[item]!.state, item).toBe('done');
    expect(p.mfa!.key).toBe('mfaEnforced');
  }, 60_000);

  it('Conditional Access that covers the user counts; one for groups is a "check"; alerts and auditing off are named', async () => {
    const s = scenario();
    s.policies.conditionalAccess = [
      {
        id: 'a1',
        displayName: 'MFA for everyone',
        state: 'enabled',
        conditions: {
          users: { includeUsers: ['All'], excludeUsers: [] },
          applications: { includeApplications: ['All'] },
        },
        grantControls: { builtInControls: ['mfa'] },
      },
      {
        id: 'a2',
        displayName: 'Block legacy auth',
        state: 'enabled',
        conditions: {
          users: { includeUsers: ['All'] },
          applications: { includeApplications: ['Office365'] },
          clientAppTypes: ['exchangeActiveSync', 'other'],
        },
        grantControls: { builtInControls: ['block'] },
      },
    ];
    s.policies.protectionAlerts = [{ Name: 'User restricted from sending email', Disabled: true }];
    s.policies.organizationConfig = { AuditDisabled: true };
    const p = await prevention(s, 'megan.bowen@contoso.com');
    expect(p.mfa).toMatchObject({ state: 'done', key: 'mfaEnforced', params: { by: 'MFA for everyone' } });
    expect(p.legacyAuth).toMatchObject({
      state: 'done',
      key: 'legacyBlocked',
      params: { policy: 'Block legacy auth' },
    });
    expect(p.alertPolicies).toMatchObject({ state: 'todo', key: 'alertsOff' });
    expect(p.auditing).toMatchObject({ state: 'todo', key: 'auditOrgOff' });

    s.policies.conditionalAccess = [
      {
        id: 'g1',
        displayName: 'MFA for sales',
        state: 'enabled',
        conditions: { users: { includeGroups: ['5a1b'] }, applications: { includeApplications: ['All'] } },
        grantControls: { builtInControls: ['mfa'] },
      },
    ];
    expect((await prevention(s, 'megan.bowen@contoso.com')).mfa).toMatchObject({
      state: 'in_progress',
      key: 'mfaMaybe',
    });
  }, 60_000);

  it('says "could not check", why, and what to grant, when the permission is missing', async () => {
    const s = scenario();
    s.apps[0]!.applicationPermissions = s.apps[0]!.applicationPermissions.filter((x) => x !== 'Policy.Read.All');
    s.apps[0]!.exchangePermissions = [];
    const p = await prevention(s, 'megan.bowen@contoso.com');
    for (const item of ['legacyAuth', 'userConsent', 'autoForwarding', 'alertPolicies', 'auditing'])
      expect(p[item], item).toMatchObject({ state: 'todo', key: 'couldNotCheck' });
    expect(p.userConsent!.params).toMatchObject({ fix: expect.stringContaining('Policy.Read.All') });
    expect(p.autoForwarding!.params).toMatchObject({ fix: expect.stringContaining('Exchange.ManageAsApp') });
    expect(p.mfa).toMatchObject({ state: 'in_progress', key: 'mfaEnforcementUnknown' });
  }, 60_000);
});
