import { EVIDENCE_BODY_CHARS } from '../../shared/domain/timeline.ts';
import type { CaseService } from '../cases/case-service.ts';
import { listRestrictedSenders } from '../exchange/restricted-senders.ts';
import type { TenantService } from '../tenant/tenant-service.ts';
import { importIntoCase } from '../import/import-into-case.ts';
import { importForUser } from '../import/import-for-user.ts';
import type { ChecklistService } from '../checklist/checklist-service.ts';
import type { InvestigationService } from '../investigation/investigation-service.ts';
import { AppError } from '../core/app-error.ts';
import type { EventBus } from '../core/event-bus.ts';
import { verifyCaseFile } from '../store/case-file/verify.ts';
import type { AnnotationService } from '../timeline/annotation-service.ts';
import type { RemediationService } from '../remediation/remediation-service.ts';
import type { UnblockService } from '../unblock/unblock-service.ts';
import type { ExportService } from '../report/export-service.ts';
import { recipientList } from '../notify/recipients.ts';
import type { AppMode } from './create-app.ts';
import type { HandlerTable } from './dispatch.ts';
import type { ParsedInput } from '../../shared/api/contract.ts';

export interface HandlerContext {
  cases: CaseService;
  info: { version: string; mode: AppMode; dataDir: string };
  tenants: TenantService;
  investigations: InvestigationService;
  checklists: ChecklistService;
  annotations: AnnotationService;
  remediation: RemediationService;
  unblock: UnblockService;
  exports: ExportService;
  events: EventBus;
}

