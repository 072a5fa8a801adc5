import { describe, expect, it } from 'vitest';
import type { SuspectAddresses } from '../../src/main/investigation/detectors/detector.ts';
import { mailUseFromSuspectAddress } from '../../src/main/investigation/detectors/attacker-addresses.ts';
import { entraRisk, mfaMethodAdded, riskyConsent } from '../../src/main/investigation/detectors/identity.ts';
import { hiddenRule } from '../../src/main/investigation/detectors/inbox-rules.ts';
import {
  auditTampering,
  delegates,
  externalMailboxForwarding,
} from '../../src/main/investigation/detectors/mailbox.ts';
import {
  auditLoginNewNetwork,
  impossibleTravel,
  legacyProtocolSuccess,
} from '../../src/main/investigation/detectors/sign-ins.ts';
import { auditRecord, evidenceSet, rec } from '../support/evidence.ts';

// Near misses: for each detector that had no negative test, the smallest change to a record it flags that
// must make it stay quiet. Each case first shows the positive twin firing, so the negative cannot pass for
// want of a working fixture. Times are relative to the block (2026-11-20T09:00Z, evidence.ts's default);
// the period under suspicion is the week before it.
const BLOCK = Date.parse('2026-11-20T09:00:00.000Z');
const t = (hoursBefore: number) => new Date(BLOCK - hoursBefore * 3_600_000).toISOString();
const ATTACKER = '102.89.34.7';
const HOME = '62.107.40.10';
const NO_SUSPECTS: SuspectAddresses = new Map();
const SUSPECTS: SuspectAddresses = new Map([
  [ATTACKER, { title: 'Successful sign-in from a new country', detector: 'signin-new-origin' }],
]);

const audit = (
  operation: string,
  when: string,
  params: Array<[string, string]> = [],
  options: { upn?: string; ip?: string } = {},
) => auditRecord(operation, when, { ...options, params, ip: options.ip ?? ATTACKER });

describe('inbox-rule-hidden', () => {
  const exchangeRule = (name: string, fields: Record<string, unknown>) =>
    rec({ Identity: `anna\\${name}-id`, Name: name, Enabled: true, ...fields });

  it('fires on a rule only Exchange shows that deletes mail', () => {
    expect(hiddenRule.detect(evidenceSet({ mailboxRules: [exchangeRule('x', { DeleteMessage: true })] }))).toHaveLength(
      1,
    );
  });

  it('not when Graph shows the same rule, for Exchange’s own rules, or for a hidden rule that only files mail', () => {
    const shownByGraph = evidenceSet({
      inboxRules: [rec({ id: 'x-id', displayName: 'x', isEnabled: true, actions: { delete: true } })],
      mailboxRules: [exchangeRule('x', { DeleteMessage: true })],
    });
    expect(hiddenRule.detect(shownByGraph)).toEqual([]);
    const junk = exchangeRule('Junk E-mail Rule', { MoveToFolder: 'Junk Email' });
    expect(hiddenRule.detect(evidenceSet({ mailboxRules: [junk] }))).toEqual([]);
    const filing = exchangeRule('Projects', { MoveToFolder: 'Projects\\Harbour' });
    expect(hiddenRule.detect(evidenceSet({ mailboxRules: [filing] }))).toEqual([]);
  });
});

describe('mailbox-delegate', () => {
  const permission = (fields: Record<string, unknown>) =>
    rec({ User: 'mallory@evil.example', AccessRights: ['FullAccess'], IsInherited: false, Deny: false, ...fields });

  it('fires on someone else’s FullAccess', () => {
    expect(delegates.detect(evidenceSet({ mailboxPermissions: [permission({})] }))).toHaveLength(1);
  });

  it('not for the owner (SELF), an inherited or a denied permission, SELF’s SendAs, or a grant before the period', () => {
    const quiet = evidenceSet({
      mailboxPermissions: [
        permission({ User: 'NT AUTHORITY\\SELF' }),
        permission({ IsInherited: true }),
        permission({ Deny: true }),
      ],
      recipientPermissions: [rec({ Trustee: 'NT AUTHORITY\\SELF', AccessRights: ['SendAs'] })],
      auditLog: [
        audit('Add-MailboxPermission', t(400), [
          ['User', 'mallory@evil.example'],
          ['AccessRights', 'FullAccess'],
        ]),
      ],
    });
    expect(delegates.detect(quiet)).toEqual([]);
  });
});

