import { copyFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app/create-app.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { caseFileMigrations } from '../../src/main/store/case-file/schema.ts';
import { verifyCase } from '../../src/main/store/case-file/verify.ts';
import { latestVersion } from '../../src/main/store/migrate.ts';
import { openDatabase } from '../../src/main/store/sqlite.ts';
import { makeTempDir } from '../support/temp-dir.ts';

/*
 * A case file written by the first release's code (commit 7fe6dbd, schema v1); how it was made is in
 * tests/fixtures/case-files/README.md. The hashes below are the ones that code wrote, not recomputed here.
 */
const FIXTURE = join(import.meta.dirname, '../fixtures/case-files/v1.clearance');
const FIXTURE_SHA256 = '9e42af0a3c1f4feea1b51dec504f86d56a0668a99300e328973b3ff4fd5e78c0';
const CASE_ID = '6c1f0d2a-8b4e-4f3a-9d57-2e1b0c9a7f15';
const V1_ENTRIES = [
  {
    seq: 1,
    kind: 'case.created',
    actor: 'analyst@workstation',
    at: '2026-11-26T17:00:00.000Z',
    payload: {
      caseId: CASE_ID,
      upn: 'ana.jensen@contoso.example',
      tenant: 'contoso.example',
      blockedAt: '2026-11-26T16:30:00.000Z',
    },
    hash: 'd60026d7bfbbe3657d561458720b3253ad5c894e6733f999434f37888455b6cf',
  },
  {
    seq: 2,
    kind: 'note.added',
    actor: 'analyst@workstation',
    at: '2026-11-26T17:05:00.000Z',
    payload: { text: 'Brugeren blev spærret kl. 16:30; MFA-metoder gennemgås. Ærø ☃' },
    hash: '22fc9a6d23d7eb294a40f70c368ccc7484c26f90e0add3afd8fa187db31c7765',
  },
  {
    seq: 3,
    kind: 'note.added',
    actor: 'analyst@workstation',
    at: '2026-11-26T17:10:00.000Z',
    payload: { text: 'Inbox rules checked: none.' },
    hash: '28fd91d10f298b877dfdf23b4bb37a7faaeb956c7ce13d36363afb8739777a10',
  },
];

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

function copyOfFixture(): string {
  const path = join(tmp.dir, 'from-v1.clearance');
  copyFileSync(FIXTURE, path);
  return path;
}

describe('a case file from schema v1 (the first release)', () => {
  it('is the committed file, still at version 1', () => {
    expect(createHash('sha256').update(readFileSync(FIXTURE)).digest('hex')).toBe(FIXTURE_SHA256);
    // A copy: even a read-only open of a WAL file leaves -wal/-shm files beside it.
    const db = openDatabase(copyOfFixture(), { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('migrates to the latest schema and verifies intact with its three entries', () => {
    const path = copyOfFixture();
    const file = CaseFile.open(path);
    try {
      expect(file.header).toMatchObject({ id: CASE_ID, upn: 'ana.jensen@contoso.example', status: 'open' });
      expect(file.listLog(0, 10).entries).toMatchObject(V1_ENTRIES);
      expect(verifyCase(file, { evidence: true })).toMatchObject({
        intact: true,
        caseId: CASE_ID,
        entries: 3,
        head: { seq: 3, hash: V1_ENTRIES[2]!.hash },
        firstBroken: null,
      });
      // The migrated file takes new entries on the old chain.
      const next = file.append({
        kind: 'note.added',
        actor: 'ana@ws1',
        at: '2026-12-07T10:00:00.000Z',
        payload: { text: 'after' },
      });
      expect(next).toMatchObject({ seq: 4, prevHash: V1_ENTRIES[2]!.hash });
    } finally {
      file.close();
    }
    const db = openDatabase(path, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(latestVersion(caseFileMigrations));
      expect(latestVersion(caseFileMigrations)).toBeGreaterThan(1);
    } finally {
      db.close();
    }
  });

  it('opens through "Open a case file" and verifies intact, the v1 entries first', async () => {
    const path = copyOfFixture();
    const app: App = createApp({ mode: 'cli', dataDir: join(tmp.dir, 'data'), actor: 'ana@ws1', logger: silentLogger });
    try {
      const opened = await app.dispatch('cases.openFile', { path });
      if (!opened.ok) throw new Error(JSON.stringify(opened.error));
      expect(opened.value).toMatchObject({
        summary: { id: CASE_ID },
        report: { intact: true, entries: 3, firstBroken: null },
      });
      const log = await app.dispatch('caseLog.list', { caseId: CASE_ID });
      if (!log.ok) throw new Error(JSON.stringify(log.error));
      const entries = (log.value as { entries: { kind: string }[] }).entries;
      expect(entries.slice(0, 3)).toMatchObject(V1_ENTRIES);
      expect(entries.map((e) => e.kind)).toEqual(['case.created', 'note.added', 'note.added', 'case.received']);
      const verified = await app.dispatch('caseLog.verify', { caseId: CASE_ID });
      expect(verified).toMatchObject({ ok: true, value: { intact: true, entries: 4 } });
    } finally {
      await app.close();
    }
    // The file the analyst was handed is left as it was.
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(FIXTURE_SHA256);
  });
});