/** The handler table: one function per contract method, each a thin call into a service. */
export function createHandlers({
  cases,
  info,
  tenants,
  investigations,
  checklists,
  annotations,
  remediation,
  unblock,
  exports,
  events,
}: HandlerContext): HandlerTable {
  const timeline = (caseId: string) => cases.caseFile(caseId).timeline;
  const connected = () => {
    const tenant = tenants.current;
    if (!tenant) throw new AppError('not_connected', 'errors.notConnected');
    return tenant;
  };
  const importFiles = async ({ caseId, paths, dateOrder, progressId }: ParsedInput<'import.files'>) => {
    const result = await importIntoCase(cases, caseId, paths, undefined, {
      dateOrder,
      // Every window hears it; the one that started this import knows it by progressId.
      onProgress: (progress) => events.emit('import.progress', { caseId, progressId: progressId ?? null, progress }),
    });
    // The wire carries the first 200 problems per file; the case log records the count.
    return {
      verdict: result.verdict,
      findings: result.findings.length,
      files: result.files.map((f) => ({ ...f, problems: f.problems.slice(0, 200) })),
      skipped: result.skipped,
    };
  };
  return {
    'app.info': () => info,
    'cases.list': ({ sort, direction }) => cases.list(sort, direction),
    'cases.create': (input) => cases.create(input),
    'cases.get': ({ caseId }) => cases.get(caseId),
    'cases.addNote': ({ caseId, text }) => cases.addNote(caseId, text),
    'caseLog.list': ({ caseId, afterSeq, limit }) => cases.listLog(caseId, afterSeq, limit),
    'caseLog.verify': ({ caseId, evidence }) => cases.verify(caseId, { evidence: evidence === true }),
    'tenant.info': () => tenants.info(),
    'tenant.profiles': () => tenants.profiles(),
    'tenant.saveProfile': (input) => tenants.saveProfile(input),
    'tenant.vaultStatus': () => tenants.vaultWarning(),
    'tenant.removeProfile': ({ name }) => tenants.removeProfile(name),
    'tenant.connect': ({ name }) => tenants.connect(name),
    'tenant.connectDemo': ({ scenario }) => tenants.connectDemo(scenario),
    'tenant.disconnect': () => tenants.disconnect(),
    'tenant.capabilities': ({ user }) => tenants.capabilities(user ?? null),
    'import.files': importFiles,
    'import.forUser': async ({ upn, tenant, blockedAt, newCase, ...input }) => {
      // The same import as into a named case, so every import option applies here too.
      const done = await importForUser(cases, { upn, tenant, blockedAt, newCase }, (caseId) =>
        importFiles({ ...input, caseId }),
      );
      const { result } = done;
      return { ...result, caseId: done.caseId, outcome: done.outcome, verdict: done.caseId ? result.verdict : null };
    },
    'cases.openFile': ({ path }) => cases.openFile(path),
    'cases.verifyFile': ({ path, expectedHead }) =>
      verifyCaseFile(path, { evidence: true, ...(expectedHead ? { expectedHead } : {}) }),
    'report.export': ({ caseId, format, language, path }) => exports.report(caseId, format, language, path),
    'cases.exportBundle': ({ caseId, path }) => exports.bundle(caseId, path),
    'remediation.plan': ({ caseId, kind, targets, queued }) => remediation.plan(caseId, kind, targets, queued),
    'remediation.queue': ({ caseId, kind, targets, note }) => remediation.queue(caseId, kind, targets, note),
    'remediation.outbox': ({ caseId }) => remediation.outbox(caseId),
    'remediation.candidates': ({ caseId, kind }) => remediation.candidates(caseId, kind),
    'remediation.executeMany': ({ caseId, planIds }) => remediation.executeMany(caseId, planIds),
    'remediation.discard': ({ caseId, seq, reason }) => remediation.discard(caseId, seq, reason),
    'remediation.execute': ({ caseId, planId }) => remediation.execute(caseId, planId),
    'remediation.revert': ({ caseId, seq }) => remediation.revert(caseId, seq),
    'unblock.verifySending': ({ caseId }) => unblock.verifySending(caseId),
    'notify.recipients': ({ caseId, language, limit }) => recipientList(cases.caseFile(caseId), language, limit),
    'unblock.status': ({ caseId }) => unblock.status(caseId),
    'unblock.release': ({ caseId }) => unblock.release(caseId),
    'unblock.recordManual': ({ caseId, note }) => unblock.recordManual(caseId, note),
    'tenant.restrictedSenders': () => listRestrictedSenders(connected()),
    'investigation.start': ({ caseId, since }) => investigations.start(caseId, since),
    'investigation.cancel': ({ caseId }) => investigations.cancel(caseId),
    'investigation.summary': ({ caseId }) => investigations.summary(caseId),
    'investigation.redetect': ({ caseId }) => investigations.redetect(caseId),
    'investigation.overrideVerdict': ({ caseId, verdict, justification }) =>
      investigations.overrideVerdict(caseId, verdict, justification),
    'checklist.get': ({ caseId }) => checklists.get(caseId),
    'checklist.update': (input) => checklists.update(input),
    'checklist.addNote': (input) => checklists.addNote(input),
    'timeline.window': ({ caseId, filter, after, limit }) => timeline(caseId).window(filter, after, limit),
    'timeline.count': ({ caseId, filter }) => ({ total: timeline(caseId).count(filter) }),
    'timeline.histogram': ({ caseId, filter, groupBy }) => {
      const run = cases.caseFile(caseId).investigation.latestRun();
      const range = run ? { start: run.window_start, end: run.window_end } : null;
      return timeline(caseId).histogram(filter, groupBy, range);
    },
    'timeline.facets': ({ caseId }) => timeline(caseId).facets(),
    'timeline.annotations': ({ caseId }) => annotations.get(caseId),
    'timeline.pin': ({ caseId, evidenceId, pinned }) => annotations.pin(caseId, evidenceId, pinned),
    'timeline.addNote': ({ caseId, evidenceId, text }) => annotations.addNote(caseId, evidenceId, text),
    'evidence.get': ({ caseId, ids, offset }) =>
      cases
        .caseFile(caseId)
        .investigation.evidenceSlices(ids, offset, EVIDENCE_BODY_CHARS)
        .map((row) => ({ ...row, offset, truncated: row.end < row.size })),
  };
}
