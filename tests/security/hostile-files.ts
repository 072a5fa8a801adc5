import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { CaseService } from '../../src/main/cases/case-service.ts';
import { EventBus } from '../../src/main/core/event-bus.ts';
import { CASE_FILE_APPLICATION_ID, caseFileMigrations } from '../../src/main/store/case-file/schema.ts';
import { latestVersion } from '../../src/main/store/migrate.ts';
import type { BreakReason } from '../../src/shared/domain/case-log.ts';
import { importFiles } from '../../src/main/import/import-files.ts';
import { redetect } from '../../src/main/investigation/investigate.ts';
import { ROOT } from '../support/cli.ts';
import { TAMPER_CASES } from '../support/tamper-cases.ts';
import { tamperWith } from '../support/tamper.ts';

/**
 * A corpus of hostile case files and bundles, each built from a valid case made with the real CaseService.
 * One entry per attack: how to make it, and precisely what opening and verifying it must answer. Others add
 * cases (log tampering, derived tables…) as one more entry in HOSTILE_FILES.
 */

export interface Valid {
  /**
   * A closed, checkpointed case file as the app writes it: an import with a detection over it (so the
   * derived tables hold rows), then two notes on the log.
   */
  caseFile: string;
  /** A bundle of that case (exportBundle: a VACUUM INTO copy ending with case.exported). */
  bundle: string;
  caseId: string;
}

export interface MakeContext {
  /** An empty folder of this case's own, outside the data folder. */
  dir: string;
  valid: Valid;
}

/** What "Open a case file" must do. */
export type OpenExpectation =
  | { refused: string; params?: Record<string, string | number> }
  /** Opened, with the verification report saying this (null: intact). */
  | { opened: BreakReason | null };

/** What `verifyCaseFile` (the CLI's `clearance verify FILE`) must report. */
export type VerifyExpectation = { reason: BreakReason; detail?: RegExp } | { intact: true };

export interface HostileCase {
  name: string;
  /** Builds the hostile file (or link, FIFO, folder…) and returns the path to hand over. */
  make(ctx: MakeContext): string;
  open: OpenExpectation;
  verify: VerifyExpectation;
  /** A smaller size cap for this case (bytes). */
  maxBytes?: number;
  /** Extra checks after opening (the test passes the data folder and the path handed over). */
  after?: 'walIgnored' | 'fromEscaped';
}

/** Makes the valid case every hostile file starts from. */
export async function makeValidCase(root: string): Promise<Valid> {
  const dataDir = join(root, 'maker');
  const service = new CaseService({ dataDir, actor: 'maker@test', events: new EventBus() });
  const { id } = service.create({ upn: 'sara.lund@nordhavn.dk', tenant: 'nordhavn.dk', blockedAt: null });
  // Evidence, an import run, a timeline and a detection (compromised, five findings, from Microsoft's Purview
  // export layout): every derived table a report shows has rows an attacker could change.
  const file = service.caseFile(id);
  await importFiles(file, [join(ROOT, 'tests', 'fixtures', 'exports', 'purview-audit.csv')], 'maker@test');
  redetect(file, 'maker@test');
  service.noteAppended(id);
  service.addNote(id, 'Forwarding rule to x@evil.test found.');
  service.addNote(id, 'Handing over to the night shift.');
  mkdirSync(join(root, 'valid'));
  const bundle = join(root, 'valid', 'bundle.clearance');
  await Promise.resolve(service.exportBundle(id, bundle));
  service.close(); // checkpoints the write-ahead log into the file
  const caseFile = join(root, 'valid', 'case.clearance');
  copyFileSync(join(dataDir, 'cases', `${id}.clearance`), caseFile);
  return { caseFile, bundle, caseId: id };
}

function copyOf(ctx: MakeContext, from: 'caseFile' | 'bundle' = 'caseFile', name = 'hostile.clearance'): string {
  const path = join(ctx.dir, name);
  copyFileSync(ctx.valid[from], path);
  return path;
}

/** A copy changed with SQL (the append-only triggers dropped for the change and put back). */
function changed(sql: string | ((db: Database.Database) => void), from: 'caseFile' | 'bundle' = 'caseFile') {
  return (ctx: MakeContext): string => {
    const path = copyOf(ctx, from);
    tamperWith(path, sql);
    return path;
  };
}

