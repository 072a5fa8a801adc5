import { z } from 'zod';
import { NewCaseInput } from './case.ts';
import { CaseId } from './identifiers.ts';
import { ImportInput, ImportResult } from './import.ts';

/**
 * Exported logs for a user when no case is named: they go into the open case for that user and tenant,
 * or a new one (always a new one with `newCase`). Everything else is what an import into a case takes.
 */
export const ImportForUserInput = ImportInput.omit({ caseId: true })
  .extend({ ...NewCaseInput.shape, newCase: z.boolean().default(false) })
  .strict();

/**
 * The import's report, and where it went: `created` a new case, `reused` the open one, or
 * `nothingImported` when no file yielded a record, and no case was left behind (no verdict then).
 */
export const ImportForUserResult = ImportResult.extend({
  caseId: CaseId.nullable(),
  outcome: z.enum(['created', 'reused', 'nothingImported']),
  verdict: ImportResult.shape.verdict.nullable(),
});
