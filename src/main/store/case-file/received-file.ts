import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, writeSync, type Stats } from 'node:fs';
import Database from 'better-sqlite3';
import { CaseId } from '../../../shared/domain/identifiers.ts';
import { latestVersion } from '../migrate.ts';
import type { Db } from '../sqlite.ts';
import { CASE_FILE_APPLICATION_ID, caseFileMigrations } from './schema.ts';

/**
 * The guard every case file from elsewhere passes (a colleague's file, a bundle, a file planted in the cases
 * folder) before any query reads it: a regular file within a size cap, copied byte for byte into a private
 * staging file (so nothing is ever written beside the foreign file, a -wal beside it is never read), and the
 * copy's kind, version and complete schema compared with what the migrations make. Only then do queries run.
 */

/** Four times the million-event case of the benchmarks (about 1 GB): larger files are refused unread. */
export const RECEIVED_FILE_MAX_BYTES = 4 * 1024 ** 3;
/** The inspection and verification of a received file run in a child process killed after this (plus the per-GiB allowance). */
export const RECEIVED_FILE_TIMEOUT_MS = 30_000;
/**
 * Copy, integrity_check, re-hashing every evidence row and VACUUM INTO all grow with the file: allow for its
 * size generously (not measured on a 1 GB case yet; the cap, not this, is what bounds the work).
 */
export const RECEIVED_FILE_TIMEOUT_MS_PER_GIB = 120_000;

export interface ReceivedFileLimits {
  maxBytes: number;
  /** A fixed deadline (tests); otherwise the base plus the per-GiB allowance for the file's size. */
  timeoutMs?: number;
}

export const DEFAULT_LIMITS: ReceivedFileLimits = { maxBytes: RECEIVED_FILE_MAX_BYTES };

export function deadlineFor(limits: ReceivedFileLimits, size: number): number {
  return (
    limits.timeoutMs ?? RECEIVED_FILE_TIMEOUT_MS + Math.ceil((size / 1024 ** 3) * RECEIVED_FILE_TIMEOUT_MS_PER_GIB)
  );
}

/** Why a file was refused: each is an i18n key under `errors.receivedFile`. */
export type RefusalReason =
  | 'missing'
  | 'symlink'
  | 'fifo'
  | 'directory'
  | 'device'
  | 'notRegular'
  | 'empty'
  | 'tooLarge'
  | 'notSqlite'
  | 'unreadable'
  | 'wrongKind'
  | 'noVersion'
  | 'futureVersion'
  | 'encoding'
  | 'schemaExtra'
  | 'schemaMissing'
  | 'schemaChanged'
  | 'headerRows'
  | 'caseIdInvalid'
  | 'storageCorrupt'
  | 'timeout';

export class ReceivedFileRefused extends Error {
  readonly reason: RefusalReason;
  readonly params: Record<string, string | number>;
  constructor(reason: RefusalReason, params: Record<string, string | number> = {}) {
    super(`received file refused: ${reason}`);
    this.name = 'ReceivedFileRefused';
    this.reason = reason;
    this.params = params;
  }
}

/**
 * A name or text from a received file, safe to show in a message or a terminal: control, zero-width and
 * bidi characters as `\uXXXX` escapes, and at most 120 characters.
 */
export function visible(text: string): string {
  const escaped = text.replace(
    /[\p{Cc}\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > 120 ? `${escaped.slice(0, 119)}…` : escaped;
}

/** lstat, never following a link: only a non-empty regular file within the cap passes. */
export function checkRegularFile(path: string, maxBytes: number): Stats {
  let stat: Stats;
  try {
    stat = lstatSync(path);
  } catch {
    throw new ReceivedFileRefused('missing');
  }
  if (stat.isSymbolicLink()) throw new ReceivedFileRefused('symlink');
  if (stat.isFIFO()) throw new ReceivedFileRefused('fifo');
  if (stat.isDirectory()) throw new ReceivedFileRefused('directory');
  if (stat.isBlockDevice() || stat.isCharacterDevice()) throw new ReceivedFileRefused('device');
  if (!stat.isFile()) throw new ReceivedFileRefused('notRegular');
  if (stat.size === 0) throw new ReceivedFileRefused('empty');
  if (stat.size > maxBytes) throw new ReceivedFileRefused('tooLarge', { max: formatBytes(maxBytes) });
  return stat;
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/**
 * Copies the file byte for byte to `target` (created, never overwritten, 0600). Opened with O_NOFOLLOW and
 * O_NONBLOCK, and checked again on the open descriptor, so a file swapped for a link or a FIFO after the lstat
 * is refused instead of followed or waited on; at most `maxBytes` are read even if the file grows meanwhile.
 */
export function copyReceivedFile(path: string, target: string, maxBytes: number): void {
  const before = checkRegularFile(path, maxBytes);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    throw new ReceivedFileRefused('unreadable');
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.ino !== before.ino || stat.dev !== before.dev)
      throw new ReceivedFileRefused('notRegular');
    const out = openSync(target, 'wx', 0o600);
    try {
      const buffer = Buffer.allocUnsafe(1024 * 1024);
      let total = 0;
      for (;;) {
        const n = readSync(fd, buffer, 0, buffer.length, null);
        if (n === 0) break;
        total += n;
        if (total > maxBytes) throw new ReceivedFileRefused('tooLarge', { max: formatBytes(maxBytes) });
        writeSync(out, buffer, 0, n);
      }
    } finally {
      closeSync(out);
    }
  } finally {
    closeSync(fd);
  }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

function hasSqliteMagic(path: string): boolean {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const head = Buffer.alloc(100);
    const n = readSync(fd, head, 0, 100, 0);
    return n === 100 && head.subarray(0, 16).equals(SQLITE_MAGIC);
  } finally {
    closeSync(fd);
  }
}

interface SchemaObject {
  type: string;
  name: string;
  tbl_name: string;
  sql: string;
}

/** Whitespace runs as one space: the text SQLite stores is the statement as written, indentation included. */
function normaliseSql(sql: string | null): string {
  return (sql ?? '').replace(/\s+/g, ' ').trim();
}

function schemaOf(db: Db): Map<string, SchemaObject> {
  const rows = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master').all() as Array<{
    type: string;
    name: string;
    tbl_name: string;
    sql: string | null;
  }>;
  return new Map(rows.map((r) => [`${r.type}\u0000${r.name}`, { ...r, sql: normaliseSql(r.sql) }]));
}

