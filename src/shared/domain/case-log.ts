import { z } from 'zod';
import { CaseId, Sha256Hex } from './identifiers.ts';

/**
 * Every kind of thing that can happen to a case. The log is the case's source of truth; later issues
 * add collections, findings, checklist changes and actions here.
 */
export const LogKind = z.enum([
  'case.created',
  'case.received',
  'note.added',
  'collection.started',
  'collection.finished',
  'detection.completed',
  'evidence.imported',
  'import.finished',
  'verdict.overridden',
  'checklist.changed',
  'checklist.noted',
  'event.pinned',
  'event.unpinned',
  'event.noted',
  'action.executed',
  'action.reverted',
  'action.queued',
  'action.dequeued',
  'unblock.released',
  'unblock.verified',
  'unblock.reblocked',
  'case.exported',
  'report.exported',
]);
export type LogKind = z.infer<typeof LogKind>;

export const JsonValue: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const LogEntry = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  payload: z.record(z.string(), JsonValue),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
});
export type LogEntry = z.infer<typeof LogEntry>;

export const CaseLogQuery = z
  .object({
    caseId: CaseId,
    /** Keyset paging: entries with seq greater than this. */
    afterSeq: z.number().int().nonnegative().default(0),
    limit: z.number().int().min(1).max(500).default(200),
  })
  .strict();
export type CaseLogQuery = z.input<typeof CaseLogQuery>;

export const CaseLogPage = z.object({ entries: z.array(LogEntry), hasMore: z.boolean() });
export type CaseLogPage = z.infer<typeof CaseLogPage>;

export const NOTE_MAX = 20_000;
/** An analyst's note: on the case, a checklist item or an event. */
export const NoteText = z
  .string()
  .trim()
  .min(1, { error: 'validation.note.required' })
  .max(NOTE_MAX, { error: 'validation.note.tooLong' });
export const AddNoteInput = z.object({ caseId: CaseId, text: NoteText }).strict();
export type AddNoteInput = z.input<typeof AddNoteInput>;

export const BreakReason = z.enum([
  'sequence_gap',
  'prev_hash_mismatch',
  'hash_mismatch',
  'malformed_entry',
  'head_mismatch',
  'header_mismatch',
  'not_a_case_file',
  /** An evidence row's body no longer hashes to the hash recorded when it was collected. */
  'evidence_altered',
  /** The evidence rows differ from what a log entry anchored (rows removed, inserted or re-hashed). */
  'evidence_mismatch',
  /** `PRAGMA integrity_check` fails: damaged pages, even ones no query of verification reads. */
  'storage_corrupt',
  /** A detection run or its findings differ from the entry that recorded them, or one has no entry. */
  'detection_mismatch',
  /** The timeline (events, hourly counts, search index) differs from what the latest detection recorded. */
  'timeline_mismatch',
  /** A collection or import run, or its per-source coverage, differs from the entry that recorded it. */
  'collection_mismatch',
]);
export type BreakReason = z.infer<typeof BreakReason>;

/** The verifier's answer: intact, or the first entry where the chain breaks and why. */
export const VerifyReport = z.object({
  intact: z.boolean(),
  caseId: z.string().nullable(),
  entries: z.number().int().nonnegative(),
  head: z.object({ seq: z.number().int().nonnegative(), hash: Sha256Hex }).nullable(),
  firstBroken: z
    .object({
      seq: z.number().int().nonnegative(),
      reason: BreakReason,
      detail: z.string(),
    })
    .nullable(),
  /** When the evidence was checked too: rows, how many the log anchors, and rows added after the last anchor. */
  evidence: z
    .object({ records: z.number().int(), anchored: z.number().int(), unanchored: z.number().int() })
    .optional(),
});
export type VerifyReport = z.infer<typeof VerifyReport>;
