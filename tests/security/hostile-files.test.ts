import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/main/app/create-app.ts';
import { CaseService } from '../../src/main/cases/case-service.ts';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { AppError } from '../../src/main/core/app-error.ts';
import { EventBus } from '../../src/main/core/event-bus.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { RECEIVED_FILE_MAX_BYTES } from '../../src/main/store/case-file/received-file.ts';
import { verifyCaseFile } from '../../src/main/store/case-file/verify.ts';
import { translate } from '../../src/shared/i18n/index.ts';
import { runClearance } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { tamperWith } from '../support/tamper.ts';
import { HOSTILE_FILES, makeValidCase, type HostileCase, type Valid } from './hostile-files.ts';

/** The deadline these tests give the worker: generous for a loaded machine, and what "no hang" is held to. */
const TIMEOUT_MS = 20_000;

const tmp = makeTempDir('clearance-hostile-');
let valid: Valid;
let n = 0;

beforeAll(async () => {
  valid = await makeValidCase(tmp.dir);
  mkdirSync(join(tmp.dir, 'verify-staging'));
}, 60_000);
afterAll(() => tmp.cleanup());

/** Every entry under `dir`, never following a link or opening anything but a regular file: path → kind, size, hash. */
function snapshot(dir: string, skip?: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (path === skip) continue;
      const stat = lstatSync(path);
      const key = relative(tmp.dir, path);
      if (stat.isDirectory()) {
        out.set(key, 'dir');
        walk(path);
      } else if (stat.isFile()) {
        out.set(key, `file ${stat.size} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
      } else out.set(key, stat.isSymbolicLink() ? 'link' : 'other');
    }
  };
  walk(dir);
  return out;
}

function service(dataDir: string, maxBytes = RECEIVED_FILE_MAX_BYTES, timeoutMs = TIMEOUT_MS): CaseService {
  return new CaseService({
    dataDir,
    actor: 'receiver@test',
    events: new EventBus(),
    receivedFileLimits: { maxBytes, timeoutMs },
  });
}

async function openOutcome(
  cases: CaseService,
  path: string,
): Promise<{ refused: string; params: Record<string, string | number> } | { opened: string | null; caseId: string }> {
  try {
    const { summary, report } = await cases.openFile(path);
    return { opened: report.firstBroken?.reason ?? null, caseId: summary.id };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { refused: error.message, params: error.params ?? {} };
  }
}

describe('hostile case files: opened, verified, adopted', () => {
  it('the corpus holds every case the issue lists and more, each named once', () => {
    expect(HOSTILE_FILES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(HOSTILE_FILES.map((c) => c.name)).size).toBe(HOSTILE_FILES.length);
  });

  it.each(HOSTILE_FILES.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c: HostileCase) => {
      const dir = join(tmp.dir, `case-${++n}`);
      mkdirSync(dir);
      const path = c.make({ dir, valid });
      const dataDir = join(tmp.dir, `data-${n}`);
      const cases = service(dataDir, c.maxBytes);
      const outside = snapshot(tmp.dir, dataDir);
      const dataBefore = snapshot(dataDir);
      try {
        const started = Date.now();
        const outcome = await openOutcome(cases, path);
        expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 5_000);
        if ('refused' in c.open) {
          expect(outcome).toEqual({ refused: c.open.refused, params: c.open.params ?? {} });
          expect(snapshot(dataDir)).toEqual(dataBefore); // nothing written, not even the staging copy
          // The reason reads in both languages with its parameters filled in.
          for (const language of ['en', 'da'] as const) {
            const text = translate(c.open.refused, c.open.params ?? {}, language);
            expect(text).not.toBe(c.open.refused);
            expect(text).not.toContain('{{');
          }
        } else {
          expect(outcome).toEqual({ opened: c.open.opened, caseId: valid.caseId });
          expect(existsSync(join(dataDir, 'cases', `${valid.caseId}.clearance`))).toBe(true);
        }
        expect(snapshot(tmp.dir, dataDir)).toEqual(outside); // nothing outside the data folder changed

        if (c.after === 'walIgnored') {
          const copy = new Database(join(dataDir, 'cases', `${valid.caseId}.clearance`), { readonly: true });
          expect(copy.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'planted'").get()).toEqual({
            n: 0,
          });
          copy.close();
          expect(existsSync(`${path}-wal`)).toBe(true);
          expect(existsSync(`${path}-shm`)).toBe(false);
        }
        if (c.after === 'fromEscaped') {
          const last = cases.listLog(valid.caseId, 0, 500).entries.at(-1);
          expect(last?.kind).toBe('case.received');
          expect(last?.payload.from).toBe('evil\\u001b[2J\\u000a\\u202egnp.clearance');
        }

        const verifyStarted = Date.now();
        const report = await verifyCaseFile(path, {
          evidence: true,
          stagingDir: join(tmp.dir, 'verify-staging'),
          limits: { maxBytes: c.maxBytes ?? RECEIVED_FILE_MAX_BYTES, timeoutMs: TIMEOUT_MS },
        });
        expect(Date.now() - verifyStarted).toBeLessThan(TIMEOUT_MS + 5_000);
        if ('intact' in c.verify) {
          expect(report).toMatchObject({ intact: true, firstBroken: null, caseId: valid.caseId });
        } else {
          expect(report.intact).toBe(false);
          expect(report.firstBroken?.reason).toBe(c.verify.reason);
          expect(report.firstBroken?.detail).toMatch(c.verify.detail ?? /./);
        }
        expect(snapshot(tmp.dir, dataDir)).toEqual(outside);
      } finally {
        cases.close();
      }
    },
    60_000,
  );

  it('stops a check that runs past its deadline, refuses the file, and leaves nothing behind', async () => {
    const dataDir = join(tmp.dir, 'data-deadline');
    const cases = service(dataDir, RECEIVED_FILE_MAX_BYTES, 1);
    const dataBefore = snapshot(dataDir);
    try {
      const started = Date.now();
      expect(await openOutcome(cases, valid.bundle)).toEqual({
        refused: 'errors.receivedFile.timeout',
        params: { seconds: 0.001 },
      });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(snapshot(dataDir)).toEqual(dataBefore);
      expect(cases.list('updatedAt', 'desc')).toEqual([]);
      const report = await verifyCaseFile(valid.bundle, {
        evidence: true,
        limits: { maxBytes: RECEIVED_FILE_MAX_BYTES, timeoutMs: 1 },
      });
      expect(report.firstBroken).toMatchObject({ reason: 'not_a_case_file' });
      expect(report.firstBroken?.detail).toContain('took longer than 0.001 s');
    } finally {
      cases.close();
    }
  });

  it('skips planted files that fail the guard, with the reason, and keeps the case list working', () => {
    const dataDir = join(tmp.dir, 'data-planted');
    const casesDir = join(dataDir, 'cases');
    mkdirSync(casesDir, { recursive: true });
    copyFileSync(valid.caseFile, join(casesDir, `${valid.caseId}.clearance`));
    const plant = (name: string, sql: string): void => {
      copyFileSync(valid.caseFile, join(casesDir, name));
      tamperWith(join(casesDir, name), sql);
    };
    plant('a-traversal.clearance', `UPDATE case_header SET id = '../../escaped'`);
    copyFileSync(valid.caseFile, join(casesDir, 'b-trigger.clearance'));
    const db = new Database(join(casesDir, 'b-trigger.clearance'));
    db.exec('CREATE TRIGGER wipe AFTER INSERT ON log BEGIN DELETE FROM finding; END;');
    db.close();
    execFileSync('mkfifo', [join(casesDir, 'c-pipe.clearance')]);
    symlinkSync(valid.caseFile, join(casesDir, 'd-link.clearance'));
    mkdirSync(join(casesDir, 'e-folder.clearance'));
    plant(
      'f-two.clearance',
      `INSERT INTO case_header SELECT 'not-a-uuid', upn, tenant, blocked_at, created_at, created_by, status FROM case_header`,
    );

    const cases = service(dataDir);
    try {
      const { adopted, skipped } = cases.adoptUnindexed();
      expect(adopted).toBe(1);
      expect([...skipped].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: 'a-traversal.clearance', reason: 'caseIdInvalid' },
        { name: 'b-trigger.clearance', reason: 'schemaExtra' },
        { name: 'c-pipe.clearance', reason: 'fifo' },
        { name: 'd-link.clearance', reason: 'symlink' },
        { name: 'e-folder.clearance', reason: 'directory' },
        { name: 'f-two.clearance', reason: 'headerRows' },
      ]);
      expect(cases.list('updatedAt', 'desc').map((c) => c.id)).toEqual([valid.caseId]);
      expect(existsSync(join(tmp.dir, 'escaped'))).toBe(false);
    } finally {
      cases.close();
    }
  });

  it('says why planted files were skipped in the start-up warning, and clears staging a crash left behind', async () => {
    const dataDir = join(tmp.dir, 'data-warned');
    mkdirSync(join(dataDir, 'cases'), { recursive: true });
    copyFileSync(valid.caseFile, join(dataDir, 'cases', 'planted.clearance'));
    tamperWith(join(dataDir, 'cases', 'planted.clearance'), `UPDATE case_header SET id = 'case-1'`);
    mkdirSync(join(dataDir, '.receiving-old'));
    writeFileSync(join(dataDir, '.receiving-old', 'received.clearance'), 'left by a crash');
    utimesSync(join(dataDir, '.receiving-old'), new Date('2026-01-01'), new Date('2026-01-01'));
    mkdirSync(join(dataDir, '.receiving-now')); // another process at work: kept
    const warnings: Array<{ message: string; fields: unknown }> = [];
    const app = createApp({
      mode: 'cli',
      dataDir,
      actor: 'receiver@test',
      logger: { log: (level, message, fields) => void (level === 'warn' && warnings.push({ message, fields })) },
    });
    try {
      expect(warnings).toEqual([
        {
          message: 'case files skipped: not readable as Clearance cases',
          fields: { count: 1, reasons: 'caseIdInvalid' },
        },
      ]);
      expect(existsSync(join(dataDir, '.receiving-old'))).toBe(false);
      expect(existsSync(join(dataDir, '.receiving-now'))).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('CaseFile.open refuses a non-UUID id and a second header row even without the guard', () => {
    const dir = join(tmp.dir, 'direct');
    mkdirSync(dir);
    const badId = join(dir, 'bad-id.clearance');
    copyFileSync(valid.caseFile, badId);
    tamperWith(badId, `UPDATE case_header SET id = '../x'`);
    expect(() => CaseFile.open(badId, { readonly: true })).toThrow('the case id is not a UUID');
    const two = join(dir, 'two.clearance');
    copyFileSync(valid.caseFile, two);
    tamperWith(
      two,
      `INSERT INTO case_header SELECT '0b9f1c3e-2a4d-4e8f-9c1b-5d6e7f8a9b0c', upn, tenant, blocked_at, created_at, created_by, status FROM case_header`,
    );
    expect(() => CaseFile.open(two, { readonly: true })).toThrow('the case file has 2 case headers, not one');
    const ok = CaseFile.open(valid.caseFile, { readonly: true });
    expect(ok.header.id).toBe(valid.caseId);
    ok.close();
  });

  it('crosses the API as the reason key with its parameters, and the CLI names the object and exits 2', async () => {
    const dir = join(tmp.dir, 'api');
    mkdirSync(dir);
    copyFileSync(valid.caseFile, join(dir, 'trigger.clearance'));
    const db = new Database(join(dir, 'trigger.clearance'));
    db.exec('CREATE TRIGGER wipe AFTER INSERT ON log BEGIN DELETE FROM finding; END;');
    db.close();
    const app = createApp({
      mode: 'cli',
      dataDir: join(tmp.dir, 'data-api'),
      actor: 'receiver@test',
      logger: silentLogger,
    });
    try {
      const answer = await app.dispatch('cases.openFile', { path: join(dir, 'trigger.clearance') });
      expect(answer).toEqual({
        ok: false,
        error: {
          code: 'case_file_invalid',
          message: 'errors.receivedFile.schemaExtra',
          params: { kind: 'trigger', name: 'wipe' },
        },
      });
    } finally {
      await app.close();
    }
    const cli = runClearance(['verify', join(dir, 'trigger.clearance')]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain(
      'clearance verify: not a readable Clearance case file (The case file holds a trigger that Clearance never makes (wipe): refused, nothing was run.)',
    );
  });
});
