import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/main/app/create-app.ts';
import { silentLogger } from '../../../src/main/core/logger.ts';
import { importIntoCase } from '../../../src/main/import/import-into-case.ts';
import { evidenceKey } from '../../../src/main/investigation/evidence-key.ts';
import { redetect } from '../../../src/main/investigation/investigate.ts';
import { buildReport } from '../../../src/main/report/build-report.ts';
import { renderHtml } from '../../../src/main/report/render-html.ts';
import { renderMarkdown } from '../../../src/main/report/render-markdown.ts';
import { reportText, summaryFacts } from '../../../src/main/report/report-text.ts';
import { ROOT } from '../../support/cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

const SIGNINS = join(ROOT, 'tests', 'fixtures', 'exports', 'entra-signins.csv');
const USER = { upn: 'sara.lund@nordhavn.dk', tenant: 'nordhavn.dk' };

let tmp: ReturnType<typeof makeTempDir>;
let app: App;
beforeEach(() => {
  tmp = makeTempDir();
  app = createApp({
    mode: 'cli',
    dataDir: tmp.dir,
    actor: 'analyst@test',
    logger: silentLogger,
    clock: () => new Date('2026-11-25T09:00:00Z'),
  });
});
afterEach(async () => {
  await app.close();
  tmp.cleanup();
});

/** A case holding the sign-in export (its last sign-in: 2026-11-19 07:46 UTC). */
async function importedCase(blockedAt: string | null): Promise<string> {
  const { id } = app.cases.create({ ...USER, blockedAt });
  await importIntoCase(app.cases, id, [SIGNINS]);
  return id;
}

const facts = (caseId: string, language: 'en' | 'da') => {
  const report = buildReport(app.cases.caseFile(caseId), { language, generatedBy: 'analyst@test' });
  return { report, ...summaryFacts(report, reportText(language)) };
};

describe('reports claim a block only where the case records one', () => {
  it('an import-only case with no block time: the case is named, and the period by its dates', async () => {
    const caseId = await importedCase(null);
    const en = facts(caseId, 'en');
    expect(en.report.block).toEqual({ at: null, recordedBy: null });
    expect(en.report.suspectPeriod).toEqual({
      from: '2026-11-12T07:46:08.000Z',
      to: '2026-11-19T07:46:08.000Z',
      before: 'windowEnd',
    });
    expect(en.happened).toBe(
      'Case opened for sara.lund@nordhavn.dk (nordhavn.dk) on 2026-11-25 09:00 UTC; no block by Microsoft 365 is recorded in this case.',
    );
    expect(en.period).toBe(
      'Period under suspicion: the 7 days before 2026-11-19 07:46 UTC (from 2026-11-12 07:46 UTC), where the investigated window ends, as no block time is recorded.',
    );
    const da = facts(caseId, 'da');
    expect(da.happened).toBe(
      'Sagen blev åbnet for sara.lund@nordhavn.dk (nordhavn.dk) den 2026-11-25 09:00 UTC; der er ikke registreret nogen blokering fra Microsoft 365 i denne sag.',
    );
    expect(da.period).toBe(
      'Mistænkt periode: de 7 dage før 2026-11-19 07:46 UTC (fra 2026-11-12 07:46 UTC), hvor det undersøgte tidsrum slutter, da der ikke er registreret noget blokeringstidspunkt.',
    );
    // Nowhere in the rendered report, findings included, is a block assumed.
    for (const text of [renderHtml(en.report), renderMarkdown(en.report)]) {
      expect(text).not.toMatch(/too much spam/);
      expect(text).not.toMatch(/the block\b/);
      expect(text).toContain('no block by Microsoft 365 is recorded');
    }
    for (const text of [renderHtml(da.report), renderMarkdown(da.report)]) {
      expect(text).not.toMatch(/for meget spam/);
      expect(text).not.toMatch(/blokeringen\b/);
    }
  });

  it('a case opened with a block time says when, and names the week before it', async () => {
    const caseId = await importedCase('2026-11-19T10:00:00Z');
    const en = facts(caseId, 'en');
    expect(en.report.block).toEqual({ at: '2026-11-19T10:00:00Z', recordedBy: 'case' });
    expect(en.happened).toBe(
      'Microsoft 365 blocked sara.lund@nordhavn.dk (nordhavn.dk) from sending email on 2026-11-19 10:00 UTC for sending too much spam (outbound spam protection, “Restricted entities”).',
    );
    expect(en.period).toBe(
      'Period under suspicion: the 7 days before the block, from 2026-11-12 10:00 UTC to 2026-11-19 10:00 UTC.',
    );
    expect(facts(caseId, 'da').period).toBe(
      'Mistænkt periode: de 7 dage før blokeringen, fra 2026-11-12 10:00 UTC til 2026-11-19 10:00 UTC.',
    );
  });

  it('a restricted-entities record in the evidence is a recorded block, with its own time', async () => {
    const caseId = await importedCase(null);
    const file = app.cases.caseFile(caseId);
    const store = file.investigation;
    // As the Exchange collector stores Get-BlockedSenderAddress's answer for the user.
    const body = {
      SenderAddress: USER.upn,
      Reason: 'Outbound spam limit exceeded',
      CreatedDatetime: '2026-11-19T09:58:00Z',
      ChangedDatetime: '2026-11-19T09:58:00Z',
    };
    const at = '2026-11-25T09:00:00.000Z';
    const runId = store.startRun({
      startedAt: at,
      windowStart: '2026-10-20T09:00:00.000Z',
      windowEnd: at,
      userId: null,
      sources: ['blockedSender'],
    });
    store.storePage(
      runId,
      'blockedSender',
      {
        request: 'Get-BlockedSenderAddress',
        fetchedAt: at,
        items: [{ key: evidenceKey('blockedSender', body, runId), body }],
      },
      null,
    );
    store.updateSource(runId, 'blockedSender', { status: 'completed' });
    store.finishRun(runId, 'completed', at);
    redetect(file, 'analyst@test');

    const en = facts(caseId, 'en');
    expect(en.report.block).toEqual({ at: '2026-11-19T09:58:00.000Z', recordedBy: 'restrictedEntities' });
    expect(en.happened).toBe(
      'Microsoft 365 blocked sara.lund@nordhavn.dk (nordhavn.dk) from sending email on 2026-11-19 09:58 UTC for sending too much spam (outbound spam protection, “Restricted entities”).',
    );
    // The detectors' period still ends where the window does: the case itself records no block time.
    expect(en.report.suspectPeriod?.before).toBe('windowEnd');
  });
});
