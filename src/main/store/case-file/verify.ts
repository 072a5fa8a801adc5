import canonicalize from 'canonicalize';
import { z } from 'zod';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkEvidence, type EvidenceDigestVersion } from './evidence-digest.ts';
import { verifyDerived } from './verify-derived.ts';
import { examineReceivedFile } from './examine-received.ts';
import { ReceivedFileRefused, type ReceivedFileLimits } from './received-file.ts';
import { translate } from '../../../shared/i18n/index.ts';
import type { LogHead } from '../../../shared/domain/case.ts';
import type { BreakReason, JsonValue, VerifyReport } from '../../../shared/domain/case-log.ts';
import { creationPayload, type CaseFile, type LogRow } from './case-file.ts';
import { entryHash, genesisHash } from './hash-chain.ts';
import { databaseOf } from './raw-database.ts';

type Broken = NonNullable<VerifyReport['firstBroken']>;

function broken(seq: number, reason: BreakReason, detail: string): Broken {
  return { seq, reason, detail };
}

/**
 * Walks a case log from its genesis and reports the first entry where the chain breaks. Pure over the
 * rows, so it serves a live case, a file someone handed over, and the CLI alike.
 */
export function verifyRows(
  caseId: string,
  rows: Iterable<LogRow>,
): { entries: number; head: LogHead | null; firstBroken: Broken | null; first: LogRow | null } {
  let expectedSeq = 1;
  let prev = genesisHash(caseId);
  let first: LogRow | null = null;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      return {
        entries: expectedSeq - 1,
        head: null,
        first,
        firstBroken: broken(
          expectedSeq,
          'sequence_gap',
          row.seq > expectedSeq
            ? `entry ${expectedSeq} is missing (the next entry is ${row.seq})`
            : `entry ${row.seq} appears out of order`,
        ),
      };
    }
    first ??= row;
    let payload: Record<string, JsonValue>;
    try {
      const parsed: unknown = JSON.parse(row.payload);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      payload = parsed as Record<string, JsonValue>;
    } catch {
      return {
        entries: expectedSeq - 1,
        head: null,
        first,
        firstBroken: broken(row.seq, 'malformed_entry', 'the payload is not valid JSON'),
      };
    }
    if (canonicalize(payload) !== row.payload) {
      return {
        entries: expectedSeq - 1,
        head: null,
        first,
        firstBroken: broken(row.seq, 'malformed_entry', 'the payload is not in canonical form'),
      };
    }
    if (row.prev_hash !== prev) {
      return {
        entries: expectedSeq - 1,
        head: null,
        first,
        firstBroken: broken(row.seq, 'prev_hash_mismatch', 'the entry does not link to the entry before it'),
      };
    }
    const actual = entryHash(prev, { seq: row.seq, at: row.at, actor: row.actor, kind: row.kind, payload });
    if (actual !== row.hash) {
      return {
        entries: expectedSeq - 1,
        head: null,
        first,
        firstBroken: broken(row.seq, 'hash_mismatch', 'the entry was changed after it was written'),
      };
    }
    prev = row.hash;
    expectedSeq++;
  }
  const entries = expectedSeq - 1;
  if (entries === 0) {
    return {
      entries,
      head: null,
      first,
      firstBroken: broken(1, 'sequence_gap', 'the log is empty: entry 1 is missing'),
    };
  }
  return { entries, head: { seq: entries, hash: prev }, first, firstBroken: null };
}

export interface VerifyOptions {
  /** A head recorded elsewhere (the case index, a report): detects a log cut short or rewritten. */
  expectedHead?: LogHead | null;
  /** Also re-hash every evidence row and compare with the digests the log anchored (bundles, handed-over files). */
  evidence?: boolean;
}

/** Verifies an open case file: the chain, the header against its creation entry, and an optional anchor. */
export function verifyCase(file: CaseFile, options: VerifyOptions = {}): VerifyReport {
  const { header } = file;
  const result = verifyRows(header.id, file.iterateRawLog());
  const report = (firstBroken: Broken | null): VerifyReport => ({
    intact: firstBroken === null,
    caseId: header.id,
    entries: result.entries,
    head: result.head,
    firstBroken,
  });
  if (result.firstBroken) return report(result.firstBroken);

  const first = result.first!;
  const expectedCreation = canonicalize(creationPayload(header));
  if (first.kind !== 'case.created' || first.payload !== expectedCreation) {
    return report(broken(1, 'header_mismatch', 'the case header differs from what the log recorded at creation'));
  }
  const headerBroken = verifyHeader(file, first);
  if (headerBroken) return report(headerBroken);

  const anchor = options.expectedHead;
  if (anchor && anchor.seq > 0) {
    if (result.entries < anchor.seq) {
      return report(
        broken(
          result.entries + 1,
          'head_mismatch',
          `the log ends at entry ${result.entries}, but entry ${anchor.seq} was recorded earlier: entries were removed`,
        ),
      );
    }
    const recorded = file.listLog(anchor.seq - 1, 1).entries[0];
    if (recorded?.hash !== anchor.hash) {
      return report(
        broken(
          anchor.seq,
          'head_mismatch',
          `entry ${anchor.seq} differs from the one recorded earlier: the log was rewritten`,
        ),
      );
    }
  }
  // Detection runs, findings and collection runs are few rows: always. The timeline reads every event, so
  // it comes with the evidence check (reports, received files, the CLI).
  // A version-1 file (handed over unmigrated) has no derived tables: nothing there to hold to the log.
  const schema = databaseOf(file).pragma('user_version', { simple: true }) as number;
  const derived = schema < EVIDENCE_SINCE_VERSION ? null : verifyDerived(file, { timeline: options.evidence ?? false });
  if (!options.evidence) return report(derived);
  const checked = verifyEvidence(file, schema);
  return { ...report(checked.broken ?? derived), evidence: checked.summary };
}

