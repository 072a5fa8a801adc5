import type { NewCase } from '../../shared/domain/case.ts';
import type { CaseService } from '../cases/case-service.ts';

/** Whose logs these are, when no case is named: the user and tenant, and whether to force a new case. */
export interface ImportTarget extends NewCase {
  /** Open a new case even when one is open for this user and tenant. */
  newCase: boolean;
}

/** What an import for a user did: into which case, or none when nothing could be read. */
export type ImportedFor<R> =
  | { caseId: string; outcome: 'created' | 'reused'; result: R }
  | { caseId: null; outcome: 'nothingImported'; result: R };

/**
 * Imports exported logs for a user rather than into a named case, for the CLI and the UI alike: into the
 * open case for the same user and tenant when there is one (a second `import --user` adds to the first
 * case instead of opening a twin), unless a new case is asked for; otherwise into a new case.
 *
 * A new case is created, imported into, and removed again when no file yielded a single record (every file
 * refused, or no row read): it is not parsed first and created after, so parsing stays in import-files.ts and
 * runs once however large the files are. The removal is limited to a case that holds no evidence. A case
 * that was reused is never removed, whatever the import did.
 */
export async function importForUser<R extends { files: ReadonlyArray<{ imported: number }> }>(
  cases: CaseService,
  target: ImportTarget,
  run: (caseId: string) => R | Promise<R>,
): Promise<ImportedFor<R>> {
  const open = target.newCase ? null : cases.findOpen(target.upn, target.tenant);
  if (open) return { caseId: open.id, outcome: 'reused', result: await run(open.id) };
  const { id } = cases.create({ upn: target.upn, tenant: target.tenant, blockedAt: target.blockedAt });
  let result: R;
  try {
    result = await run(id);
  } catch (error) {
    cases.discardEmpty(id);
    throw error;
  }
  if (result.files.some((f) => f.imported > 0)) return { caseId: id, outcome: 'created', result };
  cases.discardEmpty(id);
  return { caseId: null, outcome: 'nothingImported', result };
}
