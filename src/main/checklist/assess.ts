import type { ChecklistItemId, ChecklistSuggestion } from '../../shared/domain/checklist.ts';
import { SourceId, type Finding, type Verdict, type VerdictReport } from '../../shared/domain/investigation.ts';
import { collected, str, type EvidenceSet } from '../investigation/evidence-set.ts';
import { alertPolicies, auditing, autoForwarding, legacyAuth, mfaEnforcement, userConsent } from './prevention.ts';

/** What collectors and detectors can say about each checklist item, computed with every detection run. */
export type Assessment = Partial<Record<ChecklistItemId, ChecklistSuggestion>>;

type Params = ChecklistSuggestion['params'];

/**
 * Pre-fills the checklist from the evidence and findings: pure, like the detectors, so it replays offline.
 * A suggestion names the exact evidence rows and findings behind it; the analyst signs it off or not.
 */
export function assessChecklist(set: EvidenceSet, findings: readonly Finding[], verdict: VerdictReport): Assessment {
  const a = new Assessor(set, findings, verdict);
  return {
    'determine.collect': a.collection(),
    'determine.signIns': a.signIns(),
    'determine.inboxRules': a.review(
      'inboxRules',
      [
        'inbox-rule-external-forward',
        'inbox-rule-hides-mail',
        'inbox-rule-meaningless-name',
        'inbox-rule-hidden',
        'inbox-rule-created-recently',
        'inbox-rule-burst',
      ],
      'inboxRules',
      'mailboxRules',
    ),
    'determine.forwarding': a.review('mailboxForwarding', ['mailbox-forwarding'], 'forwarding'),
    'determine.delegates': a.review('mailboxPermissions', ['mailbox-delegate'], 'delegates', 'recipientPermissions'),
    'determine.authMethods': a.review('authMethods', ['mfa-method-added'], 'authMethods'),
    'determine.consents': a.review(
      'oauthGrants',
      ['oauth-mail-consent', 'oauth-consent-audit'],
      'consents',
      'appRoleAssignments',
    ),
    'determine.roles': a.review('roleAssignments', ['admin-role-held'], 'roles'),
    'determine.risk': a.review('riskyUser', ['entra-risk'], 'risk', 'riskDetections', 'alerts'),
    'determine.outbound': a.review('messageTrace', ['outbound-burst'], 'outbound', 'sentItems'),
    'determine.verdict': a.verdict(),
    'respond.inboxRules': a.respond(
      ['inbox-rule-external-forward', 'inbox-rule-hides-mail', 'inbox-rule-meaningless-name', 'inbox-rule-hidden'],
      'inboxRules',
      'mailboxRules',
    ),
    'respond.forwarding': a.respond(['mailbox-forwarding'], 'mailboxForwarding'),
    'respond.delegates': a.respond(['mailbox-delegate'], 'mailboxPermissions', 'recipientPermissions'),
    'respond.authMethods': a.respond(['mfa-method-added'], 'authMethods'),
    'respond.consents': a.respond(['oauth-mail-consent'], 'oauthGrants', 'appRoleAssignments'),
    'respond.roles': a.respond(['admin-role-held'], 'roleAssignments'),
    'respond.notifyRecipients': a.recipients(),
    'unblock.release': a.blocked(),
    'prevent.mfa': a.mfa(),
    'prevent.legacyAuth': legacyAuth(set),
    'prevent.autoForwarding': autoForwarding(set),
    'prevent.auditing': a.auditing() ?? auditing(set),
    'prevent.alertPolicies': alertPolicies(set),
    'prevent.userConsent': userConsent(set),
    ...verdictSuggestions(verdict.verdict),
  };
}

/**
 * The items that follow from the verdict alone; the checklist service re-derives them from the analyst's
 * verdict when it overrides the engine's.
 */
export function verdictSuggestions(verdict: Verdict): Assessment {
  const make = (state: ChecklistSuggestion['state'], key: string): ChecklistSuggestion => ({
    state,
    key: `checklist.suggest.respond.${key}`,
    params: {},
    evidenceIds: [],
    findings: [],
  });
  const clean = verdict === 'not_compromised';
  return {
    'respond.resetPassword': clean ? make('not_applicable', 'notCompromised') : make('todo', 'resetPassword'),
    'respond.revokeSessions': clean ? make('not_applicable', 'notCompromised') : make('todo', 'revokeSessions'),
    'respond.confirmCompromised':
      verdict === 'compromised' ? make('todo', 'confirmCompromised') : make('not_applicable', 'notConfirmed'),
  };
}

