import { z } from 'zod';
import { CaseListSort, CaseRef, CaseSummary, NewCaseInput } from '../domain/case.ts';
import type { MethodName } from './channels.ts';
import {
  Capability,
  DemoScenario,
  ProfileSummary,
  RestrictedSender,
  SaveProfileInput,
  TenantInfo,
} from '../domain/tenant.ts';
import { ImportInput, ImportResult } from '../domain/import.ts';
import { ImportProgress, ProgressId } from '../domain/import-progress.ts';
import { ImportForUserInput, ImportForUserResult } from '../domain/import-for-user.ts';
import { ManualReleaseInput, ReleaseInput, SendingStatus, UnblockStatus } from '../domain/unblock.ts';
import { RecipientList, RecipientsInput } from '../domain/notify.ts';
import { AbsolutePath } from '../domain/paths.ts';
import { ExportBundleInput, ExportReportInput, WrittenBundle, WrittenFile } from '../domain/report.ts';
import {
  ActionOutcome,
  ActionPlan,
  BulkOutcome,
  Candidates,
  CandidatesInput,
  ExecuteManyInput,
  DiscardInput,
  ExecuteInput,
  PlanInput,
  QueueInput,
  QueuedAction,
  RevertInput,
} from '../domain/remediation.ts';
import {
  Finding,
  InvestigationSummary,
  OverrideInput,
  SourceCoverage,
  SourceProgress,
  Verdict,
  VerdictOverride,
  VerdictReport,
} from '../domain/investigation.ts';
import {
  EventAnnotations,
  EventNoteInput,
  EvidenceItem,
  EvidenceQuery,
  Histogram,
  HistogramQuery,
  PinInput,
  TimelineFacets,
  TimelineFilter,
  TimelinePage,
  TimelineQuery,
} from '../domain/timeline.ts';
import { Checklist, ChecklistNoteInput, UpdateChecklistInput } from '../domain/checklist.ts';
import { CaseId, PastInstant, Sha256Hex, UserPrincipalName } from '../domain/identifiers.ts';
import { AddNoteInput, CaseLogPage, CaseLogQuery, LogEntry, VerifyReport } from '../domain/case-log.ts';

/**
 * The one API contract between the renderer (or any client) and the main-process services. Both
 * transports (Electron IPC and the loopback HTTP bridge) serve exactly this table; main validates every
 * input with `input` and shapes every answer with `output`, which also strips anything not declared.
 */
