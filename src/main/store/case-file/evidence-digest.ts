import { createHash, type Hash } from 'node:crypto';
import type { Db } from '../sqlite.ts';
import { sha256Hex } from './hash-chain.ts';

/**
 * Which digest an anchor holds. v1 (anchors without a version, written before it existed) hashed only
 * `id:sha256`, so a changed source, key, run, request or fetch time went unseen; v2 covers every column.
 * Anchors are never rewritten: an old case file keeps verifying with the digest its entries recorded.
 */
export type EvidenceDigestVersion = 1 | 2;
export const EVIDENCE_DIGEST_VERSION = 2 satisfies EvidenceDigestVersion;

export interface EvidenceDigest {
  records: number;
  /** One value over every row in id order, that anchors all evidence in the log. */
  digest: string;
  version: EvidenceDigestVersion;
}

interface EvidenceRow {
  id: number;
  source: string;
  record_key: string;
  run_id: number | null;
  request: string;
  fetched_at: string;
  sha256: string;
}

const COLUMNS = 'id, source, record_key, run_id, request, fetched_at, sha256';
const V2_DOMAIN = 'clearance:evidence:v2\n';

/**
 * One row in v2: a JSON array of every column but the body, whose recorded hash stands for it (and is
 * checked against it). JSON strings escape newlines, so one line per row cannot be forged across rows.
 */
function v2Line(row: EvidenceRow): string {
  return `${JSON.stringify([row.id, row.source, row.record_key, row.run_id, row.request, row.fetched_at, row.sha256])}\n`;
}

function v1Line(row: EvidenceRow): string {
  return `${row.id}:${row.sha256}\n`;
}

function startV2(): Hash {
  return createHash('sha256').update(V2_DOMAIN);
}

/** The digest of the evidence as stored (hashes as recorded at collection), cheap enough for every append. */
export function evidenceDigest(db: Db): EvidenceDigest {
  return new RunningEvidenceDigest(db).current();
}

/**
 * The same digest, kept up to date as rows are added: an import that records the evidence after every
 * slice hashes each row once instead of the whole table per slice. Rows only ever get larger ids (the
 * table is append-only), so the rows after the last one hashed are exactly the new ones.
 */
export class RunningEvidenceDigest {
  private hash = startV2();
  private records = 0;
  private lastId = 0;
  private readonly after;

  constructor(db: Db) {
    this.after = db.prepare(`SELECT ${COLUMNS} FROM evidence WHERE id > ? ORDER BY id`);
  }

  current(): EvidenceDigest {
    for (const row of this.after.iterate(this.lastId) as IterableIterator<EvidenceRow>) {
      this.hash.update(v2Line(row));
      this.records++;
      this.lastId = row.id;
    }
    return { records: this.records, digest: this.hash.copy().digest('hex'), version: EVIDENCE_DIGEST_VERSION };
  }

  /** Runs a write that may add rows; if it fails (rolled back), the rows it hashed are forgotten again. */
  within<T>(write: () => T): T {
    const saved = { hash: this.hash.copy(), records: this.records, lastId: this.lastId };
    try {
      return write();
    } catch (error) {
      Object.assign(this, saved);
      throw error;
    }
  }
}

export interface EvidenceCheck {
  records: number;
  /** Rows whose body no longer hashes to the hash recorded when it was collected. */
  altered: number[];
  /** The digest over the first `records` rows in the given version, to compare with the one the log recorded. */
  digestAt: (records: number, version: EvidenceDigestVersion) => string | null;
}

/**
 * Re-hashes every evidence body and recomputes the digest at every prefix the log anchored, in each
 * version an anchor used, in one pass: a changed body or column, or a removed or inserted row all show.
 */
export function checkEvidence(
  db: Db | null,
  anchors: ReadonlyArray<{ records: number; version: EvidenceDigestVersion }>,
): EvidenceCheck {
  const wanted = { 1: new Set<number>(), 2: new Set<number>() };
  for (const a of anchors) wanted[a.version].add(a.records);
  const hashes = { 1: createHash('sha256'), 2: startV2() };
  const at = {
    1: new Map<number, string>([[0, hashes[1].copy().digest('hex')]]),
    2: new Map<number, string>([[0, hashes[2].copy().digest('hex')]]),
  };
  const altered: number[] = [];
  let records = 0;
  // No database: a schema without the evidence table (a version-1 case file), checked as holding no rows.
  const rows = db ? db.prepare(`SELECT ${COLUMNS}, body FROM evidence ORDER BY id`).iterate() : [];
  for (const row of rows as Iterable<EvidenceRow & { body: string }>) {
    if (sha256Hex(row.body) !== row.sha256) altered.push(row.id);
    hashes[1].update(v1Line(row));
    hashes[2].update(v2Line(row));
    records++;
    for (const v of [1, 2] as const) if (wanted[v].has(records)) at[v].set(records, hashes[v].copy().digest('hex'));
  }
  return { records, altered, digestAt: (n, v) => at[v].get(n) ?? null };
}
