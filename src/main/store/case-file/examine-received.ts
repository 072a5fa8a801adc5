import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { LogHead } from '../../../shared/domain/case.ts';
import type { VerifyReport } from '../../../shared/domain/case-log.ts';
import type { ExamineAnswer, ExamineRequest } from './received-file-worker.ts';
import {
  checkRegularFile,
  deadlineFor,
  DEFAULT_LIMITS,
  ReceivedFileRefused,
  type ReceivedFileLimits,
} from './received-file.ts';

/**
 * Where the worker's entry is: beside this module when running from source (Node strips the types); in the
 * electron-vite build it is its own entry (`out/main/received-file-worker.js`, see electron.vite.config.ts)
 * beside the bundle, or one folder up when this code lands in a shared chunk.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL('./received-file-worker.ts', here);
  for (const candidate of ['./received-file-worker.js', '../received-file-worker.js']) {
    const url = new URL(candidate, here);
    if (existsSync(url)) return url;
  }
  throw new Error('the received-file worker is missing from this build');
}

export interface ExamineOptions {
  /** A private folder of ours for the copy; the caller creates and removes it. */
  stagingDir: string;
  limits?: ReceivedFileLimits;
  evidence?: boolean;
  expectedHead?: LogHead | null;
  /** Also write a clean copy (VACUUM INTO) to the staging folder, for opening. */
  cleanCopy?: boolean;
}

export type Examined = {
  caseId: string;
  report: VerifyReport;
  /** What integrity_check found, when it found something (then there is no clean copy). */
  storageProblem: string | null;
  cleanCopy: string | null;
};

/**
 * Copies, inspects and verifies a received file in a worker thread with a deadline; refusals (including the
 * deadline) throw ReceivedFileRefused. The checks that cannot block (lstat: link, FIFO, device, size) run
 * here first, so a FIFO is refused without ever being opened.
 *
 * terminate() stops JavaScript, not a SQLite statement already running in native code: that is why nothing
 * but pragmas and sqlite_master is read until the schema is known to be exactly ours (no view, no trigger),
 * after which every query is bounded by the file's size.
 */
export async function examineReceivedFile(path: string, options: ExamineOptions): Promise<Examined> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const stat = checkRegularFile(path, limits.maxBytes);
  const deadline = deadlineFor(limits, stat.size);
  const request: ExamineRequest = {
    source: path,
    stagingDir: options.stagingDir,
    maxBytes: limits.maxBytes,
    evidence: options.evidence ?? false,
    expectedHead: options.expectedHead ?? null,
    cleanCopy: options.cleanCopy ?? false,
  };
  const worker = new Worker(workerUrl(), { workerData: request });
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await new Promise<ExamineAnswer>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new ReceivedFileRefused('timeout', { seconds: +(deadline / 1000).toFixed(3) })),
        deadline,
      );
      worker.once('message', (message: ExamineAnswer) => resolve(message));
      worker.once('error', () => reject(new ReceivedFileRefused('unreadable')));
      worker.once('exit', () => reject(new ReceivedFileRefused('unreadable')));
    });
    if (!answer.ok) throw new ReceivedFileRefused(answer.reason as ReceivedFileRefused['reason'], answer.params);
    const { caseId, report, storageProblem, cleanCopy } = answer;
    return { caseId, report, storageProblem, cleanCopy };
  } finally {
    clearTimeout(timer);
    // Wait for the thread to stop, so the caller can remove the staging folder with nothing writing into it;
    // but not for ever (a thread inside native code does not stop), and never keep the process alive for it.
    worker.unref();
    await Promise.race([worker.terminate(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  }
}
