import type { CaseService } from '../cases/case-service.ts';
import { listRestrictedSenders } from '../exchange/restricted-senders.ts';
import type { TenantConnection } from '../tenant/tenant-connection.ts';
import type { ChecklistService } from '../checklist/checklist-service.ts';
import type { InvestigationService } from '../investigation/investigation-service.ts';
import { AppError } from './app-error.ts';
import { InvestigationStore } from '../store/case-file/investigation-store.ts';
import type { AppMode } from './create-app.ts';
import type { HandlerTable } from './dispatch.ts';

export interface HandlerContext {
  cases: CaseService;
  info: { version: string; mode: AppMode; dataDir: string };
  tenant: TenantConnection | null;
  investigations: InvestigationService;
  checklists: ChecklistService;
}

const NOT_CONNECTED = { connected: false, kind: null, displayName: null, tenantId: null, domains: [], scenario: null };

/** The handler table: one function per contract method, each a thin call into a service. */
export function createHandlers({ cases, info, tenant, investigations, checklists }: HandlerContext): HandlerTable {
  const connected = () => {
    if (!tenant) throw new AppError('not_connected', 'errors.notConnected');
    return tenant;
  };
  return {
    'app.info': () => info,
    'cases.list': ({ sort, direction }) => cases.list(sort, direction),
    'cases.create': (input) => cases.create(input),
    'cases.get': ({ caseId }) => cases.get(caseId),
    'cases.addNote': ({ caseId, text }) => cases.addNote(caseId, text),
    'caseLog.list': ({ caseId, afterSeq, limit }) => cases.listLog(caseId, afterSeq, limit),
    'caseLog.verify': ({ caseId }) => cases.verify(caseId),
    'tenant.info': () => tenant?.info ?? NOT_CONNECTED,
    'tenant.restrictedSenders': () => listRestrictedSenders(connected()),
    'investigation.start': ({ caseId, since }) => investigations.start(caseId, since),
    'investigation.cancel': ({ caseId }) => investigations.cancel(caseId),
    'investigation.summary': ({ caseId }) => investigations.summary(caseId),
    'investigation.overrideVerdict': ({ caseId, verdict, justification }) =>
      investigations.overrideVerdict(caseId, verdict, justification),
    'checklist.get': ({ caseId }) => checklists.get(caseId),
    'checklist.update': (input) => checklists.update(input),
    'checklist.addNote': (input) => checklists.addNote(input),
    'timeline.window': ({ caseId, filter, after, limit }) =>
      new InvestigationStore(cases.caseFile(caseId).database).timeline(filter, after, limit),
    'evidence.get': ({ caseId, ids }) => new InvestigationStore(cases.caseFile(caseId).database).evidenceByIds(ids),
    'timeline.count': ({ caseId, filter }) => ({
      total: new InvestigationStore(cases.caseFile(caseId).database).timelineCount(filter),
    }),
  };
}
