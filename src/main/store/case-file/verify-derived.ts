import { z } from 'zod';
import type { BreakReason, VerifyReport } from '../../../shared/domain/case-log.ts';
import type { CaseFile } from './case-file.ts';
import { databaseOf } from './raw-database.ts';
import {
  DERIVED_DIGEST_VERSION,
  detectionDigest,
  legacyFindingsDigest,
  runDigest,
  timelineDigest,
} from './derived-digest.ts';

type Broken = NonNullable<VerifyReport['firstBroken']>;

function broken(seq: number, reason: BreakReason, detail: string): Broken {
  return { seq, reason, detail };
}

const Anchor = z.object({
  id: z.number().int(),
  digest: z.string(),
  version: z.literal(DERIVED_DIGEST_VERSION),
});
const TimelineAnchor = z.object({
  events: z.number().int().nonnegative(),
  digest: z.string(),
  version: z.literal(DERIVED_DIGEST_VERSION),
});

/** A key the entry carries but that does not read as an anchor of this version is a break, never skipped. */
function anchorIn<T>(payload: Record<string, unknown>, key: string, schema: z.ZodType<T>): T | null | 'invalid' {
  if (!(key in payload)) return null;
  const parsed = schema.safeParse(payload[key]);
  return parsed.success ? parsed.data : 'invalid';
}

/**
 * Every detection run against the entry that recorded it, in order: a run without an entry, an entry whose
 * run is gone, or a run or finding changed since (a verdict flipped, a finding removed) breaks. Entries
 * written before detection digests existed are held to the `findingsDigest` they did record. Then the
 * timeline against the latest detection entry, which rebuilt it (when `timeline` is asked for: it reads
 * every event).
 */
function verifyDetections(file: CaseFile, timeline: boolean): Broken | null {
  const db = databaseOf(file);
  const firstRun = db.prepare('SELECT id FROM detection_run ORDER BY id LIMIT 1');
  const nextRun = db.prepare('SELECT id FROM detection_run WHERE id > ? ORDER BY id LIMIT 1');
  // No lower bound before the first: a run given a very negative id is still seen.
  const after = (id: number | null) =>
    ((id === null ? firstRun.get() : nextRun.get(id)) as { id: number } | undefined)?.id ?? null;
  let last: number | null = null;
  let latest: { seq: number; timeline: z.infer<typeof TimelineAnchor> | null | 'legacy' } | null = null;
  for (const entry of file.entriesOfKinds(['detection.completed'])) {
    const next = after(last);
    const anchor = anchorIn(entry.payload, 'detection', Anchor);
    const tl = anchorIn(entry.payload, 'timeline', TimelineAnchor);
    if (anchor === 'invalid' || tl === 'invalid')
      return broken(entry.seq, 'detection_mismatch', `entry ${entry.seq} does not record its detection readably`);
    if (anchor) {
      if (next === null || next > anchor.id)
        return broken(
          entry.seq,
          'detection_mismatch',
          `detection run ${anchor.id}, recorded by entry ${entry.seq}, is missing`,
        );
      if (next < anchor.id)
        return broken(entry.seq, 'detection_mismatch', `detection run ${next} has no entry in the case log`);
      if (detectionDigest(db, anchor.id) !== anchor.digest)
        return broken(
          entry.seq,
          'detection_mismatch',
          `the verdict or findings of detection run ${anchor.id} differ from what entry ${entry.seq} recorded`,
        );
      last = anchor.id;
      latest = { seq: entry.seq, timeline: tl };
    } else {
      // Written before detection digests: the n-th entry recorded the n-th run.
      if (next === null)
        return broken(entry.seq, 'detection_mismatch', `the detection run entry ${entry.seq} recorded is missing`);
      const legacy = legacyFindingsDigest(db, next);
      if (!legacy || legacy.digest !== entry.payload.findingsDigest || legacy.at !== entry.at)
        return broken(
          entry.seq,
          'detection_mismatch',
          `the verdict or findings of detection run ${next} differ from what entry ${entry.seq} recorded`,
        );
      last = next;
      latest = { seq: entry.seq, timeline: 'legacy' };
    }
  }
  const unrecorded = after(last);
  if (unrecorded !== null)
    return broken(0, 'detection_mismatch', `detection run ${unrecorded} has no entry in the case log`);
  const orphan = db
    .prepare('SELECT id FROM finding WHERE detection_id NOT IN (SELECT id FROM detection_run) LIMIT 1')
    .get() as { id: number } | undefined;
  if (orphan) return broken(0, 'detection_mismatch', `finding ${orphan.id} belongs to no detection run`);

  if (!timeline) return null;
  if (latest === null) {
    // Only a detection rebuilds the timeline: events without one were put there by something else.
    const stray = db.prepare('SELECT 1 FROM event UNION ALL SELECT 1 FROM event_hour LIMIT 1').get();
    return stray ? broken(0, 'timeline_mismatch', 'the timeline holds events no detection entry recorded') : null;
  }
  // Entries from before timeline digests: the timeline is not covered (docs/DECISIONS.md).
  if (latest.timeline === 'legacy') return null;
  if (latest.timeline === null)
    return broken(latest.seq, 'timeline_mismatch', `entry ${latest.seq} does not record the timeline`);
  const actual = timelineDigest(db);
  if (actual.digest !== latest.timeline.digest)
    return broken(
      latest.seq,
      'timeline_mismatch',
      actual.events === latest.timeline.events
        ? `the timeline differs from what entry ${latest.seq} recorded (events, hourly counts or search index)`
        : `entry ${latest.seq} recorded ${latest.timeline.events} timeline events; ${actual.events} are there`,
    );
  return null;
}

