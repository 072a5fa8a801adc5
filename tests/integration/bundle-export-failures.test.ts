import { existsSync, lstatSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app/create-app.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { verifyCaseFile } from '../../src/main/store/case-file/verify.ts';
import { dispatchOk } from '../support/investigation.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const SIGN_INS = join(import.meta.dirname, '../fixtures/exports/entra-signins.csv');

let data: ReturnType<typeof makeTempDir>;
let out: ReturnType<typeof makeTempDir>;
let app: App;
let caseId: string;

/** Every kind in the live case's log, oldest first. */
async function kinds(): Promise<string[]> {
  const log = await dispatchOk(app, 'caseLog.list', { caseId, afterSeq: 0, limit: 500 });
  return log.entries.map((e) => e.kind);
}

async function refused(path: string): Promise<{ code: string; message: string }> {
  const r = await app.dispatch('cases.exportBundle', { caseId, path });
  expect(r.ok).toBe(false);
  return r.ok ? { code: 'ok', message: '' } : { code: r.error.code, message: r.error.message };
}

beforeEach(async () => {
  data = makeTempDir();
  out = makeTempDir();
  app = createApp({ mode: 'cli', dataDir: data.dir, actor: 'ana@ws1', logger: silentLogger });
  caseId = app.cases.create({ upn: 'anna@contoso.com', tenant: 'contoso.com', blockedAt: null }).id;
  await dispatchOk(app, 'import.files', { caseId, paths: [SIGN_INS] });
});
afterEach(async () => {
  await app.close();
  data.cleanup();
  out.cleanup();
});

describe('exporting a bundle', () => {
  it('ends the bundle with the same case.exported entry the live log gets, and verifies intact with it', async () => {
    const before = await kinds();
    const path = join(out.dir, 'anna.clearance');
    const written = await dispatchOk(app, 'cases.exportBundle', { caseId, path });
    expect(written.evidence.records).toBeGreaterThan(0);
    expect(await kinds()).toEqual([...before, 'case.exported']);

    const report = await verifyCaseFile(path, { evidence: true, expectedHead: written.head });
    expect(report).toMatchObject({ intact: true, firstBroken: null, entries: before.length + 1 });
    expect(report.evidence).toMatchObject({ unanchored: 0, records: written.evidence.records });

    const bundle = CaseFile.open(path, { readonly: true });
    const last = bundle.listLog(before.length, 5).entries;
    bundle.close();
    const live = (await dispatchOk(app, 'caseLog.list', { caseId, afterSeq: before.length, limit: 5 })).entries;
    expect(last).toHaveLength(1);
    expect(last[0]!.kind).toBe('case.exported');
    // One entry in both chains: the hash the analyst passes on is the live case's head too.
    expect(live).toEqual(last);
    expect(written.head).toEqual({ seq: before.length + 1, hash: live[0]!.hash });
    // Private, and no staging file or journal left beside it.
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(out.dir)).toEqual(['anna.clearance']);
  });

  it('refuses an existing file, a symlink and a dangling symlink: nothing logged, nothing written through the link', async () => {
    const before = await kinds();
    const existing = join(out.dir, 'existing.clearance');
    writeFileSync(existing, 'keep me');
    const victim = join(out.dir, 'victim.txt');
    writeFileSync(victim, 'keep me too');
    const link = join(out.dir, 'link.clearance');
    symlinkSync(victim, link);
    const nowhere = join(out.dir, 'created-through-the-link');
    const dangling = join(out.dir, 'dangling.clearance');
    symlinkSync(nowhere, dangling);

    for (const path of [existing, link, dangling])
      expect(await refused(path), path).toEqual({ code: 'conflict', message: 'errors.bundleExists' });

    expect(await kinds()).toEqual(before);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    expect(readFileSync(victim, 'utf8')).toBe('keep me too');
    expect(existsSync(nowhere)).toBe(false);
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(readdirSync(out.dir).sort()).toEqual([
      'dangling.clearance',
      'existing.clearance',
      'link.clearance',
      'victim.txt',
    ]);
  });

  it('refuses a folder that cannot be written (a file where a folder should be): nothing logged', async () => {
    const before = await kinds();
    const file = join(out.dir, 'not-a-folder');
    writeFileSync(file, '');
    expect(await refused(join(file, 'anna.clearance'))).toEqual({
      code: 'invalid_input',
      message: 'errors.bundleUnwritable',
    });
    expect(await kinds()).toEqual(before);
    expect(readdirSync(out.dir)).toEqual(['not-a-folder']);
    // And the case still exports afterwards, with exactly one export entry.
    await dispatchOk(app, 'cases.exportBundle', { caseId, path: join(out.dir, 'later.clearance') });
    expect((await kinds()).filter((k) => k === 'case.exported')).toHaveLength(1);
  });
});

describe('exporting a report', () => {
  it('writes it private and logs it; refuses a dangling symlink without writing through it or logging', async () => {
    const before = await kinds();
    const nowhere = join(out.dir, 'created-through-the-link');
    const dangling = join(out.dir, 'report.md');
    symlinkSync(nowhere, dangling);
    const r = await app.dispatch('report.export', { caseId, format: 'md', path: dangling });
    expect(r.ok ? null : { code: r.error.code, message: r.error.message }).toEqual({
      code: 'conflict',
      message: 'errors.reportExists',
    });
    expect(existsSync(nowhere)).toBe(false);
    expect(await kinds()).toEqual(before);

    const path = join(out.dir, 'report.json');
    const written = await dispatchOk(app, 'report.export', { caseId, format: 'json', path });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(written.bytes).toBe(statSync(path).size);
    expect(await kinds()).toEqual([...before, 'report.exported']);
    expect(readdirSync(out.dir).sort()).toEqual(['report.json', 'report.md']);
  });
});
