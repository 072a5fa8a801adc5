import type { IncidentReport } from '../../shared/domain/report.ts';
import { describeState } from '../../shared/domain/remediation.ts';
import { Html, html } from './safe-html.ts';
import { reportText, summaryFacts, type ReportText } from './report-text.ts';

// Self-contained and inert: no external requests, no scripts; the CSP says so to any browser that opens it.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Our own constant stylesheet: the one raw string in the document. */
const STYLE = `
:root { color-scheme: light; }
body { font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #111; margin: 0 auto; max-width: 60rem; padding: 1.5rem; }
h1 { font-size: 18pt; margin: 0 0 .25rem; } h2 { font-size: 13.5pt; margin: 1.4rem 0 .5rem; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 1rem 0 .3rem; }
p, li, h3 { overflow-wrap: anywhere; } /* a tenant string without spaces wraps instead of running off the page */
.meta, .muted { color: #444; } .mono, code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Consolas, monospace; font-size: 8.5pt; }
.verdict { font-size: 13pt; font-weight: 700; } .verdict.compromised { color: #a00; } .verdict.not_compromised { color: #060; }
.broken { border: 2px solid #a00; padding: .5rem; color: #a00; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; } th, td { border: 1px solid #bbb; padding: .2rem .35rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; } thead { display: table-header-group; } tr { break-inside: avoid; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f5f5f5; border: 1px solid #ddd; padding: .3rem; margin: .2rem 0 .6rem; }
.finding { break-inside: avoid-page; border-left: 4px solid #999; padding-left: .6rem; margin-bottom: .8rem; }
.finding.high { border-color: #a00; } .finding.medium { border-color: #c70; }
.annex { break-before: page; }
@page { size: A4; margin: 16mm 14mm 16mm 14mm; }
@media print { body { padding: 0; max-width: none; } h2 { break-after: avoid; } }
`;

type Facts = ReturnType<typeof summaryFacts>;

function summary(report: IncidentReport, text: ReportText, facts: Facts): Html {
  const { t, when } = text;
  return html`<section class="summary">
    <h2>${t('report.summary')}</h2>
    <p>${facts.happened}</p>
    ${facts.period ? html`<p>${facts.period}</p>` : ''}
    <h3>${t('report.assessment')}</h3>
    <p class="verdict ${report.verdict.final ?? ''}">${facts.verdict}</p>
    ${
      facts.why.length > 0
        ? html`<ul>
            ${facts.why.map((r) => html`<li>${r}</li>`)}
          </ul>`
        : ''
    }
    <h3>${t('report.done')}</h3>
    ${
      facts.done.length === 0
        ? html`<p>${t('report.noActions')}</p>`
        : html`<ul>
            ${facts.done.map((d) => html`<li>${when(d.at)} — ${d.line} (${d.actor})</li>`)}
          </ul>`
    }
    <h3>${t('report.safe')}</h3>
    <p>${facts.safe}</p>
    <h3>${t('report.user')}</h3>
    <ul>
      ${facts.user.map((u) => html`<li>${u}</li>`)}
    </ul>
  </section>`;
}