const RUN_KINDS = ['collection.finished', 'evidence.imported', 'import.finished'] as const;

/**
 * Every collection (and import) run and its per-source coverage against the latest entry that recorded
 * it as it ended. Two states are legitimately unrecorded: the latest run while it is still running (a
 * collection in progress, or interrupted and waiting to resume; a cancelled one is recorded "running" and
 * may move on), and, in a case file begun before run digests, the runs from before them.
 */
function verifyRuns(file: CaseFile): Broken | null {
  const db = databaseOf(file);
  const recorded = new Map<number, { seq: number; digest: string; cancelled: boolean }>();
  let legacy = false;
  for (const entry of file.entriesOfKinds([...RUN_KINDS])) {
    const anchor = anchorIn(entry.payload, 'run', Anchor);
    if (anchor === 'invalid')
      return broken(entry.seq, 'collection_mismatch', `entry ${entry.seq} does not record its run readably`);
    const evidence = entry.payload.evidence;
    // An anchor without a version was written before digests covered every column, runs included.
    if (evidence && typeof evidence === 'object' && !Array.isArray(evidence) && !('version' in evidence)) legacy = true;
    if (anchor)
      recorded.set(anchor.id, {
        seq: entry.seq,
        digest: anchor.digest,
        cancelled: entry.payload.status === 'cancelled',
      });
  }
  let firstRecorded = Infinity;
  for (const id of recorded.keys()) if (id < firstRecorded) firstRecorded = id;
  const latestId = (db.prepare('SELECT max(id) AS id FROM collection_run').get() as { id: number | null }).id;
  for (const [id, entry] of recorded)
    if (runDigest(db, id) === null)
      return broken(
        entry.seq,
        'collection_mismatch',
        `collection run ${id}, recorded by entry ${entry.seq}, is missing`,
      );
  const runs = db.prepare('SELECT id, status FROM collection_run ORDER BY id').iterate() as IterableIterator<{
    id: number;
    status: string;
  }>;
  for (const run of runs) {
    const entry = recorded.get(run.id);
    const inProgress = run.id === latestId && run.status === 'running';
    if (!entry) {
      if (inProgress || (legacy && run.id >= 1 && run.id < firstRecorded)) continue;
      return broken(0, 'collection_mismatch', `collection run ${run.id} has no entry in the case log`);
    }
    if (runDigest(db, run.id) !== entry.digest && !(inProgress && entry.cancelled))
      return broken(
        entry.seq,
        'collection_mismatch',
        `what run ${run.id} collected differs from what entry ${entry.seq} recorded`,
      );
  }
  const orphan = db
    .prepare('SELECT run_id FROM source_run WHERE run_id NOT IN (SELECT id FROM collection_run) LIMIT 1')
    .get() as { run_id: number } | undefined;
  if (orphan) return broken(0, 'collection_mismatch', `source coverage of run ${orphan.run_id} belongs to no run`);
  return null;
}

/**
 * The derived tables against the log: detection runs and findings always (a few rows), collection runs
 * always, and the timeline when `timeline` is asked for (every event, streamed).
 */
export function verifyDerived(file: CaseFile, options: { timeline: boolean }): Broken | null {
  return verifyDetections(file, options.timeline) ?? verifyRuns(file);
}
