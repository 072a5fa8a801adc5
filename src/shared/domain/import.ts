import { z } from 'zod';
import { AbsolutePath } from './paths.ts';
import { CaseId } from './identifiers.ts';
import { ProgressId } from './import-progress.ts';

/** Exported logs to read into a case: paths on the machine main runs on. */
export const ImportInput = z
  .object({
    caseId: CaseId,
    paths: z.array(AbsolutePath).min(1, { error: 'validation.import.paths' }).max(50),
    /** Day-first or month-first, for files whose dates read both ways (04/05/2026). */
    dateOrder: z.enum(['dmy', 'mdy']).optional(),
    /** Echoed in this import's `import.progress` events, so the client that started it can tell them apart. */
    progressId: ProgressId.optional(),
  })
  .strict();

export const ImportFileReport = z.object({
  file: z.string(),
  sha256: z.string(),
  format: z.string().nullable(),
  source: z.string().nullable(),
  rows: z.number().int(),
  imported: z.number().int(),
  /** Records already in the case (deduplicated by evidence key), not imported again. */
  duplicates: z.number().int().nonnegative(),
  problems: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  /** All rows not imported; `problems` lists the first of them. */
  problemCount: z.number().int(),
  /** How the file was read: the date order chosen, times without a zone read as UTC. */
  notes: z.array(z.string()),
  fatal: z.string().nullable(),
});

/** A file in a folder given that was not read (another kind of file, a link, too large…), and why. */
export const ImportSkippedFile = z.object({ file: z.string(), reason: z.string() });

/** Per file: what was read, what was not and why (first 200 problems; the case log has the count). */
export const ImportResult = z.object({
  files: z.array(ImportFileReport),
  skipped: z.array(ImportSkippedFile).optional(),
  verdict: z.object({ verdict: z.string() }),
  findings: z.number().int(),
});
