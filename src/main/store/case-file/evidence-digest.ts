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
  const hash = createHash('sha256');
  let records = 0;
  for (const row of db.prepare('SELECT id, sha256 FROM evidence ORDER BY id').iterate() as IterableIterator<{
    id: number;
    sha256: string;
  }>) {
    hash.update(`${row.id}:${row.sha256}\n`);
    records++;
  }
  return { records, digest: hash.digest('hex') };
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
