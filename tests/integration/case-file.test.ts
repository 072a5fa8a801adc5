import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseFile, type CaseHeader } from '../../src/main/store/case-file/case-file.ts';
import { CASE_FILE_APPLICATION_ID, caseFileMigrations } from '../../src/main/store/case-file/schema.ts';
import { verifyCaseFile } from '../../src/main/store/case-file/verify.ts';
import { latestVersion, migrate, SchemaFromFutureError, WrongDatabaseKindError } from '../../src/main/store/migrate.ts';
import { openDatabase } from '../../src/main/store/sqlite.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const header: CaseHeader = {
  id: '0b6c3c52-41b4-4a8f-9b3e-5d8f5b8f0f11',
  upn: 'anna@contoso.com',
  tenant: 'contoso.onmicrosoft.com',
  blockedAt: '2026-11-20T08:15:00.000Z',
  createdAt: '2026-11-26T10:00:00.000Z',
  createdBy: 'ana@ws1',
  status: 'open',
};

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

function note(file: CaseFile, text: string, at = '2026-11-26T10:05:00.000Z') {
  return file.append({ kind: 'note.added', actor: 'ana@ws1', at, payload: { text } });
}

describe('case file', () => {
  it('is created with its header and a creation entry, in WAL mode with foreign keys', () => {
    const path = join(tmp.dir, 'a.clearance');
    const file = CaseFile.create(path, header);
    expect(file.header).toEqual(header);
    const { entries } = file.listLog(0, 10);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      seq: 1,
      kind: 'case.created',
      actor: 'ana@ws1',
      payload: { upn: 'anna@contoso.com' },
    });
    file.close();
    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(CASE_FILE_APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion(caseFileMigrations));
    db.close();
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.creating'))).toEqual([]);
  });

  it('chains every appended entry to the one before it', () => {
    const file = CaseFile.create(join(tmp.dir, 'a.clearance'), header);
    const second = note(file, 'first look');
    const third = note(file, 'second look');
    expect(second.seq).toBe(2);
    expect(third.prevHash).toBe(second.hash);
    expect(file.head()).toEqual({ seq: 3, hash: third.hash });
    file.close();
    expect(verifyCaseFile(join(tmp.dir, 'a.clearance'))).toMatchObject({ intact: true, entries: 3, firstBroken: null });
  });

  it('pages the log by sequence number', () => {
    const file = CaseFile.create(join(tmp.dir, 'a.clearance'), header);
    for (let i = 0; i < 9; i++) note(file, `n${i}`);
    const first = file.listLog(0, 4);
    expect(first.entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(first.hasMore).toBe(true);
    const last = file.listLog(8, 4);
    expect(last.entries.map((e) => e.seq)).toEqual([9, 10]);
    expect(last.hasMore).toBe(false);
    file.close();
  });

  it('refuses to update or delete log rows', () => {
    const path = join(tmp.dir, 'a.clearance');
    CaseFile.create(path, header).close();
    const db = new Database(path);
    expect(() => db.prepare("UPDATE log SET payload = '{}' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM log WHERE seq = 1').run()).toThrow(/append-only/);
    db.close();
  });

  it('keeps the payload exactly as hashed (canonical JSON) and tenant text intact', () => {
    const file = CaseFile.create(join(tmp.dir, 'a.clearance'), header);
    const hostile = '<img src=x onerror=alert(1)> \u202e "quoted" \n newline';
    note(file, hostile);
    expect(file.listLog(1, 1).entries[0]?.payload.text).toBe(hostile);
    file.close();
  });

  it('opens and verifies after being copied to another folder (another machine)', () => {
    const path = join(tmp.dir, 'a.clearance');
    const file = CaseFile.create(path, header);
    note(file, 'handed over');
    file.close();
    const elsewhere = join(tmp.dir, 'elsewhere');
    mkdirSync(elsewhere);
    copyFileSync(path, join(elsewhere, 'copy.clearance'));
    expect(existsSync(`${path}-wal`)).toBe(false); // closing checkpointed the log into the file itself
    const report = verifyCaseFile(join(elsewhere, 'copy.clearance'));
    expect(report).toMatchObject({ intact: true, caseId: header.id, entries: 2 });
    const reopened = CaseFile.open(join(elsewhere, 'copy.clearance'));
    expect(reopened.header).toEqual(header);
    reopened.close();
  });

  it('can be copied while open: the file alone holds every committed entry', () => {
    const path = join(tmp.dir, 'a.clearance');
    const file = CaseFile.create(path, header);
    note(file, 'latest finding');
    copyFileSync(path, join(tmp.dir, 'live-copy.clearance')); // no -wal copied with it
    expect(verifyCaseFile(join(tmp.dir, 'live-copy.clearance'))).toMatchObject({ intact: true, entries: 2 });
    file.close();
  });

  it('refuses a file from a newer Clearance and a SQLite file of another kind', () => {
    const future = join(tmp.dir, 'future.clearance');
    CaseFile.create(future, header).close();
    const db = new Database(future);
    db.pragma('user_version = 99');
    db.close();
    expect(() => CaseFile.open(future)).toThrow(SchemaFromFutureError);

    const other = join(tmp.dir, 'other.sqlite');
    const odb = new Database(other);
    odb.pragma('application_id = 7');
    odb.exec('CREATE TABLE x (y)');
    odb.close();
    expect(() => CaseFile.open(other)).toThrow(WrongDatabaseKindError);
    expect(verifyCaseFile(other)).toMatchObject({ intact: false, firstBroken: { reason: 'not_a_case_file' } });
  });

  it('runs pending migrations once and in one transaction', () => {
    const db = openDatabase(join(tmp.dir, 'm.sqlite'), { create: true });
    const latest = latestVersion(caseFileMigrations);
    expect(migrate(db, caseFileMigrations, CASE_FILE_APPLICATION_ID)).toBe(latest);
    expect(migrate(db, caseFileMigrations, CASE_FILE_APPLICATION_ID)).toBe(latest);
    const failing = [
      ...caseFileMigrations,
      { version: 999, name: 'broken', up: () => db.exec('CREATE TABLE oops (a); SELECT * FROM nowhere') },
    ];
    expect(() => migrate(db, failing, CASE_FILE_APPLICATION_ID)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'oops'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('upgrades a version-1 case file in place, keeping its log intact', () => {
    // A case file as version 1 left it: made now, then stripped back to the version-1 schema.
    const v1 = CaseFile.create(join(tmp.dir, 'made.clearance'), header);
    v1.close();
    const raw = new Database(join(tmp.dir, 'made.clearance'));
    raw.exec(
      'DROP TABLE event_hour; DROP TABLE event_fts; DROP TABLE finding; DROP TABLE detection_run; DROP TABLE event; DROP TABLE evidence; DROP TABLE source_run; DROP TABLE collection_run;',
    );
    raw.pragma('user_version = 1');
    raw.close();
    const upgraded = CaseFile.open(join(tmp.dir, 'made.clearance'));
    upgraded.close();
    const check = new Database(join(tmp.dir, 'made.clearance'), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(latestVersion(caseFileMigrations));
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'evidence'").get()).toEqual({ n: 1 });
    check.close();
    expect(verifyCaseFile(join(tmp.dir, 'made.clearance'))).toMatchObject({ intact: true, entries: 1 });
  });
});
