import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app/create-app.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { CaseLock } from '../../src/main/store/case-lock.ts';
import { CLI, ROOT, runClearance } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const USER = 'sara.lund@nordhavn.dk';
/** The exit codes of a finished import: not compromised, compromised, inconclusive. */
const VERDICT_EXITS = [0, 3, 4];

let tmp: ReturnType<typeof makeTempDir>;
let dataDir: string;
let app: App | null;
const children: ChildProcess[] = [];
beforeEach(() => {
  tmp = makeTempDir();
  dataDir = join(tmp.dir, 'data');
  app = createApp({ mode: 'cli', dataDir, actor: 'analyst@test', logger: silentLogger });
});
afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.length = 0;
  await app?.close();
  tmp.cleanup();
});

/** A Log Analytics SigninLogs download with `rows` distinct sign-ins. */
function signIns(name: string, rows: number): string {
  const path = join(tmp.dir, name);
  const lines = [
    'TimeGenerated [UTC],Id,UserPrincipalName,IPAddress,ResultType,ResultDescription,AppDisplayName,ClientAppUsed,Type',
  ];
  for (let i = 0; i < rows; i++) {
    const at = new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString();
    lines.push(`${at},${name}-${i},${USER},87.62.100.${i % 250},0,,Office 365 Exchange Online,Browser,SigninLogs`);
  }
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return path;
}

/** `clearance import <file> --case <id>` as a child process, not waited for. */
function startImport(
  path: string,
  caseId: string,
): { child: ChildProcess; done: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, 'import', path, '--case', caseId, '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr })),
  );
  return { child, done };
}

function caseDb(caseId: string): Database.Database {
  return new Database(join(dataDir, 'cases', `${caseId}.clearance`), { readonly: true });
}

