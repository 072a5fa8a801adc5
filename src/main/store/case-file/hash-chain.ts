import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { JsonValue } from '../../../shared/domain/case-log.ts';

/** The fields of a log entry that the chain covers: everything but the hashes themselves. */
export interface ChainedFields {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  payload: Record<string, JsonValue>;
}

const GENESIS_DOMAIN = 'clearance:case-log:v1:';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The chain of each case starts from a value bound to its case id, so a log lifted from one case file
 * into another does not verify.
 */
export function genesisHash(caseId: string): string {
  return sha256Hex(GENESIS_DOMAIN + caseId);
}

/** RFC 8785 (JCS) canonical JSON: the same entry always hashes the same, on any machine. */
export function canonicalEntry(fields: ChainedFields): string {
  const text = canonicalize({
    seq: fields.seq,
    at: fields.at,
    actor: fields.actor,
    kind: fields.kind,
    payload: fields.payload,
  });
  if (text === undefined) throw new Error('log entry is not serialisable');
  return text;
}

/** hash = sha256(prev_hash || canonical(entry)) */
export function entryHash(prevHash: string, fields: ChainedFields): string {
  return sha256Hex(prevHash + canonicalEntry(fields));
}
