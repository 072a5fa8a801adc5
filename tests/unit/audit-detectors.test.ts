import { describe, expect, it } from 'vitest';
import { detect } from '../../src/main/investigation/detect.ts';
import { ruleOwnerScope } from '../../src/main/investigation/actors.ts';
import { adminRoles, consentFromAudit, entraRisk } from '../../src/main/investigation/detectors/identity.ts';
import { ruleBurst, ruleCreatedRecently } from '../../src/main/investigation/detectors/inbox-rule-audit.ts';
import {
  auditFailuresThenSuccess,
  auditLoginNewNetwork,
  failuresThenSuccess,
  hostingNetworkSignIn,
  noBaseline,
} from '../../src/main/investigation/detectors/sign-ins.ts';
import { scopeToUser } from '../../src/main/investigation/evidence-set.ts';
import { auditRecord, evidenceSet, rec } from '../support/evidence.ts';

// Detectors that read the unified audit log as well as snapshots, and the scoping that keeps other
// people's and the service's records out of the user's verdict. Times are relative to the block
// (2026-11-20T09:00Z); the period under suspicion starts a week before it.
const BLOCK = Date.parse('2026-11-20T09:00:00.000Z');
const t = (hoursBefore: number, minutes = 0) =>
  new Date(BLOCK - hoursBefore * 3_600_000 + minutes * 60_000).toISOString();
const ATTACKER = '102.89.34.7';
const HOME = '62.107.40.10';

const audit = (
  operation: string,
  when: string,
  options: { upn?: string; ip?: string; params?: Array<[string, string]>; userType?: number; extra?: object } = {},
) => auditRecord(operation, when, { ...options, ip: options.ip ?? ATTACKER });

const hidingRule = (minute: number, name = '.') =>
  audit('New-InboxRule', t(30, minute), {
    params: [
      ['Name', name],
      ['MoveToFolder', 'Conversation History'],
      ['MarkAsRead', 'True'],
      ['StopProcessingRules', 'True'],
      ['SubjectOrBodyContainsWords', 'invoice;payment'],
    ],
  });

describe('inbox rules read from the audit log', () => {
  it('forwarding outside is strong, a hiding rule with a tell is moderate, plain filing is context', () => {
    const set = evidenceSet({
      auditLog: [
        audit('New-InboxRule', t(40), {
          params: [
            ['Name', 'sync'],
            ['ForwardTo', 'drop@mailhub-x.example'],
          ],
        }),
        hidingRule(0, 'a'),
        audit('New-InboxRule', t(20), {
          ip: HOME,
          params: [
            ['Name', 'Newsletters'],
            ['MoveToFolder', 'Newsletters'],
            ['From', 'news@shop.example'],
          ],
        }),
      ],
    });
    const findings = ruleCreatedRecently.detect(set);
    expect(findings.map((f) => [f.weight, f.title])).toEqual([
      ['strong', `New-InboxRule “sync” from ${ATTACKER} forwards mail outside the organisation`],
      ['moderate', `New-InboxRule “a” from ${ATTACKER} hides incoming mail`],
      ['context', `New-InboxRule “Newsletters” from ${HOME}`],
    ]);
    expect(findings[1]!.explanation).toContain('moves to Conversation History');
  });

  it('ignores rules made before the period under suspicion', () => {
    expect(
      ruleCreatedRecently.detect(
        evidenceSet({ auditLog: [hidingRule(0).body].map((b) => rec({ ...b, createdDateTime: t(400) })) }),
      ),
    ).toEqual([]);
  });

  it('reads Outlook’s UpdateInboxRules (OperationProperties) too', () => {
    const outlook = audit('UpdateInboxRules', t(10), {
      extra: {
        OperationProperties: [
          { Name: 'RuleName', Value: '..' },
          {
            Name: 'RuleActions',
            Value: '[{"ActionType":"MoveToFolder","Folder":"RSS Feeds"},{"ActionType":"MarkAsRead"}]',
          },
        ],
      },
    });
    const [finding] = ruleCreatedRecently.detect(evidenceSet({ auditLog: [outlook] }));
    expect(finding).toMatchObject({
      weight: 'moderate',
      title: `UpdateInboxRules “..” from ${ATTACKER} hides incoming mail`,
    });
  });

  it('a scripted burst of hiding rules from one address is strong; rules spread over days are not a burst', () => {
    const burst = Array.from({ length: 10 }, (_, i) => hidingRule(i, String.fromCharCode(97 + i)));
    const [finding, ...rest] = ruleBurst.detect(evidenceSet({ auditLog: burst }));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      weight: 'strong',
      title: `10 inbox rules made within 9 min from ${ATTACKER}`,
      evidenceIds: burst.map((r) => r.id),
    });
    const spread = [0, 1, 2, 3].map((day) => rec({ ...hidingRule(0).body, createdDateTime: t(24 * day + 1) }));
    expect(ruleBurst.detect(evidenceSet({ auditLog: spread }))).toEqual([]);
    expect(ruleBurst.detect(evidenceSet({ auditLog: burst.slice(0, 2) }))).toEqual([]);
  });
});