describe('mfa-method-added', () => {
  const method = (type: string, hoursBefore: number) =>
    rec({ '@odata.type': type, id: 'm', phoneNumber: '+234 800 000 0000', createdDateTime: t(hoursBefore) });
  const PHONE = '#microsoft.graph.phoneAuthenticationMethod';

  it('fires on a phone registered in the period', () => {
    expect(mfaMethodAdded.detect(evidenceSet({ authMethods: [method(PHONE, 19)] }))).toHaveLength(1);
  });

  it('not for a method registered before the period, the password method, or other directory changes', () => {
    const quiet = evidenceSet({
      authMethods: [method(PHONE, 400), method('#microsoft.graph.passwordAuthenticationMethod', 19)],
      directoryAudits: [
        rec({ activityDisplayName: 'Update user', activityDateTime: t(19) }),
        rec({ activityDisplayName: 'User registered security info', activityDateTime: t(400) }),
      ],
    });
    expect(mfaMethodAdded.detect(quiet)).toEqual([]);
  });
});

describe('oauth-mail-consent', () => {
  const app = rec({ id: 'sp1', appId: 'a1', displayName: 'Mail Helper', verifiedPublisher: null });
  const grant = (scope: string) => rec({ id: 'g1', clientId: 'sp1', consentType: 'Principal', scope });

  it('fires on consent to read mail', () => {
    expect(riskyConsent.detect(evidenceSet({ oauthGrants: [app, grant(' Mail.Read offline_access')] }))).toHaveLength(
      1,
    );
  });

  it('not for sign-in, calendar or mailbox-settings read scopes', () => {
    const quiet = evidenceSet({
      oauthGrants: [app, grant(' openid profile email User.Read Calendars.Read MailboxSettings.Read')],
    });
    expect(riskyConsent.detect(quiet)).toEqual([]);
  });
});

describe('entra-risk', () => {
  const risky = (riskLevel: string, riskState: string) =>
    rec({ id: 'u1', riskLevel, riskState, riskLastUpdatedDateTime: t(10) });

  it('fires on a user at high risk', () => {
    expect(entraRisk.detect(evidenceSet({ riskyUser: [risky('high', 'atRisk')] }))).toHaveLength(1);
  });

  it('not once the risk is dismissed or remediated, nor at low risk', () => {
    for (const [level, state] of [
      ['high', 'dismissed'],
      ['high', 'remediated'],
      ['low', 'atRisk'],
      ['none', 'none'],
    ] as const)
      expect(entraRisk.detect(evidenceSet({ riskyUser: [risky(level, state)] })), `${level} ${state}`).toEqual([]);
  });
});

describe('signin-impossible-travel', () => {
  const signIn = (hoursBefore: number, lat: number, lon: number, errorCode = 0) =>
    rec({
      createdDateTime: t(hoursBefore),
      ipAddress: HOME,
      clientAppUsed: 'Browser',
      status: { errorCode },
      location: { countryOrRegion: lat > 30 ? 'DK' : 'NG', geoCoordinates: { latitude: lat, longitude: lon } },
    });
  const copenhagen = () => signIn(10, 55.67, 12.56);

  it('fires on Copenhagen then Lagos half an hour later', () => {
    expect(impossibleTravel.detect(evidenceSet({ signIns: [copenhagen(), signIn(9.5, 6.52, 3.37)] }))).toHaveLength(1);
  });

  it('not when the journey took a day, when the far sign-in failed, or when it has no coordinates', () => {
    expect(impossibleTravel.detect(evidenceSet({ signIns: [copenhagen(), signIn(-14, 6.52, 3.37)] }))).toEqual([]);
    expect(impossibleTravel.detect(evidenceSet({ signIns: [copenhagen(), signIn(9.5, 6.52, 3.37, 50126)] }))).toEqual(
      [],
    );
    const unlocated = rec({ createdDateTime: t(9.5), ipAddress: ATTACKER, status: { errorCode: 0 }, location: {} });
    expect(impossibleTravel.detect(evidenceSet({ signIns: [copenhagen(), unlocated] }))).toEqual([]);
  });
});

