import { createHash } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { investigate } from '../../src/main/investigation/investigate.ts';
import { verifyCaseFile } from '../../src/main/store/case-file/verify.ts';
import { createApp } from '../../src/main/app/create-app.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { ADELE, scenario } from '../support/emulator.ts';
import { bench, openCase, type Bench } from '../support/investigation.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { runClearance } from '../support/cli.ts';
import { tamperWith } from '../support/tamper.ts';

let b: Bench;
let bundle: string;
let head: { seq: number; hash: string };
const tmp = makeTempDir();

/** A copy of the bundle changed by someone with SQLite and no scruples (triggers put back afterwards). */
function tampered(name: string, sql: string): string {
  const path = join(tmp.dir, `${name}.clearance`);
  copyFileSync(bundle, path);
  tamperWith(path, sql);
  return path;
}

beforeAll(async () => {
  b = await bench(scenario());
  const caseId = await openCase(b, ADELE.upn);
  await investigate({ file: b.app.cases.caseFile(caseId), tenant: b.tenant, actor: 'analyst@test' });
  const r = await b.app.dispatch('cases.exportBundle', { caseId, path: join(tmp.dir, 'adele.clearance') });
  if (!r.ok) throw new Error(r.error.message);
  ({ path: bundle, head } = r.value as { path: string; head: typeof head });
}, 60_000);
afterAll(async () => {
  await b?.cleanup();
  tmp.cleanup();
});

describe('case bundles', () => {
  it('round trip: the bundle verifies (chain and every evidence hash) and opens on another machine', async () => {
    const report = await verifyCaseFile(bundle, { evidence: true, expectedHead: head });
    expect(report).toMatchObject({ intact: true, firstBroken: null });
    expect(report.evidence!.records).toBeGreaterThan(1000);
    expect(report.evidence!.unanchored).toBe(0);

    const colleague = makeTempDir();
    const app = createApp({ mode: 'cli', dataDir: colleague.dir, actor: 'colleague@test', logger: silentLogger });
    try {
      const opened = await app.cases.openFile(bundle);
      expect(opened.report.intact).toBe(true);
      expect(opened.summary.upn).toBe(ADELE.upn);
    } finally {
      void app.close();
      colleague.cleanup();
    }
  });

  it('names a changed evidence body, a removed record, an edited log entry; the CLI exits 1 for each', async () => {
    const cases = [
      [
        'body',
        "UPDATE evidence SET body = replace(body, 'Lagos', 'Paris') WHERE id = (SELECT min(id) FROM evidence WHERE body LIKE '%Lagos%')",
        'evidence_altered',
      ],
      [
        'rehashed',
        `UPDATE evidence SET body = '{}', sha256 = '${createHash('sha256').update('{}').digest('hex')}' WHERE id = 7`,
        'evidence_mismatch',
      ],
      ['removed', 'DELETE FROM evidence WHERE id = (SELECT max(id) FROM evidence)', 'evidence_mismatch'],
      ['log', "UPDATE log SET actor = 'someone-else' WHERE seq = 2", 'hash_mismatch'],
      [
        'appended',
        `INSERT INTO evidence (source, record_key, run_id, request, fetched_at, body, sha256)
         VALUES ('signIns', 'planted', NULL, 'GET planted', '2026-11-26T00:00:00Z', '{}', '${createHash('sha256').update('{}').digest('hex')}')`,
        'evidence_mismatch',
      ],
    ] as const;
    for (const [name, sql, reason] of cases) {
      const path = tampered(name, sql);
      const report = await verifyCaseFile(path, { evidence: true });
      expect(report.intact, name).toBe(false);
      expect(report.firstBroken?.reason, name).toBe(reason);
      const cli = runClearance(['verify', path]);
      expect(cli.code, name).toBe(1);
      expect(cli.stdout).toContain(reason);
    }
  }, 60_000);

  it('warns on opening a tampered bundle, with the reason in plain words', async () => {
    const path = tampered('open', "UPDATE evidence SET body = body || ' ' WHERE id = 3");
    const colleague = makeTempDir();
    const app = createApp({ mode: 'cli', dataDir: colleague.dir, actor: 'colleague@test', logger: silentLogger });
    try {
      const opened = await app.cases.openFile(path);
      expect(opened.report).toMatchObject({ intact: false, firstBroken: { reason: 'evidence_altered' } });
      expect(opened.report.firstBroken!.detail).toContain('id 3');
    } finally {
      void app.close();
      colleague.cleanup();
    }
  });
});
