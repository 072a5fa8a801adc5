import { createHash } from 'node:crypto';
import type { Db } from '../sqlite.ts';
import { sha256Hex } from './hash-chain.ts';

export interface EvidenceDigest {
  records: number;
  /** sha256 over `id:sha256\n` of every row in id order: one value that anchors all evidence in the log. */
  digest: string;
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
  private hash = createHash('sha256');
  private records = 0;
  private lastId = 0;
  private readonly after;

  constructor(db: Db) {
    this.after = db.prepare('SELECT id, sha256 FROM evidence WHERE id > ? ORDER BY id');
  }

  current(): EvidenceDigest {
    for (const row of this.after.iterate(this.lastId) as IterableIterator<{ id: number; sha256: string }>) {
      this.hash.update(`${row.id}:${row.sha256}\n`);
      this.records++;
      this.lastId = row.id;
    }
    return { records: this.records, digest: this.hash.copy().digest('hex') };
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
  /** The digest over the first `anchor.records` rows, to compare with the one the log recorded. */
  digestAt: (records: number) => string | null;
}

/**
 * Re-hashes every evidence body and recomputes the digest at every prefix the log anchored: a changed
 * body, a changed hash or a removed or inserted row all show.
 */
export function checkEvidence(db: Db | null, anchors: readonly number[]): EvidenceCheck {
  const wanted = new Set(anchors);
  const at = new Map<number, string>([[0, createHash('sha256').digest('hex')]]);
  const hash = createHash('sha256');
  const altered: number[] = [];
  let records = 0;
  // No database: a schema without the evidence table, checked as holding no rows.
  const rows = db ? db.prepare('SELECT id, sha256, body FROM evidence ORDER BY id').iterate() : [];
  for (const row of rows as Iterable<{ id: number; sha256: string; body: string }>) {
    if (sha256Hex(row.body) !== row.sha256) altered.push(row.id);
    hash.update(`${row.id}:${row.sha256}\n`);
    records++;
    if (wanted.has(records)) at.set(records, hash.copy().digest('hex'));
  }
  return { records, altered, digestAt: (n) => at.get(n) ?? null };
}
