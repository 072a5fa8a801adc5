import type { ImportProgress } from '../../shared/domain/import-progress.ts';
import type { Finding, VerdictReport } from '../../shared/domain/investigation.ts';
import { AppError } from '../core/app-error.ts';
import type { CaseService } from '../cases/case-service.ts';
import { redetect } from '../investigation/investigate.ts';
import { importFiles, type FileReport, type ImportOptions } from './import-files.ts';
import { expandImportPaths, type SkippedFile } from './collector-folders.ts';

/**
 * Imports exported logs into a case and re-runs detection, for the UI and the CLI alike. Paths are checked
 * first (absolute, existing files or folders), so a typo is reported by name before anything is stored. A
 * folder (a collector's output) is walked: each file in it that is not an export Clearance reads is listed in
 * `skipped` with why, rather than failing the import as a file named on its own does.
 */
export async function importIntoCase(
  cases: CaseService,
  caseId: string,
  paths: readonly string[],
  actor: string = cases.actor,
  options: ImportOptions = {},
): Promise<{ files: FileReport[]; skipped: SkippedFile[]; verdict: VerdictReport; findings: Finding[] }> {
  const expanded = expandImportPaths(paths);
  if ('unreadable' in expanded) throw new AppError('invalid_input', 'errors.importPath', { path: expanded.unreadable });
  // The case's one writer until detection is done: a second import (here or in another process) waits, then
  // is refused as busy, rather than interleaving its slices and its detection with this one.
  return cases.exclusive(caseId, 'import', async () => {
    const file = cases.caseFile(caseId);
    const { onProgress } = options;
    // A file found in a folder is named as its report will name it: its path below the folder given.
    const named = (p: ImportProgress): ImportProgress => {
      const candidate = expanded.files[p.fileIndex];
      return candidate?.fromFolder ? { ...p, file: candidate.shown } : p;
    };
    const reports = await importFiles(
      file,
      expanded.files.map((f) => f.path),
      actor,
      { ...options, onProgress: onProgress && ((p) => onProgress(named(p))) },
    );
    const files: FileReport[] = [];
    const skipped = [...expanded.skipped];
    reports.forEach((report, i) => {
      const candidate = expanded.files[i]!;
      if (candidate.fromFolder) report.file = candidate.shown;
      if (candidate.fromFolder && report.fatal) skipped.push({ file: candidate.shown, reason: report.fatal });
      else files.push(report);
    });
    const result = redetect(file, actor);
    cases.noteAppended(caseId);
    return { files, skipped, verdict: result.verdict, findings: result.findings };
  });
}