/**
 * The header columns the creation entry does not carry, against the log: who created the case and when
 * are entry 1's actor and time, and the case is open (no entry closes one; a close entry would decide it).
 */
function verifyHeader(file: CaseFile, first: LogRow): Broken | null {
  const { header } = file;
  const rows = (databaseOf(file).prepare('SELECT count(*) AS n FROM case_header').get() as { n: number }).n;
  if (rows !== 1) return broken(1, 'header_mismatch', `the case file holds ${rows} case headers`);
  if (header.createdBy !== first.actor)
    return broken(1, 'header_mismatch', 'the case header names a different creator than entry 1');
  if (header.createdAt !== first.at)
    return broken(1, 'header_mismatch', 'the case header gives a different creation time than entry 1');
  if (header.status !== 'open')
    return broken(1, 'header_mismatch', `the case header says "${header.status}", but no entry closed the case`);
  return null;
}

/** The case-file schema version that added the evidence table. */
const EVIDENCE_SINCE_VERSION = 2;

/** The entries that anchor evidence (and nothing else may: any payload could carry an `evidence` key). */
const ANCHOR_KINDS = new Set(['collection.finished', 'evidence.imported', 'case.exported']);

const Anchor = z.object({
  evidence: z.object({
    records: z.number().int().nonnegative(),
    digest: z.string(),
    // Absent in anchors written before versions: those hold the v1 digest.
    version: z.union([z.literal(1), z.literal(2)]).default(1),
  }),
});

/** Every evidence row against its own hash and against each digest the (already verified) log anchored. */
function verifyEvidence(
  file: CaseFile,
  schema: number,
): {
  broken: Broken | null;
  summary: NonNullable<VerifyReport['evidence']>;
} {
  const anchors: Array<{ seq: number; records: number; digest: string; version: EvidenceDigestVersion }> = [];
  let last = '';
  let unreadable: number | null = null;
  for (const row of file.iterateRawLog()) {
    last = row.kind;
    if (!ANCHOR_KINDS.has(row.kind)) continue;
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    if (!('evidence' in payload)) continue;
    const parsed = Anchor.safeParse(payload);
    if (parsed.success) anchors.push({ seq: row.seq, ...parsed.data.evidence });
    else unreadable ??= row.seq;
  }
  // A file from before the evidence table (a v1 case file, handed over unmigrated) holds no evidence:
  // checked as zero rows, so any anchor in its log still shows as a mismatch.
  const check =
    schema < EVIDENCE_SINCE_VERSION ? checkEvidence(null, anchors) : checkEvidence(databaseOf(file), anchors);
  const anchored = Math.max(0, ...anchors.map((a) => a.records));
  const summary = { records: check.records, anchored, unanchored: Math.max(0, check.records - anchored) };
  // An anchor that does not read (a digest version this build does not know) is a break, never skipped.
  if (unreadable !== null)
    return {
      broken: broken(unreadable, 'evidence_mismatch', `entry ${unreadable} does not record the evidence readably`),
      summary,
    };
  if (check.altered.length > 0) {
    const ids = check.altered.slice(0, 10).join(', ');
    return {
      broken: broken(
        0,
        'evidence_altered',
        `${check.altered.length} evidence record(s) changed after collection (id ${ids}${check.altered.length > 10 ? ', …' : ''})`,
      ),
      summary,
    };
  }
  // A bundle ends with its export entry, which anchors every row: anything beyond it was added afterwards.
  if (last === 'case.exported' && summary.unanchored > 0)
    return {
      broken: broken(
        anchors.at(-1)!.seq,
        'evidence_mismatch',
        `${summary.unanchored} evidence record(s) were added after the case was exported`,
      ),
      summary,
    };
  for (const a of anchors) {
    if (check.records < a.records)
      return {
        broken: broken(
          a.seq,
          'evidence_mismatch',
          `entry ${a.seq} recorded ${a.records} evidence records; ${check.records} remain`,
        ),
        summary,
      };
    if (check.digestAt(a.records, a.version) !== a.digest)
      return {
        broken: broken(
          a.seq,
          'evidence_mismatch',
          `the first ${a.records} evidence records differ from those entry ${a.seq} recorded`,
        ),
        summary,
      };
  }
  return { broken: null, summary };
}

/**
 * Verifies a case file from anywhere (`clearance verify FILE`) through the received-file guard: copied into a
 * private staging folder (the given one, or a fresh one under the OS temp folder) and examined there in a
 * child process with a deadline. Anything that is not a readable case file is reported, not thrown.
 */
export async function verifyCaseFile(
  path: string,
  options: VerifyOptions & { stagingDir?: string; limits?: ReceivedFileLimits } = {},
): Promise<VerifyReport> {
  const staging = mkdtempSync(join(options.stagingDir ?? tmpdir(), 'clearance-verify-'));
  try {
    const examined = await examineReceivedFile(path, {
      stagingDir: staging,
      evidence: options.evidence ?? false,
      expectedHead: options.expectedHead ?? null,
      ...(options.limits ? { limits: options.limits } : {}),
    });
    return examined.report;
  } catch (error) {
    const detail =
      error instanceof ReceivedFileRefused
        ? translate(`errors.receivedFile.${error.reason}`, error.params)
        : 'unreadable';
    return { intact: false, caseId: null, entries: 0, head: null, firstBroken: broken(0, 'not_a_case_file', detail) };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