describe('logins in the audit log', () => {
  const login = (hoursBefore: number, ip: string, failed = false, logonError?: string) =>
    audit(failed ? 'UserLoginFailed' : 'UserLoggedIn', t(hoursBefore), {
      ip,
      extra: logonError ? { LogonError: logonError } : {},
    });
  const history = () => Array.from({ length: 10 }, (_, i) => login(400 - i * 20, HOME));

  it('failures then a success from the same new address', () => {
    const set = evidenceSet({
      auditLog: [...history(), login(30.1, ATTACKER, true), login(30.05, ATTACKER, true), login(30, ATTACKER)],
    });
    const [finding] = auditFailuresThenSuccess.detect(set);
    expect(finding).toMatchObject({
      weight: 'moderate',
      title: `2 failed logins from ${ATTACKER}, then a successful one`,
    });
  });

  it('not for one typo, not for interrupts, not from the user’s usual network below five failures', () => {
    expect(
      auditFailuresThenSuccess.detect(
        evidenceSet({ auditLog: [...history(), login(30.1, ATTACKER, true), login(30, ATTACKER)] }),
      ),
    ).toEqual([]);
    const interrupts = [1, 2, 3].map((i) =>
      login(30 + i / 100, ATTACKER, true, 'UserStrongAuthClientAuthNRequiredInterrupt'),
    );
    expect(
      auditFailuresThenSuccess.detect(evidenceSet({ auditLog: [...history(), ...interrupts, login(30, ATTACKER)] })),
    ).toEqual([]);
    const typos = [1, 2, 3].map((i) => login(30 + i / 100, HOME, true));
    expect(
      auditFailuresThenSuccess.detect(evidenceSet({ auditLog: [...history(), ...typos, login(30, HOME)] })),
    ).toEqual([]);
  });

  it('audit-login-new-network: only against a known history, not from the usual network', () => {
    expect(auditLoginNewNetwork.detect(evidenceSet({ auditLog: [login(30, ATTACKER)] }))).toEqual([]);
    expect(auditLoginNewNetwork.detect(evidenceSet({ auditLog: [...history(), login(30, '62.107.40.99')] }))).toEqual(
      [],
    );
    expect(auditLoginNewNetwork.detect(evidenceSet({ auditLog: [...history(), login(30, ATTACKER)] }))).toHaveLength(1);
  });
});

