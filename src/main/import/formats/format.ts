import type { SourceId } from '../../../shared/domain/investigation.ts';

/**
 * One row turned into the Graph shape the detectors read, or the reason it could not be. `more` holds
 * further records from the same row (a message trace row naming several recipients is one record each).
 */
export type RowResult =
  { ok: true; record: Record<string, unknown>; more?: Array<Record<string, unknown>> } | { ok: false; reason: string };

/** What a converter may ask of the file it is in: times are read the one way decided for the whole file. */
export interface ConvertContext {
  /**
   * An exported time as ISO 8601 UTC, or null when it cannot be read. The day/month order is the one decided
   * for the whole file; a zone in the value, or in the column header (`TimeGenerated [UTC+01:00]`), is applied.
   */
  time: (raw: string) => string | null;
  /** A column's name as the file spells it (without a zone suffix), from the lower-case key rows use. */
  columnName: (key: string) => string;
  /**
   * The file's name, for the layouts whose rows cannot say what the file holds: the Entra admin center names
   * each sign-in tab's download after the tab, and the interactive and non-interactive tabs share one header.
   */
  file?: string;
}

/**
 * A CSV layout. Rows reach `convert` keyed by normalised column name (trimmed, lower-case, without a
 * `[UTC…]` suffix); read them with `get` from columns.ts.
 */
export interface CsvFormat {
  id: string;
  label: string;
  source: SourceId;
  /** Column names (lower-case) whose presence identifies the format; `a|b` means either. */
  signature: string[];
  /** The columns Microsoft documents for this export, to name the closest format for a header it cannot read. */
  columns?: readonly string[];
  /** Microsoft documents this export's times as UTC, so a time without a zone needs no note. */
  utc?: boolean;
  /** Microsoft also exports these rows as JSON objects with the same names (Log Analytics, advanced hunting). */
  jsonRows?: boolean;
  convert: (row: Record<string, string>, ctx: ConvertContext) => RowResult;
}

/** A JSON layout: items of an array, of a Graph collection's `value`, or of JSON Lines. */
export interface JsonFormat {
  id: string;
  label: string;
  source: SourceId;
  /** The Graph `@odata.context` that names this collection; it decides before any item's shape does. */
  context?: RegExp;
  /** Whether the document's first object item has this format's shape. */
  matches: (item: Record<string, unknown>) => boolean;
  /** Microsoft documents these times as UTC (see CsvFormat.utc). */
  utc?: boolean;
  /** For the closest-format message: the fields this format expects. */
  fields?: readonly string[];
  convert: (item: Record<string, unknown>, ctx: ConvertContext) => RowResult;
}
