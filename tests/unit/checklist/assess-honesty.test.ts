import { describe, expect, it } from 'vitest';
import { assessChecklist } from '../../../src/main/checklist/assess.ts';
import type { EvidenceSet, Rec } from '../../../src/main/investigation/evidence-set.ts';
import { SourceId, type Finding, type VerdictReport } from '../../../src/shared/domain/investigation.ts';
import type { ChecklistSuggestion } from '../../../src/shared/domain/checklist.ts';
import { translate, type Language } from '../../../src/shared/i18n/index.ts';

const IMPORTED = 'imported from exported files';

/** An evidence set as detection hands it to the checklist: these sources completed, these records. */
function evidence(completed: Array<[SourceId, string | null]>, records: Partial<Record<SourceId, Rec[]>> = {}) {
  const set: EvidenceSet = {
    upn: 'sara.lund@nordhavn.dk',
    userId: null,
    blockedAt: null,
    window: { start: '2026-11-13T10:00:00.000Z', end: '2026-11-20T10:00:00.000Z' },
    verifiedDomains: ['nordhavn.dk'],
    coverage: completed.map(([source, detail]) => ({
      source,
      status: 'completed',
      records: records[source]?.length ?? 0,
      pages: 1,
      durationMs: 0,
      throttleWaits: 0,
      throttleMs: 0,
      reason: null,
      detail,
      fix: null,
    })),
    records: Object.fromEntries(SourceId.options.map((s) => [s, records[s] ?? []])) as Record<SourceId, Rec[]>,
  };
  return set;
}

const verdict: VerdictReport = { verdict: 'inconclusive', reasons: [], missing: [], engineVersion: 'test' };

/** Sign-ins of the user, every one inside the week under suspicion, from one foreign address. */
const signIns: Rec[] = Array.from({ length: 56 }, (_, i) => ({
  id: i + 1,
  body: {
    id: `req-${i}`,
    createdDateTime: `2026-11-${String(14 + (i % 6)).padStart(2, '0')}T0${i % 10}:00:00Z`,
    userPrincipalName: 'sara.lund@nordhavn.dk',
    ipAddress: '102.89.34.7',
    status: { errorCode: 0 },
    location: { countryOrRegion: 'NG' },
  },
}));

const noBaseline: Finding = {
  detector: 'signin-no-baseline',
  severity: 'low',
  weight: 'context',
  title: 'No baseline: every sign-in of the user falls in the period under suspicion',
  explanation: 'No earlier activity to compare with.',
  evidenceIds: [1, 2, 3],
  at: null,
};

/** The suggestion's sentence, its source ids named as the UI names them. */
function say(s: ChecklistSuggestion | undefined, language: Language): string {
  const params: Record<string, string | number> = { ...s!.params };
  for (const list of ['names', 'have'])
    if (typeof params[list] === 'string')
      params[list] = params[list]
        .split(',')
        .map((id) => translate(`sources.${id}`, {}, language))
        .join(', ');
  return translate(s!.key, params, language);
}