describe('sign-in interrupts and baselines', () => {
  const signIn = (hoursBefore: number, errorCode: number, ip = ATTACKER) =>
    rec({
      createdDateTime: t(hoursBefore),
      ipAddress: ip,
      clientAppUsed: 'Browser',
      status: { errorCode },
      location: { countryOrRegion: 'NG' },
    });

  it('50058 and 16000 are interrupts, not failures: no failure burst from them', () => {
    const interrupts = [50058, 16000, 50058, 50140, 50074, 16000].map((code, i) => signIn(30 + i / 100, code));
    expect(failuresThenSuccess.detect(evidenceSet({ signIns: [...interrupts, signIn(29.9, 0)] }))).toEqual([]);
    const failures = [1, 2, 3, 4, 5].map((i) => signIn(30 + i / 100, 50126));
    expect(failuresThenSuccess.detect(evidenceSet({ signIns: [...failures, signIn(29.9, 0)] }))).toHaveLength(1);
  });

  it('says "no baseline" when every sign-in is in the period under suspicion, and not when there is history', () => {
    const recent = Array.from({ length: 56 }, (_, i) => signIn(100 - i, 0));
    const [finding] = noBaseline.detect(evidenceSet({ signIns: recent }));
    expect(finding).toMatchObject({
      weight: 'context',
      title: 'No baseline: cannot tell new from usual (56 successful sign-ins, all in the period under suspicion)',
    });
    expect(finding!.explanation).toContain(`All 56 came from one address, ${ATTACKER}`);
    const history = Array.from({ length: 5 }, (_, i) => signIn(400 + i, 0, HOME));
    expect(noBaseline.detect(evidenceSet({ signIns: [...history, ...recent] }))).toEqual([]);
    expect(noBaseline.detect(evidenceSet({ signIns: [] }))).toEqual([]);
  });

  it('names the period by its dates when the case records no block', () => {
    const set = evidenceSet(
      { signIns: [signIn(30, 0)] },
      { blockedAt: null, window: { start: '2026-11-01T00:00:00.000Z', end: '2026-11-20T09:00:00.000Z' } },
    );
    expect(noBaseline.detect(set)[0]!.explanation).toContain('before the 7 days before 2026-11-20');
    expect(noBaseline.detect(set)[0]!.explanation).not.toContain('block');
  });
});

describe('actors and scope', () => {
  it('keeps other people and the service out of the user’s records', () => {
    const mine = audit('MailItemsAccessed', t(5));
    const other = audit('MailItemsAccessed', t(5), { upn: 'bob@contoso.com' });
    const system = audit('Set-AdminAuditLogConfig', t(200), {
      upn: 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)',
      userType: 3,
    });
    const adminOnUser = audit('Set-Mailbox', t(5), {
      upn: 'admin@contoso.com',
      userType: 2,
      params: [
        ['Identity', 'anna'],
        ['ForwardingSmtpAddress', 'smtp:x@evil.example'],
      ],
    });
    const scoped = scopeToUser(evidenceSet({ auditLog: [mine, other, system, adminOnUser] }));
    expect(scoped.records.auditLog.map((r) => r.id)).toEqual([mine.id, adminOnUser.id]);
    expect(scoped.others?.people.auditLog?.map((r) => r.id)).toEqual([other.id]);
    expect(scoped.others?.system.auditLog?.map((r) => r.id)).toEqual([system.id]);
  });

  it('SYSTEM configuring auditing at tenant setup is not a finding; the user turning it off is', () => {
    const setup = audit('Set-AdminAuditLogConfig', t(300), {
      upn: 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)',
      userType: 4,
    });
    expect(detect(evidenceSet({ auditLog: [setup] })).findings).toEqual([]);
    const byUser = audit('Set-MailboxAuditBypassAssociation', t(20), { ip: HOME });
    const { findings } = detect(evidenceSet({ auditLog: [setup, byUser] }));
    expect(findings.map((f) => [f.detector, f.weight])).toEqual([['audit-tampering', 'strong']]);
  });

  it('an administrator’s audit change long before the attack, from an unrelated address, is context', () => {
    const admin = audit('Set-Mailbox', t(500), {
      upn: 'it@contoso.com',
      ip: HOME,
      userType: 2,
      params: [
        ['Identity', 'anna@contoso.com'],
        ['AuditEnabled', 'False'],
      ],
    });
    const { findings, verdict } = detect(evidenceSet({ auditLog: [admin] }));
    expect(findings.map((f) => [f.detector, f.weight])).toEqual([['audit-tampering', 'context']]);
    expect(verdict.verdict).toBe('not_compromised');
  });

  it('names other accounts seen from the attacker’s address, and mail use from it', () => {
    const burst = Array.from({ length: 5 }, (_, i) => hidingRule(i, String(i)));
    const read = audit('MailItemsAccessed', t(29));
    const bob = audit('UserLoggedIn', t(28), { upn: 'bob@contoso.com' });
    const carol = audit('UserLoggedIn', t(28), { upn: 'carol@contoso.com', ip: HOME });
    const { findings, verdict } = detect(evidenceSet({ auditLog: [...burst, read, bob, carol] }));
    expect(verdict.verdict).toBe('compromised');
    expect(findings.filter((f) => f.detector === 'attacker-address-other-accounts').map((f) => f.title)).toEqual([
      `Also used by bob@contoso.com from ${ATTACKER}`,
    ]);
    expect(findings.find((f) => f.detector === 'mail-use-suspect-address')).toMatchObject({
      title: `Mailbox used from ${ATTACKER}: MailItemsAccessed ×1`,
      evidenceIds: [read.id],
    });
  });

  it('mail use counts with the finding it followed, not as a second indicator', () => {
    const history = Array.from({ length: 10 }, (_, i) => audit('UserLoggedIn', t(400 - i * 20), { ip: HOME }));
    const fresh = audit('UserLoggedIn', t(30));
    const read = audit('MailItemsAccessed', t(29));
    const { verdict, findings } = detect(evidenceSet({ auditLog: [...history, fresh, read] }));
    expect(findings.map((f) => f.detector).sort()).toEqual(['audit-login-new-network', 'mail-use-suspect-address']);
    expect(verdict.verdict).toBe('inconclusive');
  });

  it('no follow-up findings without a suspect address', () => {
    const { findings } = detect(
      evidenceSet({
        auditLog: [audit('MailItemsAccessed', t(5)), audit('UserLoggedIn', t(5), { upn: 'bob@contoso.com' })],
      }),
    );
    // Only the honest note that one login is no baseline; nothing follows an address nobody suspects.
    expect(findings.map((f) => f.detector)).toEqual(['signin-no-baseline']);
  });
});

