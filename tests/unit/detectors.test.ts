import { describe, expect, it } from 'vitest';
import type { SourceId } from '../../src/shared/domain/investigation.ts';
import { detect } from '../../src/main/investigation/detect.ts';
import {
  externalForwardRule,
  hidingRule,
  meaninglessRuleName,
} from '../../src/main/investigation/detectors/inbox-rules.ts';
import { externalMailboxForwarding } from '../../src/main/investigation/detectors/mailbox.ts';
import { outboundBurst } from '../../src/main/investigation/detectors/outbound.ts';
import {
  failuresThenSuccess,
  impossibleTravel,
  legacyProtocolSuccess,
  newSignInOrigin,
} from '../../src/main/investigation/detectors/sign-ins.ts';
import type { EvidenceSet, Rec } from '../../src/main/investigation/evidence-set.ts';
import { evidenceSet } from '../support/evidence.ts';

const BLOCK = '2026-11-20T09:00:00.000Z';
const t = (hoursBeforeBlock: number) => new Date(Date.parse(BLOCK) - hoursBeforeBlock * 3_600_000).toISOString();
let nextId = 1;
const rec = (body: Record<string, unknown>): Rec => ({ id: nextId++, body });

/** Every source collected unless named missing; the tenant's onmicrosoft.com domain is verified too. */
const set = (records: Partial<Record<SourceId, Rec[]>>, missing: SourceId[] = []): EvidenceSet =>
  evidenceSet(records, { missing, verifiedDomains: ['contoso.com', 'contoso.onmicrosoft.com'] });

const signIn = (
  hoursBefore: number,
  country: string,
  client = 'Browser',
  errorCode = 0,
  lat = 55.67,
  lon = 12.56,
  ip = '62.107.40.10',
) =>
  rec({
    id: `s${nextId}`,
    createdDateTime: t(hoursBefore),
    userId: 'u1',
    clientAppUsed: client,
    ipAddress: ip,
    status: { errorCode },
    location: { countryOrRegion: country, geoCoordinates: { latitude: lat, longitude: lon } },
  });

const homeHistory = () => Array.from({ length: 20 }, (_, i) => signIn(400 - i * 10, 'DK'));

describe('inbox-rule detectors', () => {
  const rule = (displayName: string, actions: Record<string, unknown>, conditions: Record<string, unknown> = {}) =>
    rec({ id: displayName, displayName, isEnabled: true, actions, conditions });

  it('flags forwarding outside the verified domains, not inside them', () => {
    const s = set({
      inboxRules: [
        rule('To my phone', { forwardTo: [{ emailAddress: { address: 'anna.private@gmx.example' } }] }),
        rule('To my team', { forwardTo: [{ emailAddress: { address: 'team@sales.contoso.com' } }] }),
      ],
    });
    const findings = externalForwardRule.detect(s);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ weight: 'strong', title: expect.stringContaining('To my phone') });
  });

  it('flags meaningless names but not real ones', () => {
    const names = ['.', '..', 'a', 'xxx', '---', 'Newsletters', 'Invoices from suppliers'];
    const found = meaninglessRuleName
      .detect(set({ inboxRules: names.map((n) => rule(n, { markAsRead: true })) }))
      .map((f) => f.title);
    expect(found).toHaveLength(5);
    expect(found.join()).not.toContain('Newsletters');
  });

  it('flags rules that hide attack traces, not ordinary filing rules', () => {
    const s = set({
      inboxRules: [
        rule(
          'Newsletter replies',
          { moveToFolder: 'AAMkAG…', markAsRead: true },
          { subjectContains: ['RE: November newsletter'] },
        ),
        rule('Clean up', { delete: true }, { bodyOrSubjectContains: ['undeliverable', 'returned'] }),
        rule('Archive', { moveToFolder: 'anna@contoso.com:\\RSS Feeds' }, { subjectContains: ['invoice'] }),
      ],
    });
    expect(hidingRule.detect(s).map((f) => f.title)).toEqual([
      expect.stringContaining('Clean up'),
      expect.stringContaining('Archive'),
    ]);
  });
});

describe('mailbox forwarding', () => {
  it('is strong to an outside address and moderate inside', () => {
    const out = externalMailboxForwarding.detect(
      set({ mailboxForwarding: [rec({ ForwardingSmtpAddress: 'smtp:x@evil.example', ForwardingAddress: null })] }),
    );
    expect(out[0]).toMatchObject({ weight: 'strong' });
    const inside = externalMailboxForwarding.detect(
      set({ mailboxForwarding: [rec({ ForwardingSmtpAddress: 'smtp:boss@contoso.com', ForwardingAddress: null })] }),
    );
    expect(inside[0]).toMatchObject({ weight: 'moderate' });
    expect(
      externalMailboxForwarding.detect(
        set({ mailboxForwarding: [rec({ ForwardingSmtpAddress: null, ForwardingAddress: null })] }),
      ),
    ).toEqual([]);
  });
});

