import { z } from 'zod';
import { CaseId, UtcInstant } from './identifiers.ts';
import { SourceId } from './investigation.ts';

export const EventSeverity = z.enum(['info', 'low', 'medium', 'high']);

export const TimelineFilter = z
  .object({
    sources: z.array(SourceId).max(30).optional(),
    severities: z.array(EventSeverity).max(4).optional(),
    /** Words in the summary, actor, client or IP (case-insensitive). */
    text: z.string().trim().max(200).optional(),
    ip: z.string().trim().max(64).optional(),
    country: z.string().trim().max(8).optional(),
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
  /** The raw JSON text, exactly as stored (tenant data: shown as text). */
  body: z.string(),
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const EvidenceQuery = z
  .object({ caseId: CaseId, ids: z.array(z.number().int().positive()).min(1).max(50) })
  .strict();