describe('admin-role-held', () => {
  it('is context for a held role, and silent without one', () => {
    const role = rec({ roleDefinition: { displayName: 'Exchange Administrator' }, roleDefinitionId: 'r1' });
    expect(adminRoles.detect(evidenceSet({ roleAssignments: [role] }))).toMatchObject([
      { weight: 'context', title: 'The account holds an admin role: Exchange Administrator' },
    ]);
    expect(adminRoles.detect(evidenceSet({ roleAssignments: [] }))).toEqual([]);
  });
});

describe('consent in the audit logs', () => {
  // Shaped as Graph's directoryAudit for "Add delegated permission grant" (OTRF's SimuLand recording,
  // ../shared/datasets/otrf-golden-saml, has the same modified properties).
  const grant = (hoursBefore: number, scope: string) =>
    rec({
      activityDateTime: t(hoursBefore),
      activityDisplayName: 'Add delegated permission grant',
      initiatedBy: { user: { userPrincipalName: 'anna@contoso.com', ipAddress: ATTACKER } },
      targetResources: [
        {
          displayName: 'Microsoft Graph',
          type: 'ServicePrincipal',
          modifiedProperties: [
            { displayName: 'DelegatedPermissionGrant.Scope', oldValue: '"User.Read"', newValue: `"${scope}"` },
            {
              displayName: 'ServicePrincipal.ObjectID',
              oldValue: null,
              newValue: '"0d2f5969-011b-460d-ac74-3291d227d49f"',
            },
          ],
        },
      ],
    });

  it('mail scopes are moderate, others context, and grants before the period are not named', () => {
    const found = consentFromAudit.detect(
      evidenceSet({
        directoryAudits: [grant(20, 'User.Read Mail.ReadWrite'), grant(10, 'User.Read'), grant(400, 'Mail.Read')],
      }),
    );
    expect(found.map((f) => [f.weight, f.title])).toEqual([
      ['moderate', `Consent given to “0d2f5969-011b-460d-ac74-3291d227d49f” with mail permissions from ${ATTACKER}`],
      ['context', `Consent given to “0d2f5969-011b-460d-ac74-3291d227d49f” from ${ATTACKER}`],
    ]);
  });
});

