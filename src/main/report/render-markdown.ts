import type { IncidentReport } from '../../shared/domain/report.ts';
import { showInvisible } from '../../shared/invisible.ts';
import { reportText, summaryFacts } from './report-text.ts';

/**
 * Text as Markdown text: every ASCII punctuation character backslash-escaped (CommonMark makes each one
 * literal), line breaks flattened, so a rule named `[click](javascript:…)` or `<img onerror>` stays text.
 */
export function escapeMarkdown(text: string): string {
  return showInvisible(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

const e = escapeMarkdown;
const row = (cells: Array<string | number>) =>
  `| ${cells.map((c) => (typeof c === 'number' ? String(c) : c)).join(' | ')} |`;
const head = (cells: string[]) => [row(cells.map(e)), row(cells.map(() => '---'))];

/** The report as Markdown: the same sections as the HTML, for tickets and wikis. */
export function renderMarkdown(report: IncidentReport): string {
  const text = reportText(report.language);
  const { t, when } = text;
  const facts = summaryFacts(report, text);
  const out: string[] = [];
  out.push(`# ${e(t('report.title', { upn: report.case.upn }))}`, '');
  out.push(
    `_${e(t('report.generated', { at: when(report.generatedAt), by: report.generatedBy, id: report.case.id }))}_`,
    '',
  );
  if (facts.broken) out.push(`> **${e(facts.broken)}**`, '');
  out.push(`## ${e(t('report.summary'))}`, '', e(facts.happened), '');
  if (facts.period) out.push(e(facts.period), '');
  out.push(
    `### ${e(t('report.assessment'))}`,
    '',
    `**${e(facts.verdict)}**`,
    '',
    ...facts.why.map((r) => `- ${e(r)}`),
    '',
  );
  out.push(`### ${e(t('report.done'))}`, '');
  if (facts.done.length === 0) out.push(e(t('report.noActions')));
  else out.push(...facts.done.map((d) => `- ${e(`${when(d.at)} — ${d.line} (${d.actor})`)}`));
  out.push('', `### ${e(t('report.safe'))}`, '', e(facts.safe), '');
  out.push(`### ${e(t('report.user'))}`, '', ...facts.user.map((u) => `- ${e(u)}`), '');

  out.push(`## ${e(t('report.annex'))}`, '', `### ${e(t('report.coverage'))}`, '');
  out.push(...head([t('report.source'), t('report.status'), t('report.records'), t('report.reason')]));
  for (const c of report.coverage)
    out.push(
      row([e(t(`sources.${c.source}`)), e(c.status), c.records, c.status === 'completed' ? '' : e(c.reason ?? '')]),
    );
  out.push('', `### ${e(t('report.findings'))}`, '');
  if (report.findings.length === 0) out.push(e(t('report.noFindings')), '');
  for (const f of report.findings) {
    out.push(
      `#### ${e(f.title)}`,
      '',
      `_${e(`${f.severity} · ${f.weight}${f.at ? ` · ${when(f.at)}` : ''} · ${f.detector}`)}_`,
      '',
      e(f.explanation),
      '',
    );
    for (const ev of f.evidence) {
      out.push(`${e(t('report.evidenceExcerpt', { id: ev.id, source: ev.source, sha: ev.sha256 }))}`, '');
      // Indented code: no fence a crafted excerpt could close.
      // Every line ending CommonMark knows (a lone CR too), so no line can leave the block.
      out.push(`    ${showInvisible(ev.excerpt).replace(/\r\n?|\n/g, '\n    ')}`, '');
    }
  }
  out.push(`### ${e(t('report.timeline'))}`, '');
  if (report.timeline.events.length === 0) out.push(e(t('report.noTimeline')), '');
  else {
    out.push(
      e(
        t('report.timelineRange', {
          from: when(report.timeline.from),
          to: when(report.timeline.to),
          shown: report.timeline.events.length,
          total: report.timeline.total,
        }),
      ),
      '',
      ...head([
        t('report.time'),
        t('report.source'),
        t('report.severity'),
        t('report.event'),
        t('report.ip'),
        t('report.country'),
      ]),
      ...report.timeline.events.map((ev) =>
        row([
          e(when(ev.at)),
          e(t(`sources.${ev.source}`)),
          e(ev.severity),
          e(ev.summary),
          e(ev.ip ?? ''),
          e(ev.country ?? ''),
        ]),
      ),
      '',
    );
  }
  out.push(`### ${e(t('report.actions'))}`, '');
  if (report.actions.length === 0) out.push(e(t('report.noActions')), '');
  for (const a of report.actions) {
    out.push(
      `#### ${a.seq}\\. ${e(t(`containment.kinds.${a.kind}`))}${a.type === 'reverted' ? ` — ${e(t('containment.revert'))} ${a.related}` : ''}`,
      '',
    );
    out.push(`_${e(`${when(a.at)} · ${t('report.actor')} ${a.actor}`)}_`, '');
    out.push(
      ...head([t('report.target'), t('report.before'), t('report.after'), t('report.readBack'), t('report.result')]),
    );
    for (const o of a.outcomes)
      out.push(
        row([
          e(o.target.label),
          e(JSON.stringify(o.before)),
          e(JSON.stringify(o.after)),
          e(JSON.stringify(o.readBack)),
          e(
            o.ok
              ? o.verified
                ? t('report.verified')
                : t('report.notVerified')
              : `${t('report.failed')}: ${o.error ?? ''}`,
          ),
        ]),
      );
    out.push('');
  }
  if (report.unblocks.length > 0) {
    out.push(`### ${e(t('report.unblocks'))}`, '');
    for (const u of report.unblocks)
      out.push(
        `- ${e(`${when(u.at)} — ${t('report.unblocked', { via: u.via })}${u.verified ? `: ${t('report.unblockedVerified')}` : ''} (${u.actor})${u.note ? ` — ${u.note}` : ''}`)}`,
      );
    out.push('');
  }
  out.push(
    `### ${e(t('report.checklist'))}`,
    '',
    ...head([t('report.item'), t('report.state'), t('report.signedOff'), t('report.reason')]),
  );
  for (const i of report.checklist)
    out.push(
      row([
        e(`${t(`checklist.items.${i.id}.title`)}${i.securing ? ` (${t('report.securing')})` : ''}`),
        e(t(`checklist.states.${i.state}`)),
        e(i.by ? `${i.by}, ${when(i.at)}` : ''),
        e([i.reason ?? '', ...i.notes.map((n) => `${n.by}: ${n.text}`)].filter(Boolean).join(' / ')),
      ]),
    );
  out.push(
    '',
    `### ${e(t('report.evidence'))}`,
    '',
    e(t('report.evidenceSummary', { records: report.evidence.records, digest: report.evidence.digest })),
    '',
  );
  out.push(`### ${e(t('report.integrity'))}`, '');
  const { integrity } = report;
  if (integrity.intact && integrity.head)
    out.push(
      e(t('report.intact', { entries: integrity.entries, seq: integrity.head.seq, hash: integrity.head.hash })),
      '',
      e(t('report.checkIt')),
      '',
      `    clearance verify ${report.case.id}.clearance --expect-head ${integrity.head.seq}:${integrity.head.hash}`,
      '',
    );
  else out.push(`**${e(facts.broken ?? '')}**`, '');
  return `${out.join('\n')}\n`;
}
