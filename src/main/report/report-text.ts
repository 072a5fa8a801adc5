import type { IncidentReport } from '../../shared/domain/report.ts';
import { translate, type Language } from '../../shared/i18n/index.ts';

export interface ReportText {
  language: Language;
  t: (key: string, params?: Record<string, string | number>) => string;
  /** `key_one` / `key_other` by count (English and Danish plural alike). */
  plural: (key: string, count: number, params?: Record<string, string | number>) => string;
  /** A time as readers compare it across reports and portals: UTC, to the minute. */
  when: (iso: string | null) => string;
}

export function reportText(language: Language): ReportText {
  const t = (key: string, params: Record<string, string | number> = {}) => translate(key, params, language);
  return {
    language,
    t,
    plural: (key, count, params = {}) => t(`${key}_${count === 1 ? 'one' : 'other'}`, { count, ...params }),
    when: (iso) => {
      if (!iso) return '—';
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    },
  };
}

/** The headline facts every format shows the same way: the summary page is built from these. */
export function summaryFacts(report: IncidentReport, text: ReportText) {
  const { t, plural, when } = text;
  const verdict = report.verdict.final
    ? t(`investigation.verdict.${report.verdict.final}`)
    : t('report.verdictUnknown');
  const who = { upn: report.case.upn, tenant: report.case.tenant };
  // A block is stated only where the case records one; otherwise the report says what is known.
  const happened = report.block.at
    ? t('report.happened', { ...who, blockedAt: when(report.block.at) })
    : report.block.recordedBy
      ? t('report.happenedNoTime', who)
      : t('report.noBlock', { ...who, opened: when(report.case.createdAt) });
  const suspect = report.suspectPeriod;
  const period = suspect
    ? t(suspect.before === 'block' ? 'report.periodBlock' : 'report.periodWindow', {
        from: when(suspect.from),
        to: when(suspect.to),
      })
    : null;
  const why = report.verdict.override
    ? [
        t('report.overridden', {
          by: report.verdict.override.by,
          at: when(report.verdict.override.at),
          reason: report.verdict.override.reason,
        }),
        ...(report.verdict.engine
          ? [t('report.engineSaid', { verdict: t(`investigation.verdict.${report.verdict.engine}`) })]
          : []),
      ]
    : report.verdict.engineReasons;
  const done = [
    ...report.actions.map((a) => {
      const ok = a.outcomes.filter((o) => o.ok && o.verified).length;
      const action = t(`containment.kinds.${a.kind}`);
      const line =
        a.type === 'reverted'
          ? t('report.revertLine', { action, of: a.related ?? 0, ok, total: a.outcomes.length })
          : t('report.actionLine', { action, ok, total: a.outcomes.length });
      const later = a.type === 'executed' && a.related ? ` (${t('report.actionReverted', { seq: a.related })})` : '';
      return { at: a.at, actor: a.actor, line: `${line}${later}` };
    }),
    ...report.unblocks.map((u) => ({
      at: u.at,
      actor: u.actor,
      line: [
        `${t('report.unblocked', { via: u.via })}${u.verified ? `: ${t('report.unblockedVerified')}` : ''}`,
        u.resumedAt ? t('report.sendingResumed', { at: when(u.resumedAt) }) : '',
        u.reblockedAt ? t('report.reblocked', { at: when(u.reblockedAt) }) : '',
      ]
        .filter(Boolean)
        .join('; '),
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const blockers = report.unblockBlockers.map((id) => t(`checklist.items.${id}.title`));
  const safe =
    blockers.length === 0
      ? t('report.safeYes')
      : plural('report.safeNo', blockers.length, { items: blockers.join('; ') });
  const executed = new Set(report.actions.filter((a) => a.type === 'executed' && !a.related).map((a) => a.kind));
  const user =
    report.verdict.final === 'not_compromised'
      ? [t('report.userNothing')]
      : [
          ...(executed.has('resetPassword') ? [t('report.userPassword')] : []),
          ...(executed.has('removeAuthMethods') ? [t('report.userMfa')] : []),
          t('report.userCheck'),
          t('report.userWary'),
        ];
  const broken = report.integrity.firstBroken;
  // The warning every format leads with when the case log did not verify.
  const alert = broken ? t('report.broken', { seq: broken.seq, reason: broken.reason, detail: broken.detail }) : null;
  return { verdict, happened, period, why, done, safe, user, broken: alert };
}
