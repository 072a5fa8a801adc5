import type { SourceId } from '../../shared/domain/investigation.ts';
import { sha256Hex } from '../store/case-file/hash-chain.ts';
import { SOURCES } from './sources.ts';

/**
 * The key a record is stored under, for collection and import alike. A snapshot is the state as one run
 * saw it: each run keeps its own copy (a rule deleted later must not linger in the current state, and a
 * re-imported rule must count for the new run), while a resumed run adds nothing twice.
 */
export function evidenceKey(source: SourceId, item: Record<string, unknown>, runId: number, key?: string): string {
  const identity =
    key ??
    (typeof item.id === 'string' || typeof item.id === 'number' ? String(item.id) : sha256Hex(JSON.stringify(item)));
  return SOURCES[source].kind === 'snapshot'
    ? `${identity}#${sha256Hex(JSON.stringify(item)).slice(0, 16)}@${runId}`
    : identity;
}