export const methods = {
  'app.info': {
    input: z.object({}).strict(),
    output: z.object({
      version: z.string(),
      mode: z.enum(['electron', 'browser', 'cli']),
      dataDir: z.string(),
    }),
  },
  'cases.list': {
    input: z
      .object({
        sort: CaseListSort.default('updatedAt'),
        direction: z.enum(['asc', 'desc']).default('desc'),
      })
      .strict(),
    output: z.array(CaseSummary),
  },
  'cases.create': { input: NewCaseInput, output: CaseSummary },
  'cases.get': { input: CaseRef, output: CaseSummary },
  'cases.addNote': { input: AddNoteInput, output: LogEntry },
  'caseLog.list': { input: CaseLogQuery, output: CaseLogPage },
  'caseLog.verify': {
    /** `evidence`: also re-hash every evidence row against the digests the log anchored (slower on big cases). */
    input: CaseRef.extend({ evidence: z.boolean().optional() }).strict(),
    output: VerifyReport,
  },
  'tenant.info': { input: z.object({}).strict(), output: TenantInfo },
  'tenant.restrictedSenders': { input: z.object({}).strict(), output: z.array(RestrictedSender) },
  'tenant.profiles': { input: z.object({}).strict(), output: z.array(ProfileSummary) },
  'tenant.saveProfile': { input: SaveProfileInput, output: z.array(ProfileSummary) },
  /** Whether secrets are sealed by the OS keychain, and if not, what that means. */
  'tenant.vaultStatus': { input: z.object({}).strict(), output: z.object({ warning: z.string().nullable() }) },
  'tenant.removeProfile': { input: z.object({ name: z.string().max(63) }).strict(), output: z.array(ProfileSummary) },
  'tenant.connect': { input: z.object({ name: z.string().max(63) }).strict(), output: TenantInfo },
  'tenant.connectDemo': {
    input: z.object({ scenario: DemoScenario.default('contoso') }).strict(),
    output: TenantInfo,
  },
  'tenant.disconnect': { input: z.object({}).strict(), output: TenantInfo },
  'tenant.capabilities': {
    input: z.object({ user: UserPrincipalName.optional() }).strict(),
    output: z.array(Capability),
  },
  'import.files': { input: ImportInput, output: ImportResult },
  'import.forUser': { input: ImportForUserInput, output: ImportForUserResult },
  /** Verifies a case file or bundle where it lies, read-only, adopting nothing (`clearance verify`). */
  'cases.verifyFile': {
    input: z
      .object({
        path: z.string().trim().min(1, { error: 'validation.openFile.path' }).max(4096),
        /** An entry recorded elsewhere (a report, another copy) that must be in the log unchanged. */
        expectedHead: z.object({ seq: z.number().int().nonnegative(), hash: Sha256Hex }).strict().optional(),
      })
      .strict(),
    output: VerifyReport,
  },
  'cases.openFile': {
    input: z
      .object({ path: z.string().trim().min(1, { error: 'validation.openFile.path' }).pipe(AbsolutePath) })
      .strict(),
    output: z.object({ summary: CaseSummary, report: VerifyReport }),
  },
  'investigation.start': {
    input: z.object({ caseId: CaseId, since: PastInstant.optional() }).strict(),
    output: z.object({ started: z.boolean() }),
  },
  'investigation.cancel': { input: CaseRef, output: z.object({ cancelled: z.boolean() }) },
  'investigation.summary': { input: CaseRef, output: InvestigationSummary },
  /** Detection again on what the case holds: no tenant, nothing collected. */
  'investigation.redetect': {
    input: CaseRef,
    output: z.object({
      coverage: z.array(SourceCoverage),
      findings: z.array(Finding),
      verdict: VerdictReport,
      events: z.number().int(),
    }),
  },
  'investigation.overrideVerdict': { input: OverrideInput, output: VerdictOverride },
  'timeline.window': { input: TimelineQuery, output: TimelinePage },
  'evidence.get': { input: EvidenceQuery, output: z.array(EvidenceItem) },
  'checklist.get': { input: CaseRef, output: Checklist },
  'checklist.update': { input: UpdateChecklistInput, output: Checklist },
  'checklist.addNote': { input: ChecklistNoteInput, output: Checklist },
  'timeline.histogram': { input: HistogramQuery, output: Histogram },
  'timeline.facets': { input: CaseRef, output: TimelineFacets },
  'timeline.annotations': { input: CaseRef, output: EventAnnotations },
  'timeline.pin': { input: PinInput, output: EventAnnotations },
  'timeline.addNote': { input: EventNoteInput, output: EventAnnotations },
  'remediation.plan': { input: PlanInput, output: ActionPlan },
  'remediation.execute': { input: ExecuteInput, output: ActionOutcome },
  'remediation.revert': { input: RevertInput, output: ActionOutcome },
  'remediation.queue': { input: QueueInput, output: QueuedAction },
  'remediation.candidates': { input: CandidatesInput, output: Candidates },
  'remediation.executeMany': { input: ExecuteManyInput, output: BulkOutcome },
  'remediation.outbox': { input: CaseRef, output: z.array(QueuedAction) },
  'remediation.discard': { input: DiscardInput, output: z.array(QueuedAction) },
  'report.export': { input: ExportReportInput, output: WrittenFile },
  'cases.exportBundle': { input: ExportBundleInput, output: WrittenBundle },
  'notify.recipients': { input: RecipientsInput, output: RecipientList },
  'unblock.status': { input: CaseRef, output: UnblockStatus },
  'unblock.verifySending': { input: CaseRef, output: SendingStatus },
  'unblock.release': {
    input: ReleaseInput,
    output: z.object({ verified: z.boolean(), seq: z.number().int() }),
  },
  'unblock.recordManual': { input: ManualReleaseInput, output: z.object({ seq: z.number().int() }) },
  'timeline.count': {
    input: z.object({ caseId: CaseId, filter: TimelineFilter.default({}) }).strict(),
    output: z.object({ total: z.number().int() }),
  },
} as const satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType }>;

// Every method in the schema table is a declared name, and every name has schemas.
type _Exhaustive = MethodName extends keyof typeof methods
  ? keyof typeof methods extends MethodName
    ? true
    : never
  : never;
export const CONTRACT_IS_EXHAUSTIVE: _Exhaustive = true;

export {
  methodNames,
  isMethodName,
  IPC_EVENT_CHANNEL,
  ipcChannelFor,
  type Bridge,
  type MethodName,
} from './channels.ts';

/** What a caller passes (defaults may be omitted). */
export type MethodInput<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
/** What a handler receives after validation. */
export type ParsedInput<M extends MethodName> = z.output<(typeof methods)[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<(typeof methods)[M]['output']>;

/** Events main pushes to every connected client. */
export const events = {
  'cases.changed': z.object({ caseId: z.string() }),
  'caseLog.appended': z.object({ caseId: z.string(), entry: LogEntry }),
  'investigation.progress': z.object({ caseId: z.string(), progress: SourceProgress }),
  'investigation.finished': z.object({ caseId: z.string(), verdict: Verdict.nullable(), error: z.string().nullable() }),
  /** A file of an import being read: which, which pass, how far. `progressId` is the one the import was given. */
  'import.progress': z.object({ caseId: z.string(), progressId: ProgressId.nullable(), progress: ImportProgress }),
  'tenant.changed': z.object({ info: TenantInfo }),
  /** Sign-in needs the analyst: a device code to enter, or the address opened in the system browser. */
  'tenant.signIn': z.object({ message: z.string().nullable(), url: z.string().nullable() }),
} as const satisfies Record<string, z.ZodType>;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export type AppEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export const AppEventSchema = z.object({ name: z.string(), payload: z.unknown() });
