import { basename } from 'node:path';
import { evidenceDigest } from '../store/case-file/evidence-digest.ts';
import { runAnchor } from '../store/case-file/derived-digest.ts';
import type { ImportProgress } from '../../shared/domain/import-progress.ts';
import type { SourceId } from '../../shared/domain/investigation.ts';
import type { CaseFile } from '../store/case-file/case-file.ts';
import { InvestigationStore } from '../store/case-file/investigation-store.ts';
import { evidenceKey } from '../investigation/evidence-key.ts';
import { openExport, type FileReport, type ReadOptions } from './read-export.ts';
import type { OnPassProgress } from './progress-meter.ts';

export type { FileReport, ImportProblem, ReadOptions } from './read-export.ts';
export { parseExportFile } from './read-export.ts';

export interface ImportOptions extends Omit<ReadOptions, 'onProgress'> {
  /** Told how each file's passes are coming along: which file, which pass, bytes and rows so far (throttled). */
  onProgress?: (progress: ImportProgress) => void;
}

const TIME_FIELDS = ['createdDateTime', 'activityDateTime', 'receivedDateTime', 'sentDateTime'];

/**
 * Imports exported logs into a case, for investigations without a connection: each file is hashed and
 * logged, its records stored as evidence beside collected ones (deduplicated by id), the sources it
 * covers recorded as an import run, and every row that could not be read reported with its line. Files are
 * read as streams and stored in slices, so an export of any size is never held whole.
 */
export async function importFiles(
  file: CaseFile,
  paths: readonly string[],
  actor: string,
  options: ImportOptions = {},
  now: () => number = Date.now,
): Promise<FileReport[]> {
  const { onProgress, ...read } = options;
  const progressOf = (path: string, fileIndex: number): OnPassProgress | undefined =>
    onProgress && ((pass) => onProgress({ file: basename(path), fileIndex, fileCount: paths.length, ...pass }));
  const opened = [];
  for (const [i, path] of paths.entries())
    opened.push(await openExport(path, { ...read, onProgress: progressOf(path, i) }));
  const store = new InvestigationStore(file.database);
  const sources = [...new Set(opened.map((o) => o.report.source).filter((s): s is SourceId => s !== null))];
  const at = new Date(now()).toISOString();
  let importRun: number | null = null;
  if (sources.length > 0) {
    const runId = store.startRun({ startedAt: at, windowStart: at, windowEnd: at, userId: null, sources });
    let first: string | null = null;
    let last: string | null = null;
    const failed = new Set<SourceId>();
    const succeeded = new Set<SourceId>();
    try {
      for (const { report, records } of opened) {
        const source = report.source;
        if (!source) continue;
        const request = `import ${report.file} (${report.format}) sha256=${report.sha256}`;
        try {
          // In slices, so a very large export never becomes one giant transaction.
          for await (const batch of records(1000)) {
            for (const { body } of batch) {
              const t = TIME_FIELDS.map((f) => body[f]).find((v): v is string => typeof v === 'string');
              if (t === undefined) continue;
              if (first === null || t < first) first = t;
              if (last === null || t > last) last = t;
            }
            const items = batch.map((r) => ({ key: evidenceKey(source, r.body, runId), body: r.body }));
            report.imported += store.storePage(runId, source, { request, fetchedAt: at, items }, null).added;
          }
          // The reader names a file that changed or broke between its passes, and stops at it.
          (report.fatal ? failed : succeeded).add(source);
        } catch (error) {
          // The file went away or changed between its passes (or could not be stored): what was stored
          // stays, said so, and the other files still import.
          report.fatal = `stopped after ${report.imported} records: ${String((error as Error)?.message ?? error).slice(0, 200)}`;
          failed.add(source);
        }
      }
      store.setRunWindow(runId, first ?? at, last ?? at);
      for (const source of sources)
        store.updateSource(
          runId,
          source,
          failed.has(source) && !succeeded.has(source)
            ? { status: 'failed', detail: 'the exported files could not be read to the end' }
            : { status: 'completed', detail: 'imported from exported files' },
        );
      store.finishRun(runId, failed.size > 0 ? 'partial' : 'completed', at);
      importRun = runId;
    } catch (error) {
      // Never leave an import run "running": a later collection would take it for one to resume.
      store.finishRun(runId, 'failed', at);
      throw error;
    }
  }
  // Every entry anchors the evidence as it now stands, so a bundle's verifier can tell what came in later.
  const anchored = evidenceDigest(file.database);
  // The import run and its coverage as they ended: the verifier holds the tables to it.
  const run = importRun === null ? null : runAnchor(file.database, importRun);
  for (const { report } of opened) {
    file.append({
      kind: 'evidence.imported',
      actor,
      at,
      payload: {
        file: report.file,
        sha256: report.sha256,
        format: report.format,
        source: report.source,
        rows: report.rows,
        imported: report.imported,
        problems: report.problems.slice(0, 200).map((p) => ({ line: p.line, reason: p.reason })),
        problemCount: report.problemCount,
        notes: report.notes,
        fatal: report.fatal,
        evidence: { records: anchored.records, digest: anchored.digest, version: anchored.version },
        ...(run ? { run: { ...run } } : {}),
      },
    });
  }
  return opened.map((o) => o.report);
}
