import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { Finding, VerdictReport } from '../../shared/domain/investigation.ts';
import { AppError } from '../app/app-error.ts';
import type { CaseService } from '../cases/case-service.ts';
import { redetect } from '../investigation/investigate.ts';
import { importFiles, type FileReport, type ReadOptions } from './import-files.ts';

/**
 * Imports exported logs into a case and re-runs detection, for the UI and the CLI alike. Paths are checked
 * first (absolute, existing, regular files), so a typo is reported by name before anything is stored.
 */
export async function importIntoCase(
  cases: CaseService,
  caseId: string,
  paths: readonly string[],
  actor: string = cases.actor,
  options: ReadOptions = {},
): Promise<{ files: FileReport[]; verdict: VerdictReport; findings: Finding[] }> {
  for (const path of paths) {
    if (!isReadableFile(path)) throw new AppError('invalid_input', 'errors.importPath', { path });
  }
  const file = cases.caseFile(caseId);
  const files = await importFiles(file, paths, actor, options);
  const result = redetect(file, actor);
  cases.noteAppended(caseId);
  return { files, verdict: result.verdict, findings: result.findings };
}

function isReadableFile(path: string): boolean {
  try {
    return isAbsolute(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
