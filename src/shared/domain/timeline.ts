import { z } from 'zod';
import { NoteText } from './case-log.ts';
import { CaseId, UtcInstant } from './identifiers.ts';
import { SourceId } from './investigation.ts';

export const EventSeverity = z.enum(['info', 'low', 'medium', 'high']);

export const TimelineFilter = z
  .object({
    sources: z.array(SourceId).max(30).optional(),
    severities: z.array(EventSeverity).max(4).optional(),
    /** Words in the summary, actor, client or IP (case-insensitive). */
    text: z.string().trim().max(200).optional(),
    kinds: z.array(z.string().max(64)).max(50).optional(),
    ip: z.string().trim().max(64).optional(),
    country: z.string().trim().max(8).optional(),
    client: z.string().trim().max(200).optional(),
    from: UtcInstant.optional(),
    to: UtcInstant.optional(),
    /** Only the events derived from these evidence rows: a finding shown in the timeline. */
    evidenceIds: z.array(z.number().int().nonnegative()).max(100_000).optional(),
  })
  .strict();
export type TimelineFilter = z.input<typeof TimelineFilter>;

/** Keyset paging: rows strictly after (at, id). The renderer never asks for everything. */
export const TimelineQuery = z
  .object({
    caseId: CaseId,
    filter: TimelineFilter.default({}),
    after: z.object({ at: z.string(), id: z.number().int() }).nullable().default(null),
    limit: z.number().int().min(1).max(500).default(200),
  })
  .strict();
export type TimelineQuery = z.input<typeof TimelineQuery>;

export const TimelineRow = z.object({
  id: z.number().int(),
  at: z.string(),
  source: SourceId,
  kind: z.string(),
  actor: z.string().nullable(),
  ip: z.string().nullable(),
  country: z.string().nullable(),
  client: z.string().nullable(),
  userAgent: z.string().nullable(),
  summary: z.string(),
  severity: EventSeverity,
  evidenceId: z.number().int(),
});
export type TimelineRow = z.infer<typeof TimelineRow>;

export const TimelinePage = z.object({ events: z.array(TimelineRow), hasMore: z.boolean() });
export type TimelinePage = z.infer<typeof TimelinePage>;

/** One raw evidence record as stored: the exact object the service returned, with its provenance. */
export const EvidenceItem = z.object({
  id: z.number().int(),
  source: SourceId,
  request: z.string(),
  fetchedAt: z.string(),
  sha256: z.string(),
  /**
   * The raw JSON text, exactly as stored (tenant data: shown as text), from `offset`: at most
   * EVIDENCE_BODY_CHARS characters of it, so a very large record never crosses the boundary whole.
   */
  body: z.string(),
  /** Where this slice starts and ends, and the whole body's length, in characters (code points). */
  offset: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  size: z.number().int().nonnegative(),
  /** More of the body follows `end`: ask again with `offset: end`. */
  truncated: z.boolean(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

/** How much of one evidence body `evidence.get` returns at a time (characters). */
export const EVIDENCE_BODY_CHARS = 256 * 1024;

export const EvidenceQuery = z
  .object({
    caseId: CaseId,
    ids: z.array(z.number().int().positive()).min(1).max(50),
    /** Characters of each body to skip: for the next slice of a truncated one. */
    offset: z.number().int().nonnegative().default(0),
  })
  .strict();

export const HistogramGroup = z.enum(['source', 'severity', 'country', 'kind']);
export type HistogramGroup = z.infer<typeof HistogramGroup>;

export const HistogramQuery = z
  .object({ caseId: CaseId, filter: TimelineFilter.default({}), groupBy: HistogramGroup.default('source') })
  .strict();

/** Events per bucket (an hour, or a day for long windows) from `start`, one series per group value. */
export const Histogram = z.object({
  bucketMs: z.number().int().positive(),
  start: z.string().nullable(),
  /** `key` is the group's value (a source id, a country code…); `*other` sums the rest. */
  series: z.array(z.object({ key: z.string(), counts: z.array(z.number().int()) })),
});
export type Histogram = z.infer<typeof Histogram>;

const Facet = z.array(z.object({ value: z.string(), count: z.number().int() }));
export const TimelineFacets = z.object({ kinds: Facet, countries: Facet, clients: Facet });
export type TimelineFacets = z.infer<typeof TimelineFacets>;

/** Analyst marks on events, kept in the case log and keyed by evidence row (events are rebuilt; evidence is not). */
export const EventAnnotations = z.object({
  pins: z.array(z.object({ evidenceId: z.number().int(), by: z.string(), at: z.string() })),
  notes: z.array(
    z.object({ evidenceId: z.number().int(), text: z.string(), by: z.string(), at: z.string(), seq: z.number().int() }),
  ),
});
export type EventAnnotations = z.infer<typeof EventAnnotations>;

export const PinInput = z
  .object({ caseId: CaseId, evidenceId: z.number().int().positive(), pinned: z.boolean() })
  .strict();
export const EventNoteInput = z
  .object({
    caseId: CaseId,
    evidenceId: z.number().int().positive(),
    text: NoteText,
  })
  .strict();
