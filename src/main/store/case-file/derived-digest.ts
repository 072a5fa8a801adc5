import { createHash, type Hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Db } from '../sqlite.ts';
import { sha256Hex } from './hash-chain.ts';

/**
 * Digests of the tables derived from the evidence (detection runs and findings, the timeline and its
 * indexes, collection runs and their per-source coverage), recorded in the log entry that wrote them and
 * recomputed by the verifier: what a report or the UI shows from these tables is then covered by the chain.
 *
 * Every row is hashed as a JSON array of its columns in a fixed order, one line per row (JSON escapes
 * newlines, so no value can pass for a row boundary), each table after a `#name` line of its own. Blobs
 * (the full-text index's pages) are hashed and the row carries that hash. Statements are streamed, so a
 * million events are hashed in bounded memory.
 */
export const DERIVED_DIGEST_VERSION = 1;

type Cell = string | number | bigint | null | Buffer;

function cell(value: Cell): string | number | null {
  if (Buffer.isBuffer(value)) return `sha256:${sha256Hex(value)}`;
  if (typeof value === 'bigint') return value.toString();
  return value;
}

function hashTable(hash: Hash, db: Db, name: string, sql: string, ...params: unknown[]): number {
  hash.update(`#${name}\n`);
  let rows = 0;
  for (const row of db
    .prepare(sql)
    .raw(true)
    .iterate(...params) as IterableIterator<Cell[]>) {
    hash.update(`${JSON.stringify(row.map(cell))}\n`);
    rows++;
  }
  return rows;
}

/**
 * The same lines for a large table, read in keyset chunks by its integer key (the first column): a
 * statement per 5,000 rows costs far less than crossing into SQLite once per row for a million events.
 * Integers are read exactly (BigInt, hashed as decimal strings): a key past 2^53 read as a double could
 * repeat a chunk forever, and the first chunk has no lower bound, so no key is too small to be read.
 */
function hashLargeTable(hash: Hash, db: Db, name: string, columns: string, table: string): number {
  hash.update(`#${name}\n`);
  const key = columns.split(',')[0]!.trim();
  const first = db.prepare(`SELECT ${columns} FROM ${table} ORDER BY ${key} LIMIT 5000`).raw(true).safeIntegers(true);
  const next = db
    .prepare(`SELECT ${columns} FROM ${table} WHERE ${key} > ? ORDER BY ${key} LIMIT 5000`)
    .raw(true)
    .safeIntegers(true);
  let rows = 0;
  let batch = first.all() as Cell[][];
  while (batch.length > 0) {
    let text = '';
    for (const row of batch) text += `${JSON.stringify(row.map(cell))}\n`;
    hash.update(text);
    rows += batch.length;
    batch = next.all(batch.at(-1)![0]!) as Cell[][];
  }
  return rows;
}

function start(domain: string): Hash {
  return createHash('sha256').update(`clearance:${domain}:v${DERIVED_DIGEST_VERSION}\n`);
}

/** One detection run and its findings, every column: null when there is no such run. */
export function detectionDigest(db: Db, id: number): string | null {
  const exists = db.prepare('SELECT 1 FROM detection_run WHERE id = ?').get(id);
  if (!exists) return null;
  const hash = start('detection');
  hashTable(
    hash,
    db,
    'detection_run',
    'SELECT id, at, engine_version, verdict, reasons, checklist FROM detection_run WHERE id = ?',
    id,
  );
  hashTable(
    hash,
    db,
    'finding',
    `SELECT id, detection_id, detector, severity, weight, title, explanation, evidence_ids, at
     FROM finding WHERE detection_id = ? ORDER BY id`,
    id,
  );
  return hash.digest('hex');
}

/**
 * What entries written before detection digests recorded (`findingsDigest`), rebuilt from the tables:
 * the verdict, its reasons and every finding (the checklist suggestions were not covered then).
 */