describe('sign-ins from hosting networks (offline ASN data)', () => {
  const ok = (hoursBefore: number, ip: string, asn?: number) =>
    rec({
      createdDateTime: t(hoursBefore),
      ipAddress: ip,
      clientAppUsed: 'Browser',
      status: { errorCode: 0 },
      location: { countryOrRegion: 'DE' },
      ...(asn === undefined ? {} : { autonomousSystemNumber: asn }),
    });
  const history = () => Array.from({ length: 6 }, (_, i) => ok(400 + i, HOME));
  const DIGITALOCEAN = '159.89.214.31'; // AS14061 DigitalOcean, LLC in the installed data

  it('a cloud server the user never used is moderate and names the network', () => {
    const [finding, ...rest] = hostingNetworkSignIn.detect(
      evidenceSet({ signIns: [...history(), ok(20, DIGITALOCEAN)] }),
    );
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      weight: 'moderate',
      title: 'Successful sign-ins from a cloud network: AS14061 DigitalOcean, LLC (DE)',
    });
  });

  it('not for the user’s own VPN seen before, Microsoft’s network, an ISP, or before the period', () => {
    const quiet = (signIns: ReturnType<typeof ok>[]) => hostingNetworkSignIn.detect(evidenceSet({ signIns }));
    expect(quiet([...history(), ok(300, '159.89.214.40'), ok(20, DIGITALOCEAN)])).toEqual([]);
    expect(quiet([...history(), ok(20, '52.97.133.5')])).toEqual([]);
    expect(quiet([...history(), ok(20, '87.49.210.7')])).toEqual([]);
    expect(quiet([...history(), ok(400, DIGITALOCEAN)])).toEqual([]);
  });

  it('an anonymising CDN (WARP, Private Relay) is context; the log’s own ASN wins over the data', () => {
    expect(hostingNetworkSignIn.detect(evidenceSet({ signIns: [ok(20, '104.28.0.10')] }))).toMatchObject([
      { weight: 'context', title: 'Successful sign-ins from a cdn network: AS13335 Cloudflare, Inc. (US)' },
    ]);
    // An Entra sign-in that says AS29465 (a mobile ISP) is not turned into a hosting sign-in by the data.
    expect(hostingNetworkSignIn.detect(evidenceSet({ signIns: [ok(20, DIGITALOCEAN, 29465)] }))).toEqual([]);
  });
});

describe('inbox-rule exports’ owners', () => {
  const who = { upn: 'jonas.berg@nordhavn.dk', userId: '3c4d5e6f', displayName: 'Jonas Berg' };

  it.each([
    ['jonas.berg@nordhavn.dk', 'user'],
    ['JONAS.BERG@nordhavn.dk', 'user'],
    ['jonas.berg', 'user'], // Exchange's mailbox name: the alias
    ['JonasBerg', 'user'], // Extractor-Suite's older layout: the display name without its space
    ['Jonas Berg', 'user'],
    ['3c4d5e6f', 'user'],
    ['', 'user'], // a single-mailbox export names nobody
    ['sara.lund@nordhavn.dk', 'other'],
    ['Sara Lund', 'other'], // another owner, when some row names the user
  ] as const)('%s is %s', (owner, scope) => {
    expect(ruleOwnerScope(owner, who, true)).toBe(scope);
  });

  it('an owner nobody recognises is kept unless the export names the user somewhere; an address never is', () => {
    expect(ruleOwnerScope('Sara Lund', who, false)).toBe('user');
    expect(ruleOwnerScope('sara.lund@nordhavn.dk', who, false)).toBe('other');
  });
});

describe('a sign-in’s own risk', () => {
  const risky = (level: string | number, state: string, errorCode = 0) =>
    rec({
      id: `risk-${level}-${state}-${errorCode}`,
      createdDateTime: t(20),
      userPrincipalName: 'anna@contoso.com',
      ipAddress: ATTACKER,
      status: { errorCode },
      riskLevelDuringSignIn: level,
      riskState: state,
    });

  it('reads Defender XDR’s numeric levels (100 high, 50 medium) as Graph’s names', () => {
    const findings = entraRisk.detect(evidenceSet({ signIns: [risky('100', 'atRisk'), risky(50, 'atRisk')] }));
    expect(findings.map((f) => [f.weight, f.title])).toEqual([
      ['moderate', `1 sign-in(s) Microsoft Entra ID Protection rated high risk (${ATTACKER})`],
      ['context', `1 sign-in(s) Microsoft Entra ID Protection rated medium risk (${ATTACKER})`],
    ]);
  });

  it('a failed high-risk sign-in (blocked by policy) is not evidence the attacker got in', () => {
    expect(entraRisk.detect(evidenceSet({ signIns: [risky('high', 'atRisk', 50126)] }))).toEqual([]);
  });
});