const SIGN_IN_DETECTORS = [
  'signin-new-origin',
  'signin-legacy-protocol',
  'signin-failure-burst',
  'signin-impossible-travel',
  'audit-login-new-network',
  'audit-failure-then-success',
  'mail-use-suspect-address',
];

const STRONG_METHODS = new Set([
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
  '#microsoft.graph.fido2AuthenticationMethod',
  '#microsoft.graph.softwareOathAuthenticationMethod',
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
  '#microsoft.graph.phoneAuthenticationMethod',
]);

/** What `importFiles` records as a source's detail: such a source was read from a file, not collected. */
const IMPORTED_DETAIL = 'imported from exported files';

/** Snapshot sources list every row as evidence; logs (millions of sign-ins) are summarised by count only. */
const LINK_LIMIT = 50;

class Assessor {
  private readonly set: EvidenceSet;
  private readonly findings: readonly Finding[];
  private readonly report: VerdictReport;

  constructor(set: EvidenceSet, findings: readonly Finding[], report: VerdictReport) {
    this.set = set;
    this.findings = findings;
    this.report = report;
  }

  private suggest(
    state: ChecklistSuggestion['state'],
    key: string,
    params: Params = {},
    evidenceIds: number[] = [],
    findings: string[] = [],
  ): ChecklistSuggestion {
    return { state, key: `checklist.suggest.${key}`, params, evidenceIds, findings };
  }

  private of(detectors: readonly string[]): Finding[] {
    return this.findings.filter((f) => detectors.includes(f.detector));
  }

  private ids(...sources: SourceId[]): number[] {
    return sources.flatMap((s) => this.set.records[s].map((r) => r.id)).slice(0, LINK_LIMIT);
  }

  private count(...sources: SourceId[]): number {
    return sources.reduce((n, s) => n + this.set.records[s].length, 0);
  }

  private findingLinks(list: readonly Finding[]): { evidenceIds: number[]; findings: string[] } {
    return {
      evidenceIds: [...new Set(list.flatMap((f) => f.evidenceIds))].slice(0, LINK_LIMIT),
      findings: [...new Set(list.map((f) => f.detector))],
    };
  }

  /**
   * Counted against every source the playbook needs, not against the ones a run happened to try: an
   * import of one sign-in file is 1 of 22, with the other 21 named, never "all 1 sources collected".
   */
  collection(): ChecklistSuggestion {
    if (this.set.coverage.length === 0) return this.suggest('todo', 'collectNotRun');
    const done = this.set.coverage.filter((c) => c.status === 'completed');
    const missing = SourceId.options.filter((s) => !done.some((c) => c.source === s));
    const sources = SourceId.options.length;
    if (missing.length === 0) return this.suggest('done', 'collectComplete', { sources });
    const imported = done.length > 0 && done.every((c) => c.detail === IMPORTED_DETAIL);
    return this.suggest('in_progress', imported ? 'collectImported' : 'collectMissing', {
      collected: done.length,
      sources,
      have: done.map((c) => c.source).join(','),
      names: missing.join(','),
    });
  }

  /**
   * Sign-ins: the detectors' findings; else, where the user's sign-ins all fall in the period under
   * suspicion (the `signin-no-baseline` context finding), that nothing can be told new from usual, which
   * is not the same as nothing suspicious; else nothing found among the sign-ins collected.
   */
  signIns(): ChecklistSuggestion {
    const found = this.of(SIGN_IN_DETECTORS);
    const noBaseline = this.of(['signin-no-baseline']);
    if (found.length > 0 || noBaseline.length === 0) return this.review('signIns', SIGN_IN_DETECTORS, 'signIns');
    const links = this.findingLinks(noBaseline);
    const signIns = this.count('signIns');
    // Without sign-in records the finding rests on the audit log's logins, which it may cite only in part.
    return signIns > 0
      ? this.suggest('todo', 'signIns.noBaseline', { records: signIns }, links.evidenceIds, links.findings)
      : this.suggest('todo', 'signIns.noBaselineLogins', {}, links.evidenceIds, links.findings);
  }