export function legacyFindingsDigest(db: Db, id: number): { at: string; digest: string } | null {
  const run = db.prepare('SELECT at, engine_version, verdict, reasons FROM detection_run WHERE id = ?').get(id) as
    { at: string; engine_version: string; verdict: string; reasons: string } | undefined;
  if (!run) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(run.reasons);
  } catch {
    return { at: run.at, digest: '' };
  }
  const { reasons, missing } = (parsed ?? {}) as { reasons?: unknown; missing?: unknown };
  const findings = (
    db
      .prepare(
        'SELECT detector, severity, weight, title, explanation, evidence_ids, at FROM finding WHERE detection_id = ? ORDER BY id',
      )
      .all(id) as Array<Record<string, string | null>>
  ).map((f) => {
    let evidenceIds: unknown = null;
    try {
      evidenceIds = JSON.parse(f.evidence_ids ?? '') as unknown;
    } catch {
      // unreadable: the digest will not match
    }
    return {
      detector: f.detector,
      severity: f.severity,
      weight: f.weight,
      title: f.title,
      explanation: f.explanation,
      evidenceIds,
      at: f.at,
    };
  });
  const text = canonicalize({
    verdict: { verdict: run.verdict, reasons, missing, engineVersion: run.engine_version },
    findings,
  });
  return { at: run.at, digest: sha256Hex(text ?? '') };
}

/**
 * The timeline as normalisation wrote it: every event, the hourly counts the histogram reads, and the
 * full-text index (its shadow tables as the rebuild left them), so a search cannot hide or invent a match.
 * Read back from the tables rather than hashed on insert: a string SQLite stores differently from the
 * JavaScript one given (a lone surrogate) would otherwise never verify.
 */
export function timelineDigest(db: Db): { events: number; digest: string } {
  const hash = start('timeline');
  const events = hashLargeTable(
    hash,
    db,
    'event',
    'id, at, source, kind, actor, ip, country, client, user_agent, summary, severity, evidence_id',
    'event',
  );
  hashTable(
    hash,
    db,
    'event_hour',
    `SELECT hour, source, severity, country, kind, client, n FROM event_hour
     ORDER BY hour, source, severity, country, kind, client, n`,
  );
  // The index pages and their directory decide which events a search matches. Per-document sizes
  // (event_fts_docsize) only weigh bm25 ranking, which the timeline never uses (it orders by time): left
  // out, as reading a million of them would double the cost.
  hashLargeTable(hash, db, 'event_fts_data', 'id, block', 'event_fts_data');
  hashTable(hash, db, 'event_fts_idx', 'SELECT segid, term, pgno FROM event_fts_idx ORDER BY segid, term');
  hashTable(hash, db, 'event_fts_config', 'SELECT k, v FROM event_fts_config ORDER BY k');
  return { events, digest: hash.digest('hex') };
}

/** One collection (or import) run and its per-source coverage, every column: null when there is no such run. */
export function runDigest(db: Db, id: number): string | null {
  const exists = db.prepare('SELECT 1 FROM collection_run WHERE id = ?').get(id);
  if (!exists) return null;
  const hash = start('collection');
  hashTable(
    hash,
    db,
    'collection_run',
    'SELECT id, started_at, finished_at, window_start, window_end, user_id, status FROM collection_run WHERE id = ?',
    id,
  );
  hashTable(
    hash,
    db,
    'source_run',
    `SELECT run_id, source, status, records, pages, duration_ms, throttle_waits, throttle_ms, reason, detail, fix, cursor
     FROM source_run WHERE run_id = ? ORDER BY source`,
    id,
  );
  return hash.digest('hex');
}

/** What a log entry records about a derived table: which row, its digest, and the digest's version. */
export interface DerivedAnchor {
  id: number;
  digest: string;
  version: number;
}

export function detectionAnchor(db: Db, id: number): DerivedAnchor {
  return { id, digest: detectionDigest(db, id) ?? '', version: DERIVED_DIGEST_VERSION };
}

export function runAnchor(db: Db, id: number): DerivedAnchor {
  return { id, digest: runDigest(db, id) ?? '', version: DERIVED_DIGEST_VERSION };
}

export function timelineAnchor(db: Db): { events: number; digest: string; version: number } {
  return { ...timelineDigest(db), version: DERIVED_DIGEST_VERSION };
}
