import type { ImportPass } from '../../shared/domain/import-progress.ts';

/** How far one pass over one file has come (the file itself is named by whoever imports it). */
export interface PassProgress {
  pass: ImportPass;
  bytesRead: number;
  totalBytes: number;
  rows: number;
  done: boolean;
}

export type OnPassProgress = (progress: PassProgress) => void;

/** Bytes of the file a source has read: the source writes it as it yields rows (no listener, no event). */
export interface ByteCount {
  bytes: number;
}

/** At most this often a pass reports, besides its start and end. */
export const PROGRESS_INTERVAL_MS = 250;

/** The clock is read once every this many rows: a row costs microseconds, the clock only a fraction of that. */
const ROWS_PER_CLOCK_READ = 64;

/** Counts one pass's rows and reports them, with the bytes read, throttled to PROGRESS_INTERVAL_MS. */
export class PassMeter {
  readonly read: ByteCount = { bytes: 0 };
  private rows = 0;
  private last = 0;
  private readonly pass: ImportPass;
  private readonly totalBytes: number;
  private readonly report: OnPassProgress | undefined;
  private readonly now: () => number;

  constructor(pass: ImportPass, totalBytes: number, report: OnPassProgress | undefined, now: () => number = Date.now) {
    this.pass = pass;
    this.totalBytes = totalBytes;
    this.report = report;
    this.now = now;
  }

  start(): void {
    this.last = this.now();
    this.emit(false);
  }

  row(): void {
    this.rows++;
    if (this.report === undefined || this.rows % ROWS_PER_CLOCK_READ !== 0) return;
    const now = this.now();
    if (now - this.last < PROGRESS_INTERVAL_MS) return;
    this.last = now;
    this.emit(false);
  }

  finish(): void {
    this.emit(true);
  }

  private emit(done: boolean): void {
    if (!this.report) return;
    try {
      this.report({
        pass: this.pass,
        // A file that grew since its size was taken must not read as more than whole.
        bytesRead: Math.min(this.read.bytes, this.totalBytes),
        totalBytes: this.totalBytes,
        rows: this.rows,
        done,
      });
    } catch {
      // Showing progress must never stop an import.
    }
  }
}
