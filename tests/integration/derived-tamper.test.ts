import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/import/import-files.ts';
import { investigate, redetect } from '../../src/main/investigation/investigate.ts';
import { buildReport } from '../../src/main/report/build-report.ts';
import { renderHtml } from '../../src/main/report/render-html.ts';
import { renderMarkdown } from '../../src/main/report/render-markdown.ts';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { databaseOf } from '../../src/main/store/case-file/raw-database.ts';
import { verifyCaseFile } from '../../src/main/store/case-file/verify.ts';
import { ROOT } from '../support/cli.ts';
import { ADELE, CONTOSO, scenario } from '../support/emulator.ts';
import { bench, openCase } from '../support/investigation.ts';
import { TAMPER_CASES } from '../support/tamper-cases.ts';
import { tamperWith } from '../support/tamper.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const tmp = makeTempDir();
const pristine = join(tmp.dir, 'pristine.clearance');
const EXPORTS = join(ROOT, 'tests', 'fixtures', 'exports');
let copies = 0;

/** A fresh copy of the untouched case, to tamper with. */
function copy(): string {
  const path = join(tmp.dir, `case-${++copies}.clearance`);
  copyFileSync(pristine, path);
  return path;
}

/** The change, with the append-only triggers put back after it: the schema guard lets the file through. */
function tamper(path: string, mutate: (db: Database.Database) => void): void {
  tamperWith(path, mutate);
}

beforeAll(async () => {
  // A case with everything the report shows: a collection (Adele, compromised in the demo tenant), an
  // import, and a detection over both; the two detection runs give history as well as a latest.
  const b = await bench(scenario(CONTOSO));
  try {
    const caseId = await openCase(b, ADELE.upn);
    const file = b.app.cases.caseFile(caseId);
    await investigate({ file, tenant: b.tenant, actor: 'analyst@test' });
    await importFiles(file, [join(EXPORTS, 'purview-audit.csv')], 'analyst@test');
    redetect(file, 'analyst@test');
    file.close(); // folds the write-ahead log into the file, so the copy is the whole case
    copyFileSync(file.path, pristine);
  } finally {
    await b.cleanup();
  }
}, 120_000);
afterAll(() => tmp.cleanup());

describe('derived tables and the case header are covered by verify', () => {
  it('verifies the untouched case intact, with detections, an import and a collection in it', async () => {
    const file = CaseFile.open(pristine, { readonly: true });
    try {
      const db = databaseOf(file);
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT count(*) AS n FROM detection_run')).toBe(2);
      expect(count('SELECT count(*) AS n FROM collection_run')).toBe(2);
      expect(count('SELECT count(*) AS n FROM finding')).toBeGreaterThan(0);
      expect(count('SELECT count(*) AS n FROM event')).toBeGreaterThan(100);
      expect(file.investigation.latestDetection()?.report.verdict).toBe('compromised');
    } finally {
      file.close();
    }
    const report = await verifyCaseFile(pristine, { evidence: true });
    expect(report.firstBroken).toBeNull();
    expect(report.intact).toBe(true);
  });

  for (const tc of TAMPER_CASES)
    it(`reports ${tc.name} as ${tc.reason}`, async () => {
      const path = copy();
      tamper(path, tc.mutate);
      const report = await verifyCaseFile(path, { evidence: true });
      expect(report.intact).toBe(false);
      expect(report.firstBroken?.reason).toBe(tc.reason);
    });

  it('checks the detection, collection and header without the evidence pass too (the case page)', async () => {
    for (const name of [
      'detection verdict flipped to not compromised',
      'source coverage changed',
      'case status changed to closed',
    ]) {
      const path = copy();
      tamper(path, TAMPER_CASES.find((t) => t.name === name)!.mutate);
      expect((await verifyCaseFile(path)).intact, name).toBe(false);
    }
  });

  it('shows no verdict the log did not record: a flipped run reads as no detection', () => {
    const path = copy();
    tamper(path, TAMPER_CASES.find((t) => t.name === 'detection verdict flipped to not compromised')!.mutate);
    const file = CaseFile.open(path, { readonly: true });
    try {
      expect(file.investigation.latestDetection()).toBeNull();
    } finally {
      file.close();
    }
  });
});

describe('a report of a tampered case', () => {
  it('does not call it verified intact, nor say "not compromised" against the log', () => {
    const path = copy();
    tamper(path, TAMPER_CASES.find((t) => t.name === 'detection verdict flipped to not compromised')!.mutate);
    const file = CaseFile.open(path, { readonly: true });
    try {
      const report = buildReport(file, { language: 'en', generatedBy: 'analyst@test' });
      expect(report.integrity.intact).toBe(false);
      expect(report.integrity.firstBroken?.reason).toBe('detection_mismatch');
      expect(report.verdict.engine).not.toBe('not_compromised');
      for (const text of [renderHtml(report), renderMarkdown(report)]) {
        expect(text).not.toContain('verified intact');
        expect(text).toContain('BROKEN');
      }
    } finally {
      file.close();
    }
  });

  it('of the untouched case says verified intact (the negative)', () => {
    const file = CaseFile.open(pristine, { readonly: true });
    try {
      const report = buildReport(file, { language: 'en', generatedBy: 'analyst@test' });
      expect(report.integrity.intact).toBe(true);
      expect(report.verdict.engine).toBe('compromised');
      expect(renderMarkdown(report)).toContain('verified intact');
    } finally {
      file.close();
    }
  });
});

describe('collections that did not end normally', () => {
  it('verifies intact after a cancelled collection and again after it resumed', async () => {
    const b = await bench(scenario(CONTOSO));
    try {
      const file = b.app.cases.caseFile(await openCase(b, ADELE.upn));
      const controller = new AbortController();
      const first = await investigate({
        file,
        tenant: b.tenant,
        actor: 'analyst@test',
        signal: controller.signal,
        onProgress: (p) => {
          if (p.source === 'sentItems' && p.pages === 1) controller.abort(); // the connection drops mid-source
        },
      });
      expect(first.runStatus).toBe('cancelled');
      expect(file.investigation.unfinishedRun()).not.toBeNull();
      expect((await verifyCaseFile(file.path, { evidence: true })).firstBroken).toBeNull();
      const second = await investigate({ file, tenant: b.tenant, actor: 'analyst@test' });
      expect(second.runStatus).toBe('completed');
      expect(file.investigation.unfinishedRun()).toBeNull();
      expect((await verifyCaseFile(file.path, { evidence: true })).firstBroken).toBeNull();
    } finally {
      await b.cleanup();
    }
  }, 120_000);

  it('verifies intact after a failed collection, which is logged with its run', async () => {
    const b = await bench(scenario(CONTOSO));
    try {
      const { id } = b.app.cases.create({ upn: 'nobody.here@contoso.com', tenant: 'contoso.com', blockedAt: null });
      const file = b.app.cases.caseFile(id);
      await expect(investigate({ file, tenant: b.tenant, actor: 'analyst@test' })).rejects.toThrow();
      expect(file.investigation.latestRun()?.status).toBe('failed');
      expect(file.latest('collection.finished')?.payload).toMatchObject({ status: 'failed' });
      const report = await verifyCaseFile(file.path, { evidence: true });
      expect(report.firstBroken).toBeNull();
    } finally {
      await b.cleanup();
    }
  }, 60_000);
});