function evidenceRows(caseId: string): number {
  const db = caseDb(caseId);
  try {
    return (db.prepare('SELECT count(*) AS n FROM evidence').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** The import entries of the log, oldest first, and the most evidence any of them anchored. */
function importEntries(caseId: string): { kinds: string[]; files: string[]; anchored: number } {
  const db = caseDb(caseId);
  try {
    const rows = db.prepare('SELECT kind, payload FROM log ORDER BY seq').all() as Array<{
      kind: string;
      payload: string;
    }>;
    const imported = rows
      .filter((r) => r.kind === 'evidence.imported')
      .map((r) => JSON.parse(r.payload) as { file: string; evidence: { records: number } });
    return {
      kinds: rows.map((r) => r.kind),
      files: imported.map((p) => p.file),
      anchored: Math.max(0, ...imported.map((p) => p.evidence.records)),
    };
  } finally {
    db.close();
  }
}

/** Evidence rows not anchored by any import entry, read in one snapshot of the case file. */
function snapshot(caseId: string): number {
  const db = caseDb(caseId);
  try {
    return db.transaction(() => {
      const rows = (db.prepare('SELECT count(*) AS n FROM evidence').get() as { n: number }).n;
      const payloads = db.prepare("SELECT payload FROM log WHERE kind = 'evidence.imported'").pluck().all() as string[];
      const anchored = Math.max(
        0,
        ...payloads.map((p) => (JSON.parse(p) as { evidence: { records: number } }).evidence.records),
      );
      return rows - anchored;
    })();
  } finally {
    db.close();
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(50);
  }
}

function newCase(): string {
  return app!.cases.create({ upn: USER, tenant: 'nordhavn.dk', blockedAt: null }).id;
}

describe('two writers on one case', () => {
  it('runs two CLI imports into one case one after the other: both complete, every row anchored by an entry', async () => {
    const caseId = newCase();
    const a = signIns('a.csv', 25_000);
    const b = signIns('b.csv', 25_000);
    const first = startImport(a, caseId);
    const second = startImport(b, caseId);
    const [one, two] = await Promise.all([first.done, second.done]);
    expect(VERDICT_EXITS).toContain(one.code);
    expect(one.stderr).not.toMatch(/database is locked|internal/i);
    // The second waits for the first; on a very slow machine it may be refused as busy, never half-stored.
    const complete = VERDICT_EXITS.includes(two.code ?? -1);
    expect(complete ? 'completed' : two.stderr).toMatch(/^completed$|in use by/);

    const { kinds, files, anchored } = importEntries(caseId);
    expect(evidenceRows(caseId)).toBe(complete ? 50_000 : 25_000);
    expect(anchored).toBe(evidenceRows(caseId));
    // One writer at a time: each import's entries (its slices, then its detection) are not interleaved.
    const order = files.map((f) => f[0]).join('');
    expect(order).toMatch(complete ? /^(a{3}b{3}|b{3}a{3})$/ : /^(a{3}|b{3})$/);
    expect(kinds.filter((k) => k === 'detection.completed')).toHaveLength(complete ? 2 : 1);
    expect(kinds.at(-1)).toBe('detection.completed');

    const verified = runClearance(['verify', caseId, '--data-dir', dataDir]);
    expect(verified.stdout).toContain('intact');
    expect(verified.code).toBe(0);
  }, 240_000);

  it('leaves no evidence without its entry when an import is killed, and the next import takes over its lock', async () => {
    const caseId = newCase();
    const big = signIns('big.csv', 60_000);
    const run = startImport(big, caseId);
    // Killed once some slices are stored, well before the end.
    await waitFor(() => evidenceRows(caseId) >= 10_000, 120_000);
    run.child.kill('SIGKILL');
    await run.done;
    expect(existsSync(join(dataDir, 'cases', `${caseId}.clearance.lock`))).toBe(true);

    const stored = evidenceRows(caseId);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(60_000);
    expect(importEntries(caseId).anchored).toBe(stored);

    // The lock's process is gone: the retry takes it over, and stores the rest.
    const retry = startImport(big, caseId);
    const result = await retry.done;
    expect(VERDICT_EXITS).toContain(result.code);
    expect(evidenceRows(caseId)).toBe(60_000);
    expect(importEntries(caseId).anchored).toBe(60_000);
    expect(existsSync(join(dataDir, 'cases', `${caseId}.clearance.lock`))).toBe(false);
  }, 240_000);

  it('keeps the notes added throughout a CLI import, its detection included (or refuses them as busy, never "internal")', async () => {
    const caseId = newCase();
    const run = startImport(signIns('big.csv', 40_000), caseId);
    let exited = false;
    void run.done.then(() => (exited = true));
    await waitFor(() => evidenceRows(caseId) >= 10_000, 120_000);
    // A note every 100 ms until the import (slices, then the timeline rebuild and detection) is done; and
    // at each, what a crash would leave: every stored row already anchored by an entry (one snapshot).
    const outcomes: string[] = [];
    const unanchored: number[] = [];
    while (!exited) {
      const note = await app!.dispatch('cases.addNote', { caseId, text: `note ${outcomes.length}` });
      outcomes.push(note.ok ? 'kept' : note.error.code);
      unanchored.push(snapshot(caseId));
      await sleep(100);
    }
    expect(unanchored.filter((n) => n !== 0)).toEqual([]);
    const result = await run.done;
    expect(VERDICT_EXITS).toContain(result.code);
    expect(outcomes.length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o !== 'kept' && o !== 'case_busy')).toEqual([]);
    const db = caseDb(caseId);
    const notes = db.prepare("SELECT count(*) AS n FROM log WHERE kind = 'note.added'").get() as { n: number };
    db.close();
    expect(notes.n).toBe(outcomes.filter((o) => o === 'kept').length);
    expect(importEntries(caseId).anchored).toBe(40_000);
  }, 240_000);
});

/** Another process holding the case's SQLite write lock for `ms`; resolves once it holds it. */
async function holdWriteLock(caseId: string, ms: number): Promise<ChildProcess> {
  const path = join(dataDir, 'cases', `${caseId}.clearance`);
  const script = `const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.exec('BEGIN IMMEDIATE');
    process.stdout.write('held\\n'); const end = Date.now() + Number(process.argv[2]); while (Date.now() < end) {}
    db.exec('COMMIT'); db.close();`;
  const child = spawn(process.execPath, ['-e', script, path, String(ms)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  return child;
}

describe('a short append while another process writes', () => {
  it('waits past the first busy timeout instead of failing, and the note is kept', async () => {
    const caseId = newCase();
    await holdWriteLock(caseId, 7_000); // longer than SQLite's first 5 s wait
    const note = await app!.dispatch('cases.addNote', { caseId, text: 'waited' });
    expect(note.ok ? (note.value as { seq: number }).seq : note.error).toBe(2);
  }, 60_000);

  it('is refused as case_busy (not internal) when the other writer does not finish in time', async () => {
    const caseId = newCase();
    await holdWriteLock(caseId, 25_000);
    const note = await app!.dispatch('cases.addNote', { caseId, text: 'refused' });
    expect(note.ok ? null : note.error).toMatchObject({ code: 'case_busy', message: 'errors.caseBusyWriting' });
  }, 60_000);
});

describe('long operations in this process', () => {
  it('refuses a re-run of detection while another process imports into the case, naming it', async () => {
    const caseId = newCase();
    await app!.dispatch('import.files', { caseId, paths: [signIns('small.csv', 5)], progressId: 'p1' });
    // As a CLI import in another process would hold it.
    const casePath = join(dataDir, 'cases', `${caseId}.clearance`);
    const lock = await CaseLock.acquire(casePath, { actor: 'bo@nordhavn.dk (cli)', what: 'import' });
    try {
      const refused = await app!.dispatch('investigation.redetect', { caseId });
      expect(refused.ok ? null : refused.error).toMatchObject({
        code: 'case_busy',
        message: 'errors.caseBusyBy.import',
        params: { what: 'import', who: expect.stringContaining('bo@nordhavn.dk (cli)') },
      });
    } finally {
      lock.release();
    }
    const again = await app!.dispatch('investigation.redetect', { caseId });
    expect(again.ok).toBe(true);
  }, 60_000);
});
