import { z } from 'zod';
import { AbsolutePath } from './paths.ts';
import { ChecklistItemId, ChecklistState, ChecklistStep } from './checklist.ts';
import { CaseId } from './identifiers.ts';
import { CaseSummary } from './case.ts';
import { ActionKind, ChangeOutcome } from './remediation.ts';
import { Severity, SourceId, SourceStatus, Verdict, Weight } from './investigation.ts';

/**
 * An incident report, built from the case file alone (so it works offline and from a bundle). The JSON
 * format is this object as is; docs/report.schema.json is generated from it. Free text in it is tenant or
 * analyst data: the renderers escape all of it. Language-neutral: labels are added when rendering.
 */
export const REPORT_SCHEMA_ID = 'https://clearance.invalid/schemas/report/1';

const Evidence = z.object({ id: z.number().int(), source: SourceId, sha256: z.string(), excerpt: z.string() });

export const IncidentReport = z.object({
  $schema: z.literal(REPORT_SCHEMA_ID),
  generatedAt: z.string(),
  generatedBy: z.string(),
  language: z.enum(['en', 'da']),
  case: CaseSummary.pick({ id: true, upn: true, tenant: true, blockedAt: true, createdAt: true, createdBy: true }),
  /**
   * What the case records of the block by Microsoft 365: the time the case was opened with, or else the
   * restricted-entities record collected from the tenant (its time where it has one). Neither: no block is
   * recorded, and the report says so rather than assume one.
   */
  block: z.object({ at: z.string().nullable(), recordedBy: z.enum(['case', 'restrictedEntities']).nullable() }),
  /**
   * The period the detectors treat as under suspicion: the 7 days before the case's block time, or before
   * the end of the investigated window when no block time is recorded. Null before anything was collected.
   */
  suspectPeriod: z.object({ from: z.string(), to: z.string(), before: z.enum(['block', 'windowEnd']) }).nullable(),
  verdict: z.object({
    engine: Verdict.nullable(),
    engineReasons: z.array(z.string()),
    engineVersion: z.string().nullable(),
    /** The analyst's verdict where it differs from the engine's, with the written reason. */
    override: z.object({ verdict: Verdict, reason: z.string(), by: z.string(), at: z.string() }).nullable(),
    /** What the case concludes: the override where there is one. */
    final: Verdict.nullable(),
    /** Sources needed to rule compromise out that were not collected. */
    missing: z.array(SourceId),
  }),
  coverage: z.array(
    z.object({ source: SourceId, status: SourceStatus, records: z.number().int(), reason: z.string().nullable() }),
  ),
  findings: z.array(
    z.object({
      detector: z.string(),
      severity: Severity,
      weight: Weight,
      title: z.string(),
      explanation: z.string(),
      at: z.string().nullable(),
      evidence: z.array(Evidence),
    }),
  ),
  /** The attack window's events (from the first finding's time to the block), capped. */
  timeline: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    total: z.number().int(),
    events: z.array(
      z.object({
        at: z.string(),
        source: SourceId,
        kind: z.string(),
        severity: z.enum(['info', 'low', 'medium', 'high']),
        summary: z.string(),
        ip: z.string().nullable(),
        country: z.string().nullable(),
        evidenceId: z.number().int(),
      }),
    ),
  }),
  actions: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      actor: z.string(),
      type: z.enum(['executed', 'reverted']),
      kind: ActionKind,
      /** For a revert: the entry it undid. For an execution: the entry that later undid it, if any. */
      related: z.number().int().nullable(),
      outcomes: z.array(ChangeOutcome),
    }),
  ),
  unblocks: z.array(
    z.object({
      seq: z.number().int(),
      at: z.string(),
      actor: z.string(),
      via: z.string(),
      verified: z.boolean(),
      note: z.string().nullable(),
      /** When the watch saw the first delivered message after this unblock, and a re-block, if any. */
      resumedAt: z.string().nullable(),
      reblockedAt: z.string().nullable(),
    }),
  ),
  checklist: z.array(
    z.object({
      id: ChecklistItemId,
      step: ChecklistStep,
      securing: z.boolean(),
      state: ChecklistState,
      by: z.string().nullable(),
      at: z.string().nullable(),
      reason: z.string().nullable(),
      notes: z.array(z.object({ text: z.string(), by: z.string(), at: z.string() })),
      evidenceIds: z.array(z.number().int()),
    }),
  ),
  /** Securing items still open: the account is not safe to unblock while any remain. */
  unblockBlockers: z.array(ChecklistItemId),
  evidence: z.object({
    records: z.number().int(),
    /** The evidence digest (v2: every column of every row, in id order): recomputed by `clearance verify`. */
    digest: z.string(),
    bySource: z.array(z.object({ source: SourceId, records: z.number().int() })),
  }),
  integrity: z.object({
    intact: z.boolean(),
    entries: z.number().int(),
    /** The case log's head: `clearance verify <case> --expect-head seq:hash` checks the report against the file. */
    head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
    firstBroken: z.object({ seq: z.number().int(), reason: z.string(), detail: z.string() }).nullable(),
  }),
});
export type IncidentReport = z.infer<typeof IncidentReport>;

export const ReportFormat = z.enum(['html', 'pdf', 'json', 'md', 'csv', 'jsonl', 'recipients']);
export type ReportFormat = z.infer<typeof ReportFormat>;
export const ReportLanguage = z.enum(['en', 'da']);

const OutPath = AbsolutePath;

/** Writes a report or timeline export; without a path, into the data folder's reports folder. */
export const ExportReportInput = z
  .object({ caseId: CaseId, format: ReportFormat, language: ReportLanguage.default('en'), path: OutPath.optional() })
  .strict();

export const ExportBundleInput = z.object({ caseId: CaseId, path: OutPath.optional() }).strict();

/** What was written, with its hash (recorded in the case log) so a copy can be checked later. */
export const WrittenFile = z.object({ path: z.string(), bytes: z.number().int(), sha256: z.string() });
export type WrittenFile = z.infer<typeof WrittenFile>;

export const WrittenBundle = z.object({
  path: z.string(),
  head: z.object({ seq: z.number().int(), hash: z.string() }),
  evidence: z.object({ records: z.number().int(), digest: z.string() }),
});
export type WrittenBundle = z.infer<typeof WrittenBundle>;