describe('sign-in detectors', () => {
  it('new country only against the user’s own history', () => {
    expect(newSignInOrigin.detect(set({ signIns: [...homeHistory(), signIn(20, 'DK')] }))).toEqual([]);
    const found = newSignInOrigin.detect(
      set({ signIns: [...homeHistory(), signIn(20, 'NG', 'Browser', 0, 6.5, 3.4, '102.89.34.117')] }),
    );
    expect(found[0]).toMatchObject({ weight: 'moderate', title: expect.stringContaining('country NG') });
    expect(newSignInOrigin.detect(set({ signIns: [signIn(20, 'NG')] }))).toEqual([]); // no baseline, no claim
  });

  it('legacy protocol success: strong from a new country, moderate from home', () => {
    expect(
      legacyProtocolSuccess.detect(
        set({ signIns: [...homeHistory(), signIn(5, 'NG', 'Authenticated SMTP', 0, 6.5, 3.4, '102.89.34.117')] }),
      )[0]!.weight,
    ).toBe('strong');
    expect(
      legacyProtocolSuccess.detect(set({ signIns: [...homeHistory(), signIn(5, 'DK', 'IMAP4')] }))[0]!.weight,
    ).toBe('moderate');
    expect(legacyProtocolSuccess.detect(set({ signIns: [...homeHistory(), signIn(5, 'DK', 'IMAP4', 50126)] }))).toEqual(
      [],
    );
  });

  it('failures then success, and not for a few typos', () => {
    const burst = [0.9, 0.8, 0.7, 0.6, 0.5].map((h) => signIn(10 + h, 'NG', 'Authenticated SMTP', 50126));
    expect(
      failuresThenSuccess.detect(set({ signIns: [...burst, signIn(10, 'NG', 'Authenticated SMTP')] })),
    ).toHaveLength(1);
    expect(
      failuresThenSuccess.detect(
        set({
          signIns: [signIn(10.5, 'DK', 'Browser', 50126), signIn(10.4, 'DK', 'Browser', 50126), signIn(10, 'DK')],
        }),
      ),
    ).toEqual([]);
  });

  it('impossible travel from coordinates', () => {
    const copenhagen = signIn(10, 'DK', 'Browser', 0, 55.67, 12.56);
    const lagos = signIn(9.5, 'NG', 'Browser', 0, 6.52, 3.37);
    const aarhus = signIn(9.5, 'DK', 'Browser', 0, 56.16, 10.2);
    expect(impossibleTravel.detect(set({ signIns: [copenhagen, lagos] }))).toHaveLength(1);
    expect(impossibleTravel.detect(set({ signIns: [copenhagen, aarhus] }))).toEqual([]);
  });
});

describe('outbound burst', () => {
  const trace = (hoursBefore: number, subject: string, to: string) =>
    rec({
      id: `m${nextId}`,
      receivedDateTime: t(hoursBefore),
      subject,
      recipientAddress: to,
      senderAddress: 'anna@contoso.com',
    });
  const normal = () => Array.from({ length: 200 }, (_, i) => trace(300 - i, 'Re: meeting', 'colleague@contoso.com'));

  it('fires on volume far above the user’s own baseline, as context only', () => {
    const burst = Array.from({ length: 600 }, (_, i) => trace(2 - i / 600, 'Invoice overdue', `x${i}@victims.example`));
    const found = outboundBurst.detect(set({ messageTrace: [...normal(), ...burst] }));
    expect(found[0]).toMatchObject({ weight: 'context', title: expect.stringContaining('Outbound burst') });
    expect(found[0]!.explanation).toContain('100% went outside');
  });

  it('stays quiet on ordinary volume', () => {
    expect(outboundBurst.detect(set({ messageTrace: normal() }))).toEqual([]);
  });
});

describe('verdict', () => {
  const forward = () =>
    rec({
      id: 'r',
      displayName: 'x',
      isEnabled: true,
      actions: { forwardTo: [{ emailAddress: { address: 'x@evil.example' } }] },
    });

  it('compromised on one strong finding', () => {
    expect(detect(set({ inboxRules: [forward()] })).verdict.verdict).toBe('compromised');
  });

  it('not compromised only when every rule-out source was collected', () => {
    expect(detect(set({ signIns: homeHistory() })).verdict.verdict).toBe('not_compromised');
    const partial = detect(set({ signIns: [] }, ['signIns']));
    expect(partial.verdict).toMatchObject({ verdict: 'inconclusive', missing: ['signIns'] });
    expect(partial.verdict.reasons[0]).toContain('Sign-in logs could not be collected');
  });

  it('two moderate findings from different detectors make compromised; one makes inconclusive', () => {
    const one = detect(set({ signIns: [...homeHistory(), signIn(20, 'NG', 'Browser', 0, 6.5, 3.4, '102.89.34.117')] }));
    expect(one.verdict.verdict).toBe('inconclusive');
    const two = detect(
      set({
        signIns: [...homeHistory(), signIn(20, 'NG', 'Browser', 0, 6.5, 3.4, '102.89.34.117')],
        authMethods: [
          rec({
            '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
            id: 'p',
            phoneNumber: '+234 1',
            createdDateTime: t(19),
          }),
        ],
      }),
    );
    expect(two.verdict.verdict).toBe('compromised');
  });

  it('is deterministic', () => {
    const s = set({ inboxRules: [forward()], signIns: homeHistory() });
    expect(detect(s)).toEqual(detect(s));
  });
});