const referenceSchemas = new Map<number, Map<string, SchemaObject>>();

/** What the migrations up to `version` make, built once per version in memory. */
export function referenceSchema(version: number): Map<string, SchemaObject> {
  const known = referenceSchemas.get(version);
  if (known) return known;
  const db = new Database(':memory:');
  try {
    for (const migration of caseFileMigrations) if (migration.version <= version) migration.up(db);
    const schema = schemaOf(db);
    referenceSchemas.set(version, schema);
    return schema;
  } finally {
    db.close();
  }
}

/** Every object of the file against the reference, exactly: any extra, missing or altered one is named. */
export function compareSchema(db: Db, version: number): void {
  const expected = referenceSchema(version);
  const actual = schemaOf(db);
  for (const [key, object] of actual) {
    if (!expected.has(key))
      throw new ReceivedFileRefused('schemaExtra', { kind: object.type, name: visible(object.name) });
  }
  for (const [key, object] of expected) {
    const found = actual.get(key);
    if (!found) throw new ReceivedFileRefused('schemaMissing', { kind: object.type, name: object.name });
    if (found.tbl_name !== object.tbl_name || found.sql !== object.sql)
      throw new ReceivedFileRefused('schemaChanged', { kind: object.type, name: object.name });
  }
}

export interface InspectedHeader {
  id: string;
  version: number;
  /** With `integrity`: null when `PRAGMA integrity_check` finds nothing, else its first complaint. */
  storage?: string | null;
}

/**
 * Inspects a database file of ours (a staging copy, or a file already in the cases folder), read-only: the
 * SQLite magic, application_id, user_version, encoding, the exact schema, then exactly one case header with
 * a UUID id. Nothing but sqlite_master and pragmas is read before the schema is known to be ours, so no view
 * or trigger of the file's own ever runs.
 */
export function inspectCaseFile(path: string, options: { integrity?: boolean } = {}): InspectedHeader {
  if (!hasSqliteMagic(path)) throw new ReceivedFileRefused('notSqlite');
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    throw new ReceivedFileRefused('notSqlite');
  }
  try {
    const header = inspectOpen(db);
    return options.integrity ? { ...header, storage: storageProblem(db) } : header;
  } catch (error) {
    if (error instanceof ReceivedFileRefused) throw error;
    // SQLite's own complaint (malformed schema, not a database): the file is not readable as a case.
    throw new ReceivedFileRefused('unreadable');
  } finally {
    db.close();
  }
}

function inspectOpen(db: Db): InspectedHeader {
  // Functions with side effects are refused inside the schema, whatever it holds.
  db.pragma('trusted_schema = OFF');
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== (CASE_FILE_APPLICATION_ID | 0)) throw new ReceivedFileRefused('wrongKind');
  const version = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(caseFileMigrations);
  if (version < 1) throw new ReceivedFileRefused('noVersion');
  if (version > latest) throw new ReceivedFileRefused('futureVersion', { found: version, supported: latest });
  if (db.pragma('encoding', { simple: true }) !== 'UTF-8') throw new ReceivedFileRefused('encoding');
  compareSchema(db, version);
  const rows = db.prepare('SELECT id FROM case_header LIMIT 2').all() as Array<{ id: unknown }>;
  if (rows.length !== 1) throw new ReceivedFileRefused('headerRows', { count: rows.length });
  const id = rows[0]!.id;
  if (typeof id !== 'string' || !CaseId.safeParse(id).success) throw new ReceivedFileRefused('caseIdInvalid');
  return { id, version };
}

/** `PRAGMA integrity_check`: null when sound, else SQLite's first complaint (page numbers and object names only). */
export function storageProblem(db: Db): string | null {
  try {
    const rows = db.prepare('PRAGMA integrity_check(5)').all() as Array<{ integrity_check: string }>;
    const first = rows[0]?.integrity_check ?? 'no answer';
    return first === 'ok' ? null : visible(first.replace(/^\*\*\* in database \w+ \*\*\*\s*/, ''));
  } catch (error) {
    // A page so damaged that the check itself stops ("database disk image is malformed").
    return visible(error instanceof Error ? error.message : 'unreadable');
  }
}

/** The guard for a file already inside the cases folder (adopting it): the same checks, read in place. */
export function guardFileInPlace(path: string, maxBytes = RECEIVED_FILE_MAX_BYTES): InspectedHeader {
  checkRegularFile(path, maxBytes);
  return inspectCaseFile(path);
}
