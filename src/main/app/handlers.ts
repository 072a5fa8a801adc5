import type { CaseService } from '../cases/case-service.ts';
import type { AppMode } from './create-app.ts';
import type { HandlerTable } from './dispatch.ts';

export interface HandlerContext {
  cases: CaseService;
  info: { version: string; mode: AppMode; dataDir: string };
}

/** The handler table: one function per contract method, each a thin call into a service. */
export function createHandlers({ cases, info }: HandlerContext): HandlerTable {
  return {
    'app.info': () => info,
    'cases.list': ({ sort, direction }) => cases.list(sort, direction),
    'cases.create': (input) => cases.create(input),
    'cases.get': ({ caseId }) => cases.get(caseId),
    'cases.addNote': ({ caseId, text }) => cases.addNote(caseId, text),
    'caseLog.list': ({ caseId, afterSeq, limit }) => cases.listLog(caseId, afterSeq, limit),
    'caseLog.verify': ({ caseId }) => cases.verify(caseId),
  };
}
