import { existsSync, renameSync, rmSync } from 'node:fs';
import canonicalize from 'canonicalize';
import type { CaseStatus, LogHead } from '../../../shared/domain/case.ts';
import { CaseId } from '../../../shared/domain/identifiers.ts';
import type { JsonValue, LogEntry, LogKind } from '../../../shared/domain/case-log.ts';
import { AppError } from '../../core/app-error.ts';
import { checkSchema, migrate } from '../migrate.ts';
import { openDatabase, type Db } from '../sqlite.ts';
import { evidenceDigest, RunningEvidenceDigest, type EvidenceDigest } from './evidence-digest.ts';
import { detectionAnchor, runAnchor, timelineAnchor, type DerivedAnchor } from './derived-digest.ts';
import { entryHash, genesisHash } from './hash-chain.ts';
import { InvestigationStore } from './investigation-store.ts';
import { registerDatabase } from './raw-database.ts';
import { TimelineStore } from './timeline-store.ts';
import { CASE_FILE_APPLICATION_ID, caseFileMigrations } from './schema.ts';

export interface CaseHeader {
  id: string;
  upn: string;
  tenant: string;
  blockedAt: string | null;
  createdAt: string;
  createdBy: string;
  status: CaseStatus;
}

export interface LogRow {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

interface HeaderRow {
  id: string;
  upn: string;
  tenant: string;
  blocked_at: string | null;
  created_at: string;
  created_by: string;
  status: CaseStatus;
}

/** The payload of the first entry of every case log: it fixes the case header into the chain. */
export function creationPayload(header: CaseHeader): Record<string, JsonValue> {
  return {
    caseId: header.id,
    upn: header.upn,
    tenant: header.tenant,
    blockedAt: header.blockedAt,
  };
}

export function rowToEntry(row: LogRow): LogEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    kind: row.kind,
    payload: JSON.parse(row.payload) as Record<string, JsonValue>,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function headerFromRow(row: HeaderRow): CaseHeader {
  return {
    id: row.id,
    upn: row.upn,
    tenant: row.tenant,
    blockedAt: row.blocked_at,
    createdAt: row.created_at,
    createdBy: row.created_by,
    status: row.status,
  };
}

/**
 * One case: a SQLite file holding the case header and its append-only, hash-chained log. Every write is
 * one transaction; the log is only ever appended to.
 */
export class CaseFile {
  readonly path: string;
  readonly header: CaseHeader;
  private readonly db: Db;
  private investigationStore: InvestigationStore | undefined;
  private timelineStore: TimelineStore | undefined;
  /** The head recorded outside the file (the case index): every append first checks the log still holds it. */
  private anchorOf: () => LogHead | null = () => null;

  private constructor(path: string, db: Db, header: CaseHeader) {
    this.path = path;
    this.db = db;
    this.header = header;
    registerDatabase(this, db);
  }

  /**
   * Creates a case file atomically: it is built beside its final name and renamed into place, so a crash
   * never leaves a half-made case behind.
   */
  static create(path: string, header: CaseHeader): CaseFile {
    if (existsSync(path)) throw new Error('a case file already exists at that path');
    const staging = `${path}.creating`;
    rmSync(staging, { force: true });
    const db = openDatabase(staging, { create: true });
    try {
      migrate(db, caseFileMigrations, CASE_FILE_APPLICATION_ID);
      db.transaction(() => {
        db.prepare(
          `INSERT INTO case_header (id, upn, tenant, blocked_at, created_at, created_by, status)
           VALUES (@id, @upn, @tenant, @blockedAt, @createdAt, @createdBy, @status)`,
        ).run(header);
        insertEntry(db, header.id, {
          kind: 'case.created',
          actor: header.createdBy,
          at: header.createdAt,
          payload: creationPayload(header),
        });
      }).immediate();
    } finally {
      db.close(); // checkpoints the WAL into the file before it is renamed
    }
    renameSync(staging, path);
    return CaseFile.open(path);
  }