describe('mailbox-forwarding from the audit log', () => {
  it('fires on Set-Mailbox forwarding outside', () => {
    const set = evidenceSet({
      auditLog: [audit('Set-Mailbox', t(20), [['ForwardingSmtpAddress', 'smtp:x@evil.example']])],
    });
    expect(externalMailboxForwarding.detect(set)).toHaveLength(1);
  });

  it('not for Set-Mailbox clearing forwarding or changing something else, nor a mailbox that only keeps copies', () => {
    const quiet = evidenceSet({
      auditLog: [
        audit('Set-Mailbox', t(20), [['ForwardingSmtpAddress', '']]),
        audit('Set-Mailbox', t(20), [['ProhibitSendQuota', '49 GB']]),
      ],
      mailboxForwarding: [
        rec({ ForwardingSmtpAddress: null, ForwardingAddress: null, DeliverToMailboxAndForward: true }),
      ],
    });
    expect(externalMailboxForwarding.detect(quiet)).toEqual([]);
  });
});

describe('audit-login-new-network', () => {
  const history = () => Array.from({ length: 10 }, (_, i) => audit('UserLoggedIn', t(400 - i * 20), [], { ip: HOME }));

  it('fires on a login from a network not seen before', () => {
    expect(
      auditLoginNewNetwork.detect(evidenceSet({ auditLog: [...history(), audit('UserLoggedIn', t(30))] })),
    ).toHaveLength(1);
  });

  it('not when sign-in logs exist (they speak for origins), and not for failed logins', () => {
    const withSignIns = evidenceSet({
      auditLog: [...history(), audit('UserLoggedIn', t(30))],
      signIns: [rec({ createdDateTime: t(30), ipAddress: ATTACKER, status: { errorCode: 0 } })],
    });
    expect(auditLoginNewNetwork.detect(withSignIns)).toEqual([]);
    expect(
      auditLoginNewNetwork.detect(evidenceSet({ auditLog: [...history(), audit('UserLoginFailed', t(30))] })),
    ).toEqual([]);
  });
});

describe('audit-tampering', () => {
  it('is strong when the user turns mailbox auditing off in the period', () => {
    const off = audit('Set-Mailbox', t(20), [['AuditEnabled', 'False']], { ip: HOME });
    expect(auditTampering.detect(evidenceSet({ auditLog: [off] }), NO_SUSPECTS)).toMatchObject([{ weight: 'strong' }]);
  });

  it('not for turning auditing on; only context for someone else from an address nobody suspects, or before the period', () => {
    const on = audit('Set-Mailbox', t(20), [['AuditEnabled', 'True']], { ip: HOME });
    expect(auditTampering.detect(evidenceSet({ auditLog: [on] }), NO_SUSPECTS)).toEqual([]);
    const byAdmin = audit(
      'Set-Mailbox',
      t(20),
      [
        ['Identity', 'anna'],
        ['AuditEnabled', 'False'],
      ],
      {
        upn: 'it@contoso.com',
        ip: HOME,
      },
    );
    const early = audit('Set-MailboxAuditBypassAssociation', t(400), [], { ip: HOME });
    expect(
      auditTampering.detect(evidenceSet({ auditLog: [byAdmin, early] }), NO_SUSPECTS).map((f) => f.weight),
    ).toEqual(['context', 'context']);
  });
});

describe('mail-use-suspect-address', () => {
  it('fires on mail read from the suspected address in the period', () => {
    const read = audit('MailItemsAccessed', t(20));
    expect(mailUseFromSuspectAddress.detect(evidenceSet({ auditLog: [read] }), SUSPECTS)).toHaveLength(1);
  });

  it('not from another address, before the period, or for an operation that is not mail use', () => {
    const quiet = evidenceSet({
      auditLog: [
        audit('MailItemsAccessed', t(20), [], { ip: HOME }),
        audit('MailItemsAccessed', t(400)),
        audit('Set-InboxRule', t(20)),
      ],
    });
    expect(mailUseFromSuspectAddress.detect(quiet, SUSPECTS)).toEqual([]);
  });
});

describe('signin-legacy-protocol', () => {
  const signIn = (hoursBefore: number, clientAppUsed: string) =>
    rec({
      createdDateTime: t(hoursBefore),
      ipAddress: HOME,
      clientAppUsed,
      status: { errorCode: 0 },
      location: { countryOrRegion: 'DK' },
    });

  it('fires on IMAP in the period', () => {
    expect(legacyProtocolSuccess.detect(evidenceSet({ signIns: [signIn(5, 'IMAP4')] }))).toHaveLength(1);
  });

  it('not for a modern client, nor for IMAP before the period', () => {
    const quiet = evidenceSet({ signIns: [signIn(5, 'Mobile Apps and Desktop clients'), signIn(400, 'IMAP4')] });
    expect(legacyProtocolSuccess.detect(quiet)).toEqual([]);
  });
});
