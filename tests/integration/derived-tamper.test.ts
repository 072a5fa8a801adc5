import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/import/import-files.ts';
import { investigate, redetect } from '../../src/main/investigation/investigate.ts';
import { buildReport } from '../../src/main/report/build-report.ts';
import { renderHtml } from '../../src/main/report/render-html.ts';
import { renderMarkdown } from '../../src/main/report/render-markdown.ts';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { InvestigationStore } from '../../src/main/store/case-file/investigation-store.ts';
import { verifyCaseFile } from '../../src/main/store/case-file/verify.ts';
import { ROOT } from '../support/cli.ts';
import { ADELE, CONTOSO, scenario } from '../support/emulator.ts';
import { bench, openCase } from '../support/investigation.ts';
import { TAMPER_CASES } from '../support/tamper-cases.ts';
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

function tamper(path: string, mutate: (db: Database.Database) => void): void {
  const db = new Database(path);
  try {
    mutate(db);
  } finally {
    db.close();
  }
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
  it('verifies the untouched case intact, with detections, an import and a collection in it', () => {
    const file = CaseFile.open(pristine, { readonly: true });
    try {
      const db = file.database;
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      expect(count('SELECT count(*) AS n FROM detection_run')).toBe(2);
      expect(count('SELECT count(*) AS n FROM collection_run')).toBe(2);
      expect(count('SELECT count(*) AS n FROM finding')).toBeGreaterThan(0);
      expect(count('SELECT count(*) AS n FROM event')).toBeGreaterThan(100);
      expect(new InvestigationStore(db).latestDetection()?.report.verdict).toBe('compromised');
    } finally {
      file.close();
    }
    const report = verifyCaseFile(pristine, { evidence: true });
    expect(report.firstBroken).toBeNull();
    expect(report.intact).toBe(true);
  });

  for (const tc of TAMPER_CASES)
    it(`reports ${tc.name} as ${tc.reason}`, () => {
      const path = copy();
      tamper(path, tc.mutate);
      const report = verifyCaseFile(path, { evidence: true });
      expect(report.intact).toBe(false);
      expect(report.firstBroken?.reason).toBe(tc.reason);
    });

  it('checks the detection, collection and header without the evidence pass too (the case page)', () => {
    for (const name of [
      'detection verdict flipped to not compromised',
      'source coverage changed',
      'case status changed to closed',
    ]) {
      const path = copy();
      tamper(path, TAMPER_CASES.find((t) => t.name === name)!.mutate);
      expect(verifyCaseFile(path).intact, name).toBe(false);
    }
  });

  it('shows no verdict the log did not record: a flipped run reads as no detection', () => {
    const path = copy();
    tamper(path, TAMPER_CASES.find((t) => t.name === 'detection verdict flipped to not compromised')!.mutate);
    const file = CaseFile.open(path, { readonly: true });
    try {
      expect(new InvestigationStore(file.database).latestDetection()).toBeNull();
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
      expect(new InvestigationStore(file.database).unfinishedRun()).not.toBeNull();
      expect(verifyCaseFile(file.path, { evidence: true }).firstBroken).toBeNull();
      const second = await investigate({ file, tenant: b.tenant, actor: 'analyst@test' });
      expect(second.runStatus).toBe('completed');
      expect(new InvestigationStore(file.database).unfinishedRun()).toBeNull();
      expect(verifyCaseFile(file.path, { evidence: true }).firstBroken).toBeNull();
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
      expect(new InvestigationStore(file.database).latestRun()?.status).toBe('failed');
      expect(file.latest('collection.finished')?.payload).toMatchObject({ status: 'failed' });
      const report = verifyCaseFile(file.path, { evidence: true });
      expect(report.firstBroken).toBeNull();
    } finally {
      await b.cleanup();
    }
  }, 60_000);
});