  static open(path: string, options: { readonly?: boolean } = {}): CaseFile {
    const db = openDatabase(path, { readonly: options.readonly ?? false });
    try {
      if (options.readonly) checkSchema(db, caseFileMigrations, CASE_FILE_APPLICATION_ID);
      else migrate(db, caseFileMigrations, CASE_FILE_APPLICATION_ID);
      const rows = db.prepare('SELECT * FROM case_header LIMIT 2').all() as HeaderRow[];
      if (rows.length !== 1) throw new Error(`the case file has ${rows.length} case headers, not one`);
      // The id names files and folders: anything but a UUID is refused before it can.
      if (!CaseId.safeParse(rows[0]!.id).success) throw new Error('the case id is not a UUID');
      return new CaseFile(path, db, headerFromRow(rows[0]!));
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Where the anchor comes from; set by whoever keeps it (the case service, from its index). */
  setAnchor(source: () => LogHead | null): void {
    this.anchorOf = source;
  }

  /** The head recorded outside the file, if anyone keeps one: what verification (and a report) checks against. */
  anchor(): LogHead | null {
    return this.anchorOf();
  }

  /**
   * Runs `work` and the entries it appends as one write transaction (BEGIN IMMEDIATE, so the write lock is
   * taken before anything is read): rows and the entry that records them commit together or not at all.
   * The anchor is checked inside, so no other writer can cut the log between the check and the write.
   */
  write<T>(work: () => T): T {
    if (this.db.inTransaction) return work();
    const result = busyRetry(this.db, () =>
      this.db
        .transaction(() => {
          this.checkAnchor();
          return work();
        })
        .immediate(),
    );
    // Fold the WAL back into the file now, so that copying the .clearance file alone, even while the app
    // runs, carries every committed entry. Passive: never waits for readers.
    this.db.pragma('wal_checkpoint(PASSIVE)');
    return result;
  }

  append(entry: { kind: LogKind; actor: string; at: string; payload: Record<string, JsonValue> }): LogEntry {
    return this.write(() => insertEntry(this.db, this.header.id, entry));
  }

  /**
   * Refuses to extend a chain that no longer holds the recorded head: appending to a log cut short (or
   * rewritten) would make it verify again, with the removed entries gone for good.
   */
  private checkAnchor(): void {
    const anchor = this.anchorOf();
    if (!anchor || anchor.seq <= 0) return;
    const row = this.db.prepare('SELECT hash FROM log WHERE seq = ?').get(anchor.seq) as { hash: string } | undefined;
    if (row?.hash !== anchor.hash)
      throw new AppError('case_file_invalid', row ? 'errors.logRewritten' : 'errors.logCutShort', {
        seq: anchor.seq,
      });
  }

  head(): LogHead {
    const row = this.db.prepare('SELECT seq, hash FROM log ORDER BY seq DESC LIMIT 1').get() as
      { seq: number; hash: string } | undefined;
    return row ?? { seq: 0, hash: genesisHash(this.header.id) };
  }

  listLog(afterSeq: number, limit: number): { entries: LogEntry[]; hasMore: boolean } {
    const rows = this.db
      .prepare('SELECT * FROM log WHERE seq > ? ORDER BY seq LIMIT ?')
      .all(afterSeq, limit + 1) as LogRow[];
    const hasMore = rows.length > limit;
    return { entries: rows.slice(0, limit).map(rowToEntry), hasMore };
  }

  /** Entries of one kind, newest first, read lazily: the caller stops at the first it accepts. */
  *latestOfKind(kind: LogEntry['kind']): Generator<LogEntry> {
    const rows = this.db.prepare('SELECT * FROM log WHERE kind = ? ORDER BY seq DESC').iterate(kind);
    for (const row of rows as IterableIterator<LogRow>) yield rowToEntry(row);
  }

  /** The newest entry of a kind, or null (the statement is finished, so the connection is free again). */
  latest(kind: LogEntry['kind']): LogEntry | null {
    const row = this.db.prepare('SELECT * FROM log WHERE kind = ? ORDER BY seq DESC LIMIT 1').get(kind) as
      LogRow | undefined;
    return row ? rowToEntry(row) : null;
  }

  /** Entries of the given kinds, oldest first: for state folded from the log (the checklist). */
  *entriesOfKinds(kinds: readonly LogKind[]): Generator<LogEntry> {
    const rows = this.db
      .prepare(`SELECT * FROM log WHERE kind IN (${kinds.map(() => '?').join(',')}) ORDER BY seq`)
      .iterate(...kinds);
    for (const row of rows as IterableIterator<LogRow>) yield rowToEntry(row);
  }

  /** Every row, in order, without loading the whole log into memory. */
  iterateRawLog(): IterableIterator<LogRow> {
    return this.db.prepare('SELECT * FROM log ORDER BY seq').iterate() as IterableIterator<LogRow>;
  }

  /** Evidence, runs, events and detections in this file: the one repository over them (made on first use). */
  get investigation(): InvestigationStore {
    return (this.investigationStore ??= new InvestigationStore(this.db));
  }

  /** The timeline's windows, counts and histogram over this file's events. */
  get timeline(): TimelineStore {
    return (this.timelineStore ??= new TimelineStore(this.db));
  }

  /** The digest of the evidence as stored: what a log entry anchors. */
  evidenceDigest(): EvidenceDigest {
    return evidenceDigest(this.db);
  }

  /** What a detection entry records of its run and findings, so verification can hold the tables to it. */
  detectionAnchor(detectionId: number): DerivedAnchor {
    return detectionAnchor(this.db, detectionId);
  }

  /** What an entry records of a collection or import run and its per-source coverage. */
  runAnchor(runId: number): DerivedAnchor {
    return runAnchor(this.db, runId);
  }

  /** What a detection entry records of the timeline (events, hourly counts, search index). */
  timelineAnchor(): ReturnType<typeof timelineAnchor> {
    return timelineAnchor(this.db);
  }

  /** The evidence digest kept up to date as rows are added: an import anchors every slice without a rescan. */
  runningEvidenceDigest(): RunningEvidenceDigest {
    return new RunningEvidenceDigest(this.db);
  }

  /**
   * A self-contained copy of the committed content (the write-ahead log included) at a new path: VACUUM
   * INTO never follows the live file's WAL state into the copy half-written.
   */
  copyTo(path: string): void {
    this.db.prepare('VACUUM INTO ?').run(path);
  }

  /** Leaves WAL mode (a bundle is one file, openable from read-only media); only with no other connection. */
  useRollbackJournal(): void {
    this.db.pragma('journal_mode = DELETE');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** How long a write waits for another process's write to finish before it gives up: a second try waits longer. */
export const BUSY_TIMEOUTS_MS = [5_000, 10_000] as const;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * A short write (a note, a checklist change) waits for another writer rather than failing: SQLite's busy
 * timeout first, then once more with a longer one. Still busy, it is refused as `case_busy`, never `internal`.
 */
function busyRetry<T>(db: Db, write: () => T): T {
  for (const [i, timeout] of BUSY_TIMEOUTS_MS.entries()) {
    db.pragma(`busy_timeout = ${timeout}`);
    try {
      return write();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (i === BUSY_TIMEOUTS_MS.length - 1) throw new AppError('case_busy', 'errors.caseBusyWriting');
    } finally {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUTS_MS[0]}`);
    }
  }
  throw new AppError('case_busy', 'errors.caseBusyWriting');
}

function insertEntry(
  db: Db,
  caseId: string,
  entry: { kind: LogKind; actor: string; at: string; payload: Record<string, JsonValue> },
): LogEntry {
  const last = db.prepare('SELECT seq, hash FROM log ORDER BY seq DESC LIMIT 1').get() as
    { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? genesisHash(caseId);
  const payloadText = canonicalize(entry.payload);
  if (payloadText === undefined) throw new Error('log payload is not serialisable');
  // Store exactly what was hashed, so a verifier can re-derive it byte for byte.
  const payload = JSON.parse(payloadText) as Record<string, JsonValue>;
  const fields = { seq, at: entry.at, actor: entry.actor, kind: entry.kind, payload };
  const hash = entryHash(prevHash, fields);
  db.prepare('INSERT INTO log (seq, at, actor, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    seq,
    entry.at,
    entry.actor,
    entry.kind,
    payloadText,
    prevHash,
    hash,
  );
  return { ...fields, prevHash, hash };
}
