/// <reference lib="dom" />
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { IncidentReport } from '../../../src/shared/domain/report.ts';
import { investigate } from '../../../src/main/investigation/investigate.ts';
import { buildReport } from '../../../src/main/report/build-report.ts';
import { escapeMarkdown } from '../../../src/main/report/render-markdown.ts';
import { renderReport, writeReport } from '../../../src/main/report/report-service.ts';
import { csvCell } from '../../../src/main/report/timeline-export.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../playwright.config.ts';
import { ADELE, CONTOSO, FABRIKAM, scenario } from '../../support/emulator.ts';
import { ROOT } from '../../support/cli.ts';
import { bench, openCase, type Bench } from '../../support/investigation.ts';
import { pdfPages } from '../../support/pdf-pages.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { MARKUP, XSS } from '../../support/xss-corpus.ts';
import { VICTIM, XSS_SCENARIO } from '../../support/xss-scenario.ts';

const ARTIFACTS = join(ROOT, 'test-results', 'reports');
const tmp = makeTempDir();
const opts = (format: 'html' | 'pdf' | 'json' | 'md', language: 'en' | 'da' = 'en') => ({
  format,
  language,
  generatedBy: 'analyst@test',
});

interface Built {
  b: Bench;
  caseId: string;
}
const built: Record<string, Built> = {};

async function caseFor(name: string, path: string, upn: string): Promise<Built> {
  const b = await bench(scenario(path));
  const caseId = await openCase(b, upn);
  await investigate({ file: b.app.cases.caseFile(caseId), tenant: b.tenant, actor: 'analyst@test' });
  built[name] = { b, caseId };
  return built[name];
}
const file = (name: string) => built[name]!.b.app.cases.caseFile(built[name]!.caseId);

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const adele = await caseFor('contoso-adele', CONTOSO, ADELE.upn);
  // Contain Adele a little, so the report has an action with before/after, and a revert.
  const plan = await adele.b.app.dispatch('remediation.plan', { caseId: adele.caseId, kind: 'blockSignIn' });
  if (!plan.ok) throw new Error('plan');
  const planned = plan.value as { planId: string };
  const done = await adele.b.app.dispatch('remediation.execute', {
    caseId: adele.caseId,
    planId: planned.planId,
    confirm: true,
  });
  if (!done.ok) throw new Error('execute');
  await caseFor('contoso-megan', CONTOSO, 'megan.bowen@contoso.com');
  const fabrikamUser = scenario(FABRIKAM).blockedSenders[0]!.SenderAddress;
  await caseFor('fabrikam', FABRIKAM, fabrikamUser);
  await caseFor('xss', XSS_SCENARIO, VICTIM.upn);
}, 120_000);
afterAll(async () => {
  for (const { b } of Object.values(built)) await b.cleanup();
  tmp.cleanup();
});

