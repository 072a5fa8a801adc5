import type { SourceId } from '../../../shared/domain/investigation.ts';

/** One row turned into the Graph shape the detectors read, or the reason it could not be. */
export type RowResult = { ok: true; record: Record<string, unknown> } | { ok: false; reason: string };

/** What a converter may ask of the file it is in: times are read the one way decided for the whole file. */
export interface ConvertContext {
  /** An exported time as ISO 8601 UTC, or null when it cannot be read. */
  time(raw: string): string | null;
}

export interface CsvFormat {
  id: string;
  label: string;
  source: SourceId;
  /** Column names (lower-case) whose presence identifies the format; `a|b` means either. */
  signature: string[];
  convert(row: Record<string, string>, ctx: ConvertContext): RowResult;
}
