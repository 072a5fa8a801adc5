import { existsSync } from 'node:fs';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
 * Where the worker process's entry is: beside this module when running from source (Node strips the types);
 * in the electron-vite build it is its own entry (`out/main/received-file-worker.js`, see electron.vite.config.ts)
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
 * Copies, inspects and verifies a received file in a child process with a deadline; refusals (including the
 * deadline) throw ReceivedFileRefused. The checks that cannot block (lstat: link, FIFO, device, size) run
 * here first, so a FIFO is refused without ever being opened.
 *
 * A process, not a worker thread: a SQLite statement runs in native code, where a worker's terminate() does not
 * reach (the thread runs on, and the process can no longer exit), and better-sqlite3 has no interrupt. A child
 * is killed outright. The schema check before any query remains the first line: with no view or trigger of the
 * file's own, every query is bounded by the file's size; the deadline is for everything else.
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
  // Electron's fork runs its own binary as Node (ELECTRON_RUN_AS_NODE), with the same native modules.
  const child = fork(fileURLToPath(workerUrl()), [], {
    execArgv: [],
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    env: { ...process.env, CLEARANCE_RECEIVED_FILE_WORKER: '1' },
    serialization: 'json',
  });
  // 'close' comes after the last message was read and the process is gone.
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await new Promise<ExamineAnswer>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new ReceivedFileRefused('timeout', { seconds: +(deadline / 1000).toFixed(3) })),
        deadline,
      );
      child.once('message', (message: ExamineAnswer) => resolve(message));
      child.once('error', () => reject(new ReceivedFileRefused('unreadable')));
      child.once('close', () => reject(new ReceivedFileRefused('unreadable')));
      child.send(request);
    });
    if (!answer.ok) throw new ReceivedFileRefused(answer.reason as ReceivedFileRefused['reason'], answer.params);
    const { caseId, report, storageProblem, cleanCopy } = answer;
    return { caseId, report, storageProblem, cleanCopy };
  } finally {
    clearTimeout(timer);
    // Gone before the caller removes the staging folder, so nothing writes into it afterwards.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // A process that never started has nothing to wait for; a killed one is gone within moments.
    if (child.pid !== undefined)
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
  }
}