  /** A review item: the detectors' findings, or "nothing found among N" when the source was collected. */
  review(primary: SourceId, detectors: readonly string[], what: string, ...more: SourceId[]): ChecklistSuggestion {
    const found = this.of(detectors);
    if (found.length > 0) {
      const links = this.findingLinks(found);
      return this.suggest('done', `${what}.found`, { count: found.length }, links.evidenceIds, links.findings);
    }
    if (!collected(this.set, primary)) return this.suggest('todo', 'notCollected', { names: primary });
    const records = this.count(primary, ...more);
    return this.suggest('done', `${what}.clean`, { records }, this.ids(primary, ...more));
  }

  verdict(): ChecklistSuggestion {
    const links = this.findingLinks(this.findings.filter((f) => f.weight !== 'context'));
    return this.suggest(
      this.report.verdict === 'inconclusive' ? 'in_progress' : 'done',
      `verdict.${this.report.verdict}`,
      {},
      links.evidenceIds,
      links.findings,
    );
  }

  /** A containment item: something to remove when a detector found it, else nothing to do (with proof). */
  respond(detectors: readonly string[], primary: SourceId, ...more: SourceId[]): ChecklistSuggestion {
    const found = this.of(detectors);
    if (found.length > 0) {
      const links = this.findingLinks(found);
      return this.suggest('todo', 'respond.remove', { count: found.length }, links.evidenceIds, links.findings);
    }
    if (!collected(this.set, primary)) return this.suggest('todo', 'notCollected', { names: primary });
    return this.suggest('not_applicable', 'respond.nothingFound', { records: this.count(primary, ...more) }, [
      ...this.ids(primary, ...more),
    ]);
  }

  recipients(): ChecklistSuggestion {
    const sent = this.set.records.messageTrace.length > 0 ? 'messageTrace' : 'sentItems';
    const count = this.count(sent);
    if (count === 0) return this.suggest('not_applicable', 'respond.noRecipients');
    const burst = this.of(['outbound-burst']);
    const links = this.findingLinks(burst);
    return this.suggest('todo', 'respond.notify', { messages: count }, links.evidenceIds, links.findings);
  }

  blocked(): ChecklistSuggestion {
    if (!collected(this.set, 'blockedSender')) return this.suggest('todo', 'notCollected', { names: 'blockedSender' });
    const rows = this.set.records.blockedSender;
    if (rows.length === 0) return this.suggest('done', 'unblock.notBlocked');
    return this.suggest(
      'todo',
      'unblock.blocked',
      { since: str(rows[0]!.body.CreatedDatetime) },
      rows.map((r) => r.id),
    );
  }

  mfa(): ChecklistSuggestion {
    if (!collected(this.set, 'authMethods')) return this.suggest('todo', 'notCollected', { names: 'authMethods' });
    const strong = this.set.records.authMethods.filter((r) => STRONG_METHODS.has(str(r.body['@odata.type'])));
    const added = this.of(['mfa-method-added']);
    // A method the attacker registered is no protection: it must go first (respond.authMethods).
    if (strong.length === 0) return this.suggest('todo', 'prevent.noMfa', {}, this.ids('authMethods'));
    const methods = { methods: strong.length };
    const rows = strong.map((r) => r.id);
    if (added.length > 0)
      return this.suggest('in_progress', 'prevent.mfaAfterRemoval', methods, rows, ['mfa-method-added']);
    // Registered is half of it: something must also require MFA at sign-in.
    const e = mfaEnforcement(this.set);
    if (e.enforced === 'yes')
      return this.suggest('done', 'prevent.mfaEnforced', { ...methods, by: e.by }, [...rows, ...e.rows]);
    if (e.enforced === 'maybe')
      return this.suggest('in_progress', 'prevent.mfaMaybe', { ...methods, policy: e.by }, [...rows, ...e.rows]);
    if (e.enforced === 'unknown') return this.suggest('in_progress', 'prevent.mfaEnforcementUnknown', methods, rows);
    return this.suggest('todo', 'prevent.mfaNotEnforced', methods, [...rows, ...e.rows]);
  }

  auditing(): ChecklistSuggestion | undefined {
    const tampered = this.of(['audit-tampering']);
    if (tampered.length === 0) return undefined;
    const links = this.findingLinks(tampered);
    return this.suggest('todo', 'prevent.auditTampered', {}, links.evidenceIds, links.findings);
  }
}