describe('the checklist counts sources against everything the playbook needs', () => {
  it('an import of one sign-in export is 1 of 22 sources, imported, with the rest named', () => {
    const a = assessChecklist(evidence([['signIns', IMPORTED]], { signIns }), [], verdict);
    const collect = a['determine.collect']!;
    expect(collect.state).toBe('in_progress');
    expect(collect.params).toMatchObject({ collected: 1, sources: 22, have: 'signIns' });
    expect(say(collect, 'en')).toBe(
      '1 of 22 sources imported (Sign-in logs); not collected: User account, Verified domains, Directory audit log, Inbox rules (Graph), Inbox rules incl. hidden (Exchange), Mailbox forwarding (Exchange), Mailbox delegates (Exchange), Send-as permissions (Exchange), Authentication methods, OAuth consents, App role assignments, Admin roles, Entra ID risk (user), Entra ID risk detections, Defender alerts, Unified audit log (mailbox events), Message trace, Sent Items, Restricted entities record, Identity policies, Mail policies (Exchange).',
    );
    expect(say(collect, 'da')).toMatch(/^1 af 22 kilder importeret \(Logonlogge\); ikke indsamlet: Brugerkonto, /);
  });

  it('a collection that got some sources says how many of all 22, not "all N collected"', () => {
    const a = assessChecklist(
      evidence([
        ['user', null],
        ['signIns', null],
      ]),
      [],
      verdict,
    );
    expect(say(a['determine.collect'], 'en')).toMatch(
      /^2 of 22 sources collected; not collected: Verified domains, Directory audit log, /,
    );
    expect(say(a['determine.collect'], 'da')).toMatch(/^2 af 22 kilder indsamlet; ikke indsamlet: /);
  });

  it('says every source was collected only when all 22 were', () => {
    const all = assessChecklist(evidence(SourceId.options.map((s) => [s, null])), [], verdict)['determine.collect'];
    expect(all?.state).toBe('done');
    expect(say(all, 'en')).toBe('All 22 sources collected.');
    expect(say(all, 'da')).toBe('Alle 22 kilder indsamlet.');
  });
});

describe('sign-ins without a baseline are not "no suspicious sign-ins"', () => {
  it('says there is no baseline when the detector found none, with the count of sign-ins', () => {
    const a = assessChecklist(evidence([['signIns', IMPORTED]], { signIns }), [noBaseline], verdict);
    const item = a['determine.signIns']!;
    expect(item.state).toBe('todo');
    expect(item.findings).toEqual(['signin-no-baseline']);
    expect(item.evidenceIds).toEqual([1, 2, 3]);
    expect(say(item, 'en')).toBe(
      'No baseline: cannot tell new from usual (56 sign-ins, all in the period under suspicion).',
    );
    expect(say(item, 'da')).toBe(
      'Intet grundlag: kan ikke skelne nyt fra sædvanligt (56 logons, alle i den mistænkte periode).',
    );
    expect(say(item, 'en')).not.toContain('No suspicious');
  });

  it('says so for audit-log logins when no sign-in log was collected', () => {
    const item = assessChecklist(evidence([['auditLog', IMPORTED]]), [noBaseline], verdict)['determine.signIns'];
    expect(say(item, 'en')).toBe(
      'No baseline: cannot tell new from usual (the audit log’s logins all fall in the period under suspicion).',
    );
  });

  it('without that finding, the same sign-ins are reviewed as before (the negative case)', () => {
    const item = assessChecklist(evidence([['signIns', IMPORTED]], { signIns }), [], verdict)['determine.signIns'];
    expect(item?.state).toBe('done');
    expect(say(item, 'en')).toBe('No suspicious sign-ins among 56.');
  });

  it('a suspicious sign-in finding still leads, with no baseline beside it', () => {
    const legacy: Finding = { ...noBaseline, detector: 'signin-legacy-protocol', weight: 'moderate', evidenceIds: [4] };
    const item = assessChecklist(evidence([['signIns', null]], { signIns }), [noBaseline, legacy], verdict)[
      'determine.signIns'
    ];
    expect(item?.key).toBe('checklist.suggest.signIns.found');
    expect(item?.findings).toEqual(['signin-legacy-protocol']);
  });
});

describe('the outbound item does not presume a block', () => {
  it('names the burst, not a block the case may not record', () => {
    const burst: Finding = { ...noBaseline, detector: 'outbound-burst', weight: 'moderate', evidenceIds: [7] };
    const item = assessChecklist(evidence([['messageTrace', IMPORTED]]), [burst], verdict)['determine.outbound'];
    expect(say(item, 'en')).toBe('An outbound burst: the account sent mail in bulk.');
    expect(say(item, 'da')).toBe('Et udgående udbrud: kontoen sendte mail i stor mængde.');
  });
});
