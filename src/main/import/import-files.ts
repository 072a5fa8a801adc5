import { basename } from 'node:path';
import { AppError } from '../core/app-error.ts';
import type { ImportProgress } from '../../shared/domain/import-progress.ts';
import type { SourceId } from '../../shared/domain/investigation.ts';
import type { CaseFile } from '../store/case-file/case-file.ts';
import { evidenceKey } from '../investigation/evidence-key.ts';
import { errorCode, openExport, type ExportRecord, type FileReport, type ReadOptions } from './read-export.ts';
import { withoutQuotes } from './quoted.ts';
import type { OnPassProgress } from './progress-meter.ts';

export type { FileReport, ImportProblem, ReadOptions } from './read-export.ts';
export { parseExportFile } from './read-export.ts';

export interface ImportOptions extends Omit<ReadOptions, 'onProgress'> {
  /** Told how each file's passes are coming along: which file, which pass, bytes and rows so far (throttled). */
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Rows stored per transaction, each with its entry: large enough that a million-row export adds about a
 * hundred entries to the log, small enough that a note from another process waits well under a second.
 */
export const IMPORT_SLICE = 10_000;

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
  const store = file.investigation;
  const sources = [...new Set(opened.map((o) => o.report.source).filter((s): s is SourceId => s !== null))];
  const at = new Date(now()).toISOString();
  // Every entry anchors the evidence as it then stands, so a bundle's verifier can tell what came in later.
  const running = file.runningEvidenceDigest();
  running.current(); // the rows already there are hashed now, not inside the first slice's write lock
  // One transaction per slice: its rows and the entry that records them commit together, so a crash, a
  // kill or a busy database never leaves evidence without its provenance. The file's last slice carries its
  // summary (rows, problems, fatal); a file read in one slice has one entry, as before.
  // Reasons are logged with what they quote from the file elided (quoted.ts): names, sizes, hashes, reasons.
  const record = (report: FileReport, part: number, complete: boolean, slice: ExportRecord[], store_: () => number) => {
    const added = running.within(() =>
      file.write(() => {
        const added = store_();
        const imported = report.imported + added;
        // Deduplicated by evidence key: said as such, not lumped in with rows that could not be read.
        const duplicates = report.duplicates + slice.length - added;
        const anchored = running.current();
        file.append({
          kind: 'evidence.imported',
          actor,
          at,
          payload: {
            file: report.file,
            sha256: report.sha256,
            format: report.format,
            source: report.source,
            part,
            complete,
            added,
            rows: report.rows,
            imported,
            duplicates,
            problems: complete
              ? report.problems.slice(0, 200).map((p) => ({ line: p.line, reason: withoutQuotes(p.reason) }))
              : [],
            problemCount: report.problemCount,
            notes: complete ? report.notes.map(withoutQuotes) : [],
            fatal: complete && report.fatal !== null ? withoutQuotes(report.fatal) : null,
            evidence: { records: anchored.records, digest: anchored.digest, version: anchored.version },
          },
        });
        return added;
      }),
    );
    // Counted once committed: a slice rolled back (with its entry) was not imported.
    report.imported += added;
    report.duplicates += slice.length - added;
  };
  let runId: number | null = null;
  let first: string | null = null;
  let last: string | null = null;
  const failed = new Set<SourceId>();
  const succeeded = new Set<SourceId>();
  if (sources.length > 0)
    runId = store.startRun({ startedAt: at, windowStart: at, windowEnd: at, userId: null, sources });
  try {
    for (const { report, records } of opened) {
      const source = report.source;
      if (!source || runId === null) {
        record(report, 1, true, [], () => 0);
        continue;
      }
      const request = `import ${report.file} (${report.format}) sha256=${report.sha256}`;
      const storeBatch = (batch: ExportRecord[]) => () =>
        store.storePage(
          runId,
          source,
          {
            request,
            fetchedAt: at,
            items: batch.map((r) => ({ key: evidenceKey(source, r.body, runId), body: r.body })),
          },
          null,
        ).added;
      let part = 0;
      // One slice held back, so the file's last one is stored with the entry that sums the file up.
      let pending: ExportRecord[] | null = null;
      try {
        for await (const batch of records(IMPORT_SLICE)) {
          for (const { body } of batch) {
            const t = TIME_FIELDS.map((f) => body[f]).find((v): v is string => typeof v === 'string');
            if (t === undefined) continue;
            if (first === null || t < first) first = t;
            if (last === null || t > last) last = t;
          }
          if (pending) {
            record(report, part + 1, false, pending, storeBatch(pending));
            part++;
          }
          pending = batch;
        }
      } catch (error) {
        // A refusal to write (the case is busy, its log no longer matches its anchor) stops the import as it is.
        if (error instanceof AppError) throw error;
        // The file went away or changed between its passes (or could not be stored): what was stored
        // stays, said so, and the other files still import.
        // Its code or name, not its message, which may quote the file.
        report.fatal = `stopped after ${report.imported} records: it could not be read or stored${errorCode(error) || ` (${error instanceof Error ? error.name : 'error'})`}`;
        pending = null; // the slice that failed to store was rolled back with its entry
      }
      const tail = pending;
      record(report, part + 1, true, tail ?? [], tail ? storeBatch(tail) : () => 0);
      // The reader names a file that changed or broke between its passes, and stops at it.
      (report.fatal ? failed : succeeded).add(source);
    }
    if (runId !== null) {
      const id = runId;
      // The run as it ended and the entry that records it (its coverage digested) commit together.
      file.write(() => {
        store.setRunWindow(id, first ?? at, last ?? at);
        for (const source of sources)
          store.updateSource(
            id,
            source,
            failed.has(source) && !succeeded.has(source)
              ? { status: 'failed', detail: 'the exported files could not be read to the end' }
              : { status: 'completed', detail: 'imported from exported files' },
          );
        const status = failed.size > 0 ? 'partial' : 'completed';
        store.finishRun(id, status, at);
        file.append({
          kind: 'import.finished',
          actor,
          at,
          payload: { runId: id, status, files: opened.length, run: { ...file.runAnchor(id) } },
        });
      });
    }
  } catch (error) {
    // Never leave an import run "running": a later collection would take it for one to resume. Recorded
    // with its entry, or (the case refusing writes) left as it is, for the verifier to report.
    if (runId !== null) {
      const id = runId;
      try {
        file.write(() => {
          store.finishRun(id, 'failed', at);
          file.append({
            kind: 'import.finished',
            actor,
            at,
            payload: { runId: id, status: 'failed', files: opened.length, run: { ...file.runAnchor(id) } },
          });
        });
      } catch {
        // The original refusal says why; this one would only repeat it.
      }
    }
    throw error;
  }
  return opened.map((o) => o.report);
}