function annex(report: IncidentReport, text: ReportText, facts: Facts): Html {
  const { t, when } = text;
  const { integrity } = report;
  return html`<section class="annex">
    <h1>${t('report.annex')}</h1>
    <h2>${t('report.coverage')}</h2>
    <table>
      <thead>
        <tr>
          <th>${t('report.source')}</th>
          <th>${t('report.status')}</th>
          <th>${t('report.records')}</th>
          <th>${t('report.reason')}</th>
        </tr>
      </thead>
      <tbody>
        ${report.coverage.map(
          (c) =>
            html`<tr>
              <td>${t(`sources.${c.source}`)}</td>
              <td>${c.status}</td>
              <td>${c.records}</td>
              <td>${c.status === 'completed' ? '' : (c.reason ?? '')}</td>
            </tr>`,
        )}
      </tbody>
    </table>

    <h2>${t('report.findings')}</h2>
    ${report.findings.length === 0 ? html`<p>${t('report.noFindings')}</p>` : ''}
    ${report.findings.map(
      (f) =>
        html`<div class="finding ${f.severity}">
          <h3>${f.title}</h3>
          <p class="meta">${f.severity} · ${f.weight}${f.at ? html` · ${when(f.at)}` : ''} · ${f.detector}</p>
          <p>${f.explanation}</p>
          ${f.evidence.map(
            (e) =>
              html`<p class="meta mono">
                  ${t('report.evidenceExcerpt', { id: e.id, source: e.source, sha: e.sha256 })}
                </p>
                <pre>${e.excerpt}</pre>`,
          )}
        </div>`,
    )}

    <h2>${t('report.timeline')}</h2>
    ${
      report.timeline.events.length === 0
        ? html`<p>${t('report.noTimeline')}</p>`
        : html`<p class="muted">
              ${t('report.timelineRange', {
                from: when(report.timeline.from),
                to: when(report.timeline.to),
                shown: report.timeline.events.length,
                total: report.timeline.total,
              })}
            </p>
            <table>
              <thead>
                <tr>
                  <th>${t('report.time')}</th>
                  <th>${t('report.source')}</th>
                  <th>${t('report.severity')}</th>
                  <th>${t('report.event')}</th>
                  <th>${t('report.ip')}</th>
                  <th>${t('report.country')}</th>
                </tr>
              </thead>
              <tbody>
                ${report.timeline.events.map(
                  (e) =>
                    html`<tr>
                      <td class="mono">${when(e.at)}</td>
                      <td>${t(`sources.${e.source}`)}</td>
                      <td>${e.severity}</td>
                      <td>${e.summary}</td>
                      <td class="mono">${e.ip ?? ''}</td>
                      <td>${e.country ?? ''}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
    }

    <h2>${t('report.actions')}</h2>
    ${report.actions.length === 0 ? html`<p>${t('report.noActions')}</p>` : ''}
    ${report.actions.map(
      (a) =>
        html`<h3>
            ${a.seq}.
            ${t(`containment.kinds.${a.kind}`)}${a.type === 'reverted' ? html` — ${t('containment.revert')} ${a.related}` : ''}
          </h3>
          <p class="meta">${when(a.at)} · ${t('report.actor')} ${a.actor}</p>
          <table>
            <thead>
              <tr>
                <th>${t('report.target')}</th>
                <th>${t('report.before')}</th>
                <th>${t('report.after')}</th>
                <th>${t('report.readBack')}</th>
                <th>${t('report.result')}</th>
              </tr>
            </thead>
            <tbody>
              ${a.outcomes.map(
                (o) =>
                  html`<tr>
                    <td>${o.target.label}</td>
                    <td class="mono">${describeState(o.before)}</td>
                    <td class="mono">${describeState(o.after)}</td>
                    <td class="mono">${describeState(o.readBack)}</td>
                    <td>
                      ${o.ok ? (o.verified ? t('report.verified') : t('report.notVerified')) : `${t('report.failed')}: ${o.error ?? ''}`}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`,
    )}
    ${
      report.unblocks.length > 0
        ? html`<h2>${t('report.unblocks')}</h2>
            <ul>
              ${report.unblocks.map(
                (u) =>
                  html`<li>
                    ${when(u.at)} —
                    ${t('report.unblocked', { via: u.via })}${u.verified ? html`: ${t('report.unblockedVerified')}` : ''}
                    (${u.actor})${u.note ? html` — ${u.note}` : ''}
                  </li>`,
              )}
            </ul>`
        : ''
    }

    <h2>${t('report.checklist')}</h2>
    <table>
      <thead>
        <tr>
          <th>${t('report.item')}</th>
          <th>${t('report.state')}</th>
          <th>${t('report.signedOff')}</th>
          <th>${t('report.reason')}</th>
        </tr>
      </thead>
      <tbody>
        ${report.checklist.map(
          (i) =>
            html`<tr>
              <td>
                ${t(`checklist.items.${i.id}.title`)}${i.securing ? html` <em>(${t('report.securing')})</em>` : ''}
              </td>
              <td>${t(`checklist.states.${i.state}`)}</td>
              <td>${i.by ? `${i.by}, ${when(i.at)}` : ''}</td>
              <td>${i.reason ?? ''}${i.notes.map((n) => html`<br /><span class="muted">${n.by}: ${n.text}</span>`)}</td>
            </tr>`,
        )}
      </tbody>
    </table>

    <h2>${t('report.evidence')}</h2>
    <p class="mono">
      ${t('report.evidenceSummary', { records: report.evidence.records, digest: report.evidence.digest })}
    </p>
    <table>
      <thead>
        <tr>
          <th>${t('report.source')}</th>
          <th>${t('report.records')}</th>
        </tr>
      </thead>
      <tbody>
        ${report.evidence.bySource.map(
          (s) =>
            html`<tr>
              <td>${t(`sources.${s.source}`)}</td>
              <td>${s.records}</td>
            </tr>`,
        )}
      </tbody>
    </table>

    <h2>${t('report.integrity')}</h2>
    ${
      integrity.intact && integrity.head
        ? html`<p>
              ${t('report.intact', { entries: integrity.entries, seq: integrity.head.seq, hash: integrity.head.hash })}
            </p>
            <p>${t('report.checkIt')}</p>
            <pre>
clearance verify ${report.case.id}.clearance --expect-head ${integrity.head.seq}:${integrity.head.hash}</pre>`
        : html`<p class="broken">${facts.broken}</p>`
    }
  </section>`;
}

/** The whole report as one self-contained HTML document: summary page first, then the technical annex. */
export function renderHtml(report: IncidentReport): string {
  const text = reportText(report.language);
  const facts = summaryFacts(report, text);
  const { t, when } = text;
  const title = t('report.title', { upn: report.case.upn });
  return html`<!doctype html>
    <html lang="${report.language}">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${CSP}" />
        <meta name="referrer" content="no-referrer" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          ${new Html(STYLE)}
        </style>
      </head>
      <body>
        <header>
          <h1>${title}</h1>
          <p class="meta">
            ${t('report.generated', { at: when(report.generatedAt), by: report.generatedBy, id: report.case.id })}
          </p>
          ${facts.broken ? html`<p class="broken">${facts.broken}</p>` : ''}
        </header>
        ${summary(report, text, facts)} ${annex(report, text, facts)}
      </body>
    </html> `.value;
}
