import { z } from 'zod';

/**
 * The two passes over an export: `layout` reads it to settle its layout, row count and date order; `import`
 * reads it again to convert and store its rows.
 */
export const ImportPass = z.enum(['layout', 'import']);
export type ImportPass = z.infer<typeof ImportPass>;

/** How far one pass over one file has come. Sent at most every few hundred milliseconds, and when a pass ends. */
export const ImportProgress = z.object({
  /** The file as the import's report names it (plain text from the file system: never markup). */
  file: z.string(),
  /** Its position among the files of this import, from 0, and how many there are. */
  fileIndex: z.number().int().min(0),
  fileCount: z.number().int().min(1),
  pass: ImportPass,
  /** Bytes of the file read so far in this pass, of its size. */
  bytesRead: z.number().int().min(0),
  totalBytes: z.number().int().min(0),
  /** Rows read so far in this pass. */
  rows: z.number().int().min(0),
  /** This pass over this file has ended (read to the end, or stopped by an error the report names). */
  done: z.boolean(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

/** Names one import's progress events, chosen by the client that starts it (a case may not exist yet). */
export const ProgressId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** Whole percent of the pass, never 100 before it is done (a bar at 100 % that still waits reads as a hang). */
export function passPercent(progress: Pick<ImportProgress, 'bytesRead' | 'totalBytes' | 'done'>): number {
  if (progress.done) return 100;
  if (progress.totalBytes <= 0) return 0;
  return Math.min(99, Math.floor((progress.bytesRead / progress.totalBytes) * 100));
}

/** A fresh id for one import's progress events (any window may be importing at the same time). */
export function newProgressId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The files of the import `progressId` names as their progress last stood, in the order they were given, for
 * a screen that shows them: an event of another import (another window's, or an earlier one) changes nothing.
 */
export function withImportProgress(
  files: readonly ImportProgress[],
  event: { progressId: string | null; progress: ImportProgress },
  progressId: string | null,
): readonly ImportProgress[] {
  if (progressId === null || event.progressId !== progressId) return files;
  const next = files.filter((f) => f.fileIndex !== event.progress.fileIndex);
  next.push(event.progress);
  return next.sort((a, b) => a.fileIndex - b.fileIndex);
}