/** A copy with raw SQL run as is (for schema changes: nothing put back). */
function withSql(sql: string, from: 'caseFile' | 'bundle' = 'caseFile') {
  return (ctx: MakeContext): string => {
    const path = copyOf(ctx, from);
    const db = new Database(path);
    db.exec(sql);
    db.close();
    return path;
  };
}

function withPragma(pragma: string) {
  return (ctx: MakeContext): string => {
    const path = copyOf(ctx);
    const db = new Database(path);
    db.pragma(pragma);
    db.close();
    return path;
  };
}

const notACase = (detail: RegExp): VerifyExpectation => ({ reason: 'not_a_case_file', detail });
const refused = (reason: string, params?: Record<string, string | number>): OpenExpectation =>
  params ? { refused: `errors.receivedFile.${reason}`, params } : { refused: `errors.receivedFile.${reason}` };

const INFINITE_VIEW = `DROP TABLE event_hour;
  CREATE VIEW event_hour AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r)
  SELECT 'x' AS hour, 'x' AS source, 'x' AS severity, 'x' AS country, 'x' AS kind, 'x' AS client, n FROM r;`;

export const HOSTILE_FILES: readonly HostileCase[] = [
  // Controls: what the guard must let through, so a refusal below is the attack's and not the guard's.
  {
    name: 'control: the valid case file',
    make: (ctx) => copyOf(ctx),
    open: { opened: null },
    verify: { intact: true },
  },
  {
    name: 'control: the valid bundle',
    make: (ctx) => copyOf(ctx, 'bundle'),
    open: { opened: null },
    verify: { intact: true },
  },
  {
    name: 'control: a version-1 case file from an older Clearance',
    make: withSql(`DROP TABLE event_hour; DROP TABLE event_fts; DROP TABLE finding; DROP TABLE detection_run;
      DROP TABLE event; DROP TABLE evidence; DROP TABLE source_run; DROP TABLE collection_run;
      PRAGMA user_version = 1;`),
    open: { opened: null },
    verify: { intact: true },
  },
  {
    name: 'id with ../ path and NUL',
    // The chain's genesis is made from the id, so the attacker rewrites the id only: refused before any use.
    make: changed(`UPDATE case_header SET id = '../../escaped' || char(0) || 'x'`),
    open: refused('caseIdInvalid'),
    verify: notACase(/not a valid ID/),
  },
  {
    name: 'non-UUID id',
    make: changed(`UPDATE case_header SET id = 'case-1'`),
    open: refused('caseIdInvalid'),
    verify: notACase(/not a valid ID/),
  },
  {
    name: 'two header rows',
    make: changed(
      `INSERT INTO case_header SELECT '0b9f1c3e-2a4d-4e8f-9c1b-5d6e7f8a9b0c', upn, tenant, blocked_at, created_at, created_by, status FROM case_header`,
    ),
    open: refused('headerRows', { count: 2 }),
    verify: notACase(/exactly one case header; it holds 2/),
  },
  {
    name: 'no header row',
    make: changed('DELETE FROM case_header'),
    open: refused('headerRows', { count: 0 }),
    verify: notACase(/exactly one case header; it holds 0/),
  },
  {
    name: 'extra trigger on finding rewriting the verdict',
    make: withSql(`CREATE TRIGGER finding_verdict AFTER INSERT ON finding
      BEGIN UPDATE detection_run SET verdict = 'not_compromised'; END;`),
    open: refused('schemaExtra', { kind: 'trigger', name: 'finding_verdict' }),
    verify: notACase(/a trigger that Clearance never makes \(finding_verdict\)/),
  },
  {
    name: 'extra trigger on evidence deleting findings',
    make: withSql(`CREATE TRIGGER evidence_wipe AFTER INSERT ON evidence BEGIN DELETE FROM finding; END;`),
    open: refused('schemaExtra', { kind: 'trigger', name: 'evidence_wipe' }),
    verify: notACase(/trigger that Clearance never makes \(evidence_wipe\)/),
  },
  {
    name: 'view over an infinite recursive CTE in place of a table',
    make: withSql(INFINITE_VIEW),
    open: refused('schemaExtra', { kind: 'view', name: 'event_hour' }),
    verify: notACase(/a view that Clearance never makes \(event_hour\)/),
  },
  {
    name: 'view in place of a table, in a bundle',
    make: withSql(INFINITE_VIEW, 'bundle'),
    open: refused('schemaExtra', { kind: 'view', name: 'event_hour' }),
    verify: notACase(/view that Clearance never makes \(event_hour\)/),
  },
  {
    name: 'extra table',
    make: withSql('CREATE TABLE planted (payload TEXT)'),
    open: refused('schemaExtra', { kind: 'table', name: 'planted' }),
    verify: notACase(/table that Clearance never makes \(planted\)/),
  },
  {
    name: 'extra column',
    make: withSql('ALTER TABLE finding ADD COLUMN note TEXT'),
    open: refused('schemaChanged', { kind: 'table', name: 'finding' }),
    verify: notACase(/The table finding in the case file differs/),
  },
  {
    name: 'extra index',
    make: withSql('CREATE INDEX log_kind ON log (kind)'),
    open: refused('schemaExtra', { kind: 'index', name: 'log_kind' }),
    verify: notACase(/index that Clearance never makes \(log_kind\)/),
  },
  {
    name: 'query-planner statistics (ANALYZE)',
    make: withSql('ANALYZE'),
    open: refused('schemaExtra', { kind: 'table', name: 'sqlite_stat1' }),
    verify: notACase(/\(sqlite_stat1\)/),
  },
  {
    name: 'dropped append-only trigger',
    make: withSql('DROP TRIGGER log_no_update'),
    open: refused('schemaMissing', { kind: 'trigger', name: 'log_no_update' }),
    verify: notACase(/lacks the trigger log_no_update/),
  },
  {
    name: 'append-only trigger made harmless under its own name',
    make: withSql(`DROP TRIGGER evidence_no_delete;
      CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence BEGIN SELECT 1; END;`),
    open: refused('schemaChanged', { kind: 'trigger', name: 'evidence_no_delete' }),
    verify: notACase(/The trigger evidence_no_delete in the case file differs/),
  },
  {
    name: 'dropped table',
    make: withSql('DROP TABLE event_hour'),
    open: refused('schemaMissing', { kind: 'table', name: 'event_hour' }),
    verify: notACase(/lacks the table event_hour/),
  },
  {
    name: 'FIFO',
    make: (ctx) => {
      const path = join(ctx.dir, 'pipe.clearance');
      execFileSync('mkfifo', [path]);
      return path;
    },
    open: refused('fifo'),
    verify: notACase(/pipe \(FIFO\)/),
  },
  {
    name: 'symlink to a valid case file',
    make: (ctx) => {
      const path = join(ctx.dir, 'link.clearance');
      symlinkSync(ctx.valid.caseFile, path);
      return path;
    },
    open: refused('symlink'),
    verify: notACase(/symbolic link/),
  },
  {
    name: 'dangling symlink',
    make: (ctx) => {
      const path = join(ctx.dir, 'dangling.clearance');
      symlinkSync(join(ctx.dir, 'nowhere.clearance'), path);
      return path;
    },
    open: refused('symlink'),
    verify: notACase(/symbolic link/),
  },
  {
    name: 'directory',
    make: (ctx) => {
      const path = join(ctx.dir, 'folder.clearance');
      mkdirSync(path);
      return path;
    },
    open: refused('directory'),
    verify: notACase(/a folder, not a case file/),
  },
  {
    name: 'device',
    make: () => '/dev/zero',
    open: refused('device'),
    verify: notACase(/a device/),
  },
  {
    name: 'empty file',
    make: (ctx) => {
      const path = join(ctx.dir, 'empty.clearance');
      writeFileSync(path, '');
      return path;
    },
    open: refused('empty'),
    verify: notACase(/empty/),
  },
  {
    name: 'not SQLite',
    make: (ctx) => {
      const path = join(ctx.dir, 'text.clearance');
      writeFileSync(path, 'API_KEY=secret-value-never-logged\n'.repeat(50));
      return path;
    },
    open: refused('notSqlite'),
    verify: notACase(/not an SQLite database/),
  },
  {
    name: 'truncated SQLite',
    make: (ctx) => {
      const path = copyOf(ctx);
      truncateSync(path, 2048);
      return path;
    },
    open: refused('unreadable'),
    verify: notACase(/damaged or truncated/),
  },
  {
    name: 'wrong application_id',
    make: withPragma('application_id = 7'),
    open: refused('wrongKind'),
    verify: notACase(/not a Clearance case file/),
  },
  {
    name: 'future user_version',
    make: withPragma('user_version = 99'),
    open: refused('futureVersion', { found: 99, supported: latestVersion(caseFileMigrations) }),
    verify: notACase(/newer Clearance \(schema 99/),
  },
  {
    name: 'no user_version',
    make: withPragma('user_version = 0'),
    open: refused('noVersion'),
    verify: notACase(/no case schema version/),
  },
  {
    name: 'UTF-16 case file',
    make: (ctx) => {
      const path = join(ctx.dir, 'utf16.clearance');
      const db = new Database(path);
      db.pragma("encoding = 'UTF-16le'");
      for (const m of caseFileMigrations) m.up(db);
      db.pragma(`application_id = ${CASE_FILE_APPLICATION_ID}`);
      db.pragma(`user_version = ${latestVersion(caseFileMigrations)}`);
      db.close();
      return path;
    },
    open: refused('encoding'),
    verify: notACase(/not UTF-8/),
  },
  {
    name: 'corrupted page no verification query reads',
    make: (ctx) => {
      const path = copyOf(ctx);
      const db = new Database(path, { readonly: true });
      const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'event_source_at'").get() as {
        rootpage: number;
      };
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      db.close();
      const bytes = readFileSync(path);
      bytes[(rootpage - 1) * pageSize] = 0x07; // not a b-tree page type: only integrity_check looks
      writeFileSync(path, bytes);
      return path;
    },
    open: refused('storageCorrupt', {
      // SQLite names the damaged page, or (an index's root page with rows under it) stops its check there.
      detail: expect.stringMatching(
        /^(Tree \d+ page \d+: btreeInitPage\(\) returns error code 11|database disk image is malformed)$/,
      ) as string,
    }),
    verify: {
      reason: 'storage_corrupt',
      detail: /^PRAGMA integrity_check: (Tree \d+ page \d+: btreeInitPage|database disk image is malformed)/,
    },
  },
  {
    name: 'oversized file',
    make: (ctx) => copyOf(ctx),
    maxBytes: 16 * 1024,
    open: refused('tooLarge', { max: '16 KiB' }),
    verify: notACase(/larger than 16 KiB/),
  },
  {
    name: 'a -wal beside the file (never read, never touched)',
    make: (ctx) => {
      // A write-ahead log holding an extra trigger and a rewritten note, beside an untouched main file.
      const work = copyOf(ctx, 'caseFile', 'work.clearance');
      const db = new Database(work);
      db.pragma('journal_mode = WAL');
      db.pragma('wal_autocheckpoint = 0');
      db.exec(`CREATE TRIGGER planted AFTER INSERT ON log BEGIN DELETE FROM finding; END;`);
      const path = join(ctx.dir, 'hostile.clearance');
      copyFileSync(work, path);
      copyFileSync(`${work}-wal`, `${path}-wal`);
      db.close();
      return path;
    },
    open: { opened: null },
    verify: { intact: true },
    after: 'walIgnored',
  },
  {
    name: 'file named with control characters',
    make: (ctx) => copyOf(ctx, 'caseFile', 'evil\u001b[2J\n\u202egnp.clearance'),
    open: { opened: null },
    verify: { intact: true },
    after: 'fromEscaped',
  },
  {
    name: 'bundle with a trigger planted after export',
    make: withSql(`CREATE TRIGGER log_rewrite AFTER INSERT ON log BEGIN DELETE FROM event; END;`, 'bundle'),
    open: refused('schemaExtra', { kind: 'trigger', name: 'log_rewrite' }),
    verify: notACase(/\(log_rewrite\)/),
  },
  {
    name: 'bundle with an edited note (schema intact, chain broken)',
    make: changed(`UPDATE log SET payload = json_set(payload, '$.text', 'Nothing found.') WHERE seq = 2`, 'bundle'),
    open: { opened: 'hash_mismatch' },
    verify: { reason: 'hash_mismatch' },
  },
  // Derived tables, the header and the evidence changed with the schema left as Clearance's (the triggers put
  // back): the file opens, flagged with the precise reason, and `clearance verify` says the same.
  ...TAMPER_CASES.map((tc): HostileCase => ({
    name: `tampered: ${tc.name}`,
    make: changed(tc.mutate),
    open: { opened: tc.reason },
    verify: { reason: tc.reason },
  })),
  ...TAMPER_CASES.filter((tc) => tc.name.startsWith('detection verdict')).map((tc): HostileCase => ({
    name: `tampered bundle: ${tc.name}`,
    make: changed(tc.mutate, 'bundle'),
    open: { opened: tc.reason },
    verify: { reason: tc.reason },
  })),
];