describe('incident reports from the case file', () => {
  it('builds a report that matches its schema and the committed JSON Schema, for every demo scenario', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'docs', 'report.schema.json'), 'utf8')) as object;
    expect(committed).toEqual(z.toJSONSchema(IncidentReport, { target: 'draft-2020-12' }));
    // The JSON reports as written to disk validate against the published schema with an independent validator.
    const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(committed);
    for (const name of Object.keys(built)) {
      const report = buildReport(file(name), { language: 'en', generatedBy: 'analyst@test' });
      const onDisk = JSON.parse(JSON.stringify(report)) as unknown;
      expect(validate(onDisk), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...(onDisk as object), verdict: { final: 'probably fine' } })).toBe(false);
      expect(IncidentReport.safeParse(report).success).toBe(true);
      expect(report.integrity.intact).toBe(true);
      expect(report.integrity.head!.seq).toBe(file(name).head().seq);
    }
    const adele = buildReport(file('contoso-adele'), { language: 'en', generatedBy: 'x' });
    expect(adele.verdict.final).toBe('compromised');
    expect(adele.findings.length).toBeGreaterThan(3);
    expect(adele.findings.every((f) => f.evidence.every((e) => /^[0-9a-f]{64}$/.test(e.sha256)))).toBe(true);
    expect(adele.actions).toMatchObject([{ type: 'executed', kind: 'blockSignIn' }]);
    expect(adele.timeline.events.length).toBeGreaterThan(0);
    expect(adele.unblockBlockers.length).toBeGreaterThan(0);
    const megan = buildReport(file('contoso-megan'), { language: 'en', generatedBy: 'x' });
    expect(megan.verdict.final).toBe('not_compromised');
  });

  it('writes every format in both languages for every scenario; never overwrites', async () => {
    for (const name of Object.keys(built))
      for (const language of ['en', 'da'] as const)
        for (const format of ['html', 'json', 'md', 'csv', 'jsonl'] as const) {
          const out = join(tmp.dir, `${name}-${language}.${format}`);
          const written = await writeReport(file(name), out, { format, language, generatedBy: 'analyst@test' });
          expect(written.bytes).toBeGreaterThan(0);
          if (format === 'html' || format === 'md')
            writeFileSync(join(ARTIFACTS, `${name}-${language}.${format}`), readFileSync(out));
        }
    await expect(
      writeReport(file('contoso-adele'), join(tmp.dir, 'contoso-adele-en.html'), opts('html')),
    ).rejects.toThrow('errors.reportExists');
    const da = readFileSync(join(tmp.dir, 'contoso-adele-da.md'), 'utf8');
    expect(da).toContain('Hændelsesrapport');
    expect(da).toContain('Kompromitteret');
  });

  it('HTML is self-contained and inert: no requests, no scripts, the XSS corpus only as text', async () => {
    const page = (await renderReport(file('xss'), opts('html'))).toString('utf8');
    expect(page).toContain('Content-Security-Policy');
    // Escaped payloads read `&lt;img …` in the source: no tag of these kinds can exist.
    expect(page).not.toMatch(/<script|<iframe|<img|<svg|<link|<object|<embed|<form/i);
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      const tab = await browser.newPage();
      const requests: string[] = [];
      tab.on('request', (r) => requests.push(r.url()));
      tab.on('dialog', (d) => void d.dismiss());
      await tab.setContent(page, { waitUntil: 'load' });
      expect(requests).toEqual([]);
      const inert = await tab.evaluate(() => ({
        xss: (window as unknown as { __xss?: unknown }).__xss,
        active: document.querySelectorAll('script, iframe, img, svg, object, embed, a[href], link, form').length,
        text: document.body.innerText,
        visible: getComputedStyle(document.body).display,
      }));
      expect(inert.xss).toBeUndefined();
      expect(inert.active).toBe(0);
      expect(inert.visible).not.toBe('none');
      // The payloads are on the page, as the characters they are.
      expect(inert.text).toContain(XSS.scriptTag);
      expect(inert.text).toContain(XSS.entities);
      expect(inert.text).toContain('invoice\\u202efdp.exe');
    } finally {
      await browser.close();
    }
  });

  it('Markdown and CSV keep tenant strings inert', async () => {
    for (const payload of MARKUP) expect(escapeMarkdown(payload)).not.toMatch(/(^|[^\\])[<[\]`*_]/);
    const md = (await renderReport(file('xss'), opts('md'))).toString('utf8');
    // Outside indented code blocks (evidence excerpts, literal by definition) no payload appears raw.
    const prose = md
      .split('\n')
      .filter((l) => !l.startsWith('    '))
      .join('\n');
    for (const payload of MARKUP) expect(prose).not.toContain(payload);
    expect(
      md
        .split('\n')
        .filter((l) => l.startsWith('    '))
        .every((l) => !/[\r]/.test(l)),
    ).toBe(true);
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('plain')).toBe('plain');
    const csv = join(tmp.dir, 'xss.timeline.csv');
    await writeReport(file('xss'), csv, { format: 'csv', language: 'en', generatedBy: 'x' });
    const [header, first] = readFileSync(csv, 'utf8').split('\r\n');
    // Timesketch's required columns, first and in its names.
    expect(header!.split(',').slice(0, 3)).toEqual(['message', 'datetime', 'timestamp_desc']);
    expect(first).toMatch(/,\d{4}-\d\d-\d\dT/);
  });

  it('PDF prints the summary and annex with headers and page numbers, for every scenario; pages saved as images', async () => {
    for (const language of ['en', 'da'] as const) {
      const pdf = await renderReport(file('contoso-adele'), opts('pdf', language));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const pages = await pdfPages(pdf);
      expect(pages.length).toBeGreaterThan(2);
      pages.forEach((p, i) => writeFileSync(join(ARTIFACTS, `contoso-adele-${language}-page${i + 1}.png`), p.png));
      const first = pages[0]!.text;
      expect(first).toContain(ADELE.upn);
      expect(first).toContain(language === 'en' ? 'Compromised' : 'Kompromitteret');
      expect(first).toContain(`1 / ${pages.length}`);
      // The annex starts on a page of its own.
      expect(
        pages.some((p, i) => i > 0 && p.text.includes(language === 'en' ? 'Technical annex' : 'Teknisk bilag')),
      ).toBe(true);
      expect(pages.at(-1)!.text).toContain(`${pages.length} / ${pages.length}`);
    }
    // Every demo scenario prints: its user on the first page, the annex after it.
    for (const name of Object.keys(built).filter((n) => n !== 'contoso-adele')) {
      const pdf = await renderReport(file(name), opts('pdf'));
      const pages = await pdfPages(pdf, 1);
      writeFileSync(join(ARTIFACTS, `${name}-en-page1.png`), pages[0]!.png);
      expect(pages[0]!.text, name).toContain(file(name).header.upn);
      expect(pages.total, name).toBeGreaterThan(1);
    }
  }, 180_000);
});
