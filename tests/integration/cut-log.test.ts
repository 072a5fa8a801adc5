import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app/create-app.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { buildReport } from '../../src/main/report/build-report.ts';
import { CaseIndex } from '../../src/main/store/case-index/case-index.ts';
import { runClearance } from '../support/cli.ts';
import { dispatchOk } from '../support/investigation.ts';
import { makeTempDir } from '../support/temp-dir.ts';

let tmp: ReturnType<typeof makeTempDir>;
let app: App;
let dataDir: string;
beforeEach(() => {
  tmp = makeTempDir();
  dataDir = join(tmp.dir, 'data');
  app = createApp({ mode: 'cli', dataDir, actor: 'analyst@test', logger: silentLogger });
});
afterEach(async () => {
  await app.close();
  tmp.cleanup();
});

/** A case with five entries: created, then four notes. */
async function caseWithNotes(): Promise<string> {
  const { id } = app.cases.create({ upn: 'anna@contoso.com', tenant: 'contoso.com', blockedAt: null });
  for (const n of [1, 2, 3, 4]) await dispatchOk(app, 'cases.addNote', { caseId: id, text: `note ${n}` });
  return id;
}

/** As an attacker with the file would: drop the append-only trigger and delete the log from `fromSeq` on. */
function cutLog(caseId: string, fromSeq: number): void {
  const db = new Database(join(dataDir, 'cases', `${caseId}.clearance`));
  db.exec('DROP TRIGGER log_no_delete');
  db.prepare('DELETE FROM log WHERE seq >= ?').run(fromSeq);
  db.close();
}

function logLength(caseId: string): number {
  const db = new Database(join(dataDir, 'cases', `${caseId}.clearance`), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM log').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('a case log cut short', () => {
  it('refuses the next append (a checklist change, a note) and writes nothing, so it cannot be re-anchored', async () => {
    const caseId = await caseWithNotes();
    cutLog(caseId, 4); // entries 4 and 5 are gone; the index recorded 5

    const checklist = await app.dispatch('checklist.update', {
      caseId,
      item: 'determine.collect',
      state: 'done',
    });
    expect(checklist.ok).toBe(false);
    expect(checklist.ok ? null : checklist.error).toMatchObject({
      code: 'case_file_invalid',
      message: 'errors.logCutShort',
      params: { seq: 5 },
    });
    const note = await app.dispatch('cases.addNote', { caseId, text: 'after the cut' });
    expect(note.ok ? null : note.error.message).toBe('errors.logCutShort');
    expect(logLength(caseId)).toBe(3);

    const report = await dispatchOk(app, 'caseLog.verify', { caseId });
    expect(report.intact).toBe(false);
    expect(report.firstBroken).toMatchObject({ seq: 4, reason: 'head_mismatch' });
  });

  it('refuses to append to a log whose recorded entry was rewritten', async () => {
    const caseId = await caseWithNotes();
    // Cut to 3 entries and let a copy of the code without the check write two new ones at 4 and 5.
    cutLog(caseId, 4);
    const db = new Database(join(dataDir, 'cases', `${caseId}.clearance`));
    const last = db.prepare('SELECT * FROM log WHERE seq = 3').get() as Record<string, unknown>;
    db.prepare('INSERT INTO log (seq, at, actor, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      4,
      last.at,
      last.actor,
      last.kind,
      last.payload,
      last.hash,
      'f'.repeat(64),
    );
    db.prepare('INSERT INTO log (seq, at, actor, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      5,
      last.at,
      last.actor,
      last.kind,
      last.payload,
      'f'.repeat(64),
      'e'.repeat(64),
    );
    db.close();
    const note = await app.dispatch('cases.addNote', { caseId, text: 'after the rewrite' });
    expect(note.ok ? null : note.error).toMatchObject({ message: 'errors.logRewritten', params: { seq: 5 } });
    expect(logLength(caseId)).toBe(5);
  });

  it('still appends to an intact log (the check refuses only a mismatch)', async () => {
    const caseId = await caseWithNotes();
    const entry = await dispatchOk(app, 'cases.addNote', { caseId, text: 'one more' });
    expect(entry.seq).toBe(6);
  });

  it('shows in the report: the integrity check reads the anchor, not the cut chain alone', async () => {
    const caseId = await caseWithNotes();
    cutLog(caseId, 4);
    const report = buildReport(app.cases.caseFile(caseId), { language: 'en', generatedBy: 'analyst@test' });
    expect(report.integrity.intact).toBe(false);
    expect(report.integrity.firstBroken).toMatchObject({ seq: 4, reason: 'head_mismatch' });
  });

  it('is reported by `clearance verify` given the local case id, against this machine’s index', async () => {
    const caseId = await caseWithNotes();
    cutLog(caseId, 4);
    await app.close();
    const cut = runClearance(['verify', caseId, '--data-dir', dataDir]);
    expect(cut.stdout).toContain('BROKEN');
    expect(cut.stdout).toContain('head_mismatch');
    expect(cut.code).toBe(1);
    app = createApp({ mode: 'cli', dataDir, actor: 'analyst@test', logger: silentLogger });
  });
});

describe('the index anchor', () => {
  it('only moves forward: a writer recording its older entry late does not move it back', async () => {
    const caseId = await caseWithNotes();
    await app.close();
    const index = new CaseIndex(join(dataDir, 'index.sqlite'));
    try {
      expect(index.get(caseId)?.head.seq).toBe(5);
      index.recordHead(caseId, { seq: 3, hash: 'a'.repeat(64) }, '2026-12-07T00:00:00.000Z');
      expect(index.get(caseId)?.head.seq).toBe(5);
      index.recordHead(caseId, { seq: 6, hash: 'b'.repeat(64) }, '2026-12-07T00:00:00.000Z');
      expect(index.get(caseId)?.head).toEqual({ seq: 6, hash: 'b'.repeat(64) });
    } finally {
      index.close();
      app = createApp({ mode: 'cli', dataDir, actor: 'analyst@test', logger: silentLogger });
    }
  });
});
