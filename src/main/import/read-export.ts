import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SourceId } from '../../shared/domain/investigation.ts';
import { unknownLayoutReason } from './closest-format.ts';
import { csvErrorReason, csvRecords } from './csv-source.ts';
import { DateOrderVote } from './date-order.ts';
import { readExportTime, type DateOrder } from './export-time.ts';
import { columnName, normaliseColumn } from './formats/columns.ts';
import type { ConvertContext, JsonFormat, RowResult } from './formats/format.ts';
import { detectCsvFormat, detectJsonFormat } from './formats/registry.ts';
import { headerZone } from './header-zone.ts';
import { JsonDocumentError, MAX_JSON_ITEM_BYTES, jsonDocumentItems, outlineJsonDocument } from './json-document.ts';
import { isJsonLines, isObject, MAX_LINE_CHARS, sizeText, textLines, type Encoding } from './json-source.ts';
import { PassMeter, type ByteCount, type OnPassProgress } from './progress-meter.ts';

export interface ImportProblem {
  /** The line the row starts on; for a JSON document (not JSON Lines), the item's position in it. */
  line: number;
  reason: string;
}

export interface FileReport {
  file: string;
  sha256: string;
  format: string | null;
  source: SourceId | null;
  rows: number;
  imported: number;
  /** Records read but not stored because the case already holds them (the same file or overlapping exports). */
  duplicates: number;
  /** The first MAX_KEPT_PROBLEMS rows not imported, with why; problemCount counts them all. */
  problems: ImportProblem[];
  problemCount: number;
  /** How the file was read where that is not self-evident: the date order chosen, times read as UTC. */
  notes: string[];
  /** Why nothing could be read from the file at all. */
  fatal: string | null;
}

export interface ReadOptions {
  /** The day/month order for slash, dot and dash dates, when the file cannot settle it (--date-order). */
  dateOrder?: DateOrder;
  /** Told how each pass over the file is coming along, throttled (progress-meter.ts). */
  onProgress?: OnPassProgress;
  /** Smaller caps on one row than the defaults: for tests. */
  limits?: Partial<ReadLimits>;
}

/** What one row may take before it is reported instead of read: a file could otherwise be one row. */
export interface ReadLimits {
  /** Characters in a JSON Lines line. */
  lineChars: number;
  /** Bytes an item of a JSON document takes held (json-document.ts estimates it as it is read). */
  itemBytes: number;
}

export interface ExportRecord {
  line: number;
  body: Record<string, unknown>;
}

/** An export whose layout and date order are settled; `records` reads it (again) and converts it. */
export interface OpenedExport {
  report: FileReport;
  records: (batchSize?: number) => AsyncGenerator<ExportRecord[]>;
}

export const MAX_KEPT_PROBLEMS = 1000;

/** One row of a layout: an item to convert, or the reason the row could not even be split into one. */
type LayoutRow =
  | { line: number; item: Record<string, unknown>; problem?: undefined }
  | { line: number; item?: undefined; problem: string };

interface Layout {
  id: string;
  source: SourceId;
  /** Microsoft documents the layout's times as UTC. */
  utc: boolean;
  convert: (item: Record<string, unknown>, ctx: ConvertContext) => RowResult;
  /** Minutes east of UTC that the header gives for times without a zone; null when it names none. */
  offsetMinutes: number | null;
  /** Some column name says which zone the times are in (UTC, or an offset). */
  zoneStated: boolean;
  columnName: (key: string) => string;
  /** Reads the rows, from the start; `read` follows the bytes of the file read so far. */
  rows: (read?: ByteCount) => AsyncIterable<LayoutRow>;
  /** Bytes read to find the layout before the first pass (a JSON document read ahead to its context). */
  readAhead: number;
  /** Why reading the rows failed, from what `rows` threw. */
  failure: (error: unknown) => string;
}

type Opening = { ok: true; layout: Layout } | { ok: false; fatal: string };

/** ` (ENOENT)`-style: a system error's code says enough, its message would name paths or quote text. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? ` (${code})` : '';
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The first bytes: the encoding, whether it is JSON, whether PowerShell's `#TYPE` line comes first. */
async function sniff(path: string): Promise<{ encoding: Encoding; json: boolean; typeLine: boolean; empty: boolean }> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const bytes = buffer.subarray(0, bytesRead);
    const encoding: Encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf16le' : 'utf8';
    const text = new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-8')
      .decode(encoding === 'utf16le' ? bytes.subarray(2) : bytes)
      .replace(/^\uFEFF/, '');
    return {
      encoding,
      json: /^\s*[[{]/.test(text),
      typeLine: /^#TYPE /.test(text),
      empty: text.trim() === '',
    };
  } finally {
    await handle.close();
  }
}

async function openCsv(path: string, typeLine: boolean): Promise<Opening> {
  const fromLine = typeLine ? 2 : 1;
  let header: string[] | null = null;
  try {
    for await (const { fields } of csvRecords(path, fromLine)) {
      header = fields;
      break;
    }
  } catch (error) {
    return { ok: false, fatal: csvErrorReason(error) };
  }
  if (!header) return { ok: false, fatal: 'the file has no header row' };
  const names = header.map(columnName);
  const keys = header.map(normaliseColumn);
  const zone = headerZone(header);
  if (!zone.ok) return { ok: false, fatal: zone.reason };
  const format = detectCsvFormat(keys);
  if (!format) return { ok: false, fatal: unknownLayoutReason(header, 'CSV columns') };
  const spelled = new Map(keys.map((k, i) => [k, names[i]!]));
  return {
    ok: true,
    layout: {
      id: format.id,
      source: format.source,
      utc: format.utc === true,
      convert: (item, ctx) => format.convert(item as Record<string, string>, ctx),
      offsetMinutes: zone.offsetMinutes,
      zoneStated: zone.stated,
      columnName: (key) => spelled.get(key) ?? key,
      readAhead: 0,
      failure: csvErrorReason,
      async *rows(read) {
        let first = true;
        for await (const { line, fields } of csvRecords(path, fromLine, read)) {
          if (first) {
            first = false;
            continue;
          }
          if (fields.length !== keys.length) {
            yield { line, problem: `expected ${keys.length} fields, found ${fields.length}` };
            continue;
          }
          // Column names come from the file: no prototype to write through.
          const row = Object.create(null) as Record<string, string>;
          for (let i = 0; i < keys.length; i++) row[keys[i]!] = fields[i]!;
          yield { line, item: row };
        }
      },
    },
  };
}

const GRAPH_HINT =
  '; Clearance also reads Graph collections (sign-ins, directory audits, audit log records, message traces, inbox rules) as {"value": [...]} or an array';

/** A JSON read's failure: the document's own message, or the error's. */
function jsonFailure(error: unknown): string {
  if (error instanceof JsonDocumentError) return error.message;
  // Not the error's message: JSON.parse quotes the text it met, which must not reach the case log.
  return `the JSON cannot be read${errorCode(error)}`;
}

/** `read` for a pass that reads `ahead` bytes first and then the whole file: both reads as a share of `size`. */
function afterReadAhead(read: ByteCount, ahead: number, size: number): ByteCount {
  return {
    get bytes() {
      return read.bytes;
    },
    set bytes(bytes: number) {
      read.bytes = Math.round((size * (ahead + bytes)) / (ahead + size));
    },
  };
}

async function openJson(path: string, encoding: Encoding, limits: ReadLimits): Promise<Opening> {
  const spelled = new Map<string, string>();
  const columnName = (key: string) => spelled.get(key) ?? key;
  const remember = (item: Record<string, unknown>) => {
    for (const key of Object.keys(item)) {
      const k = normaliseColumn(key);
      if (!spelled.has(k)) spelled.set(k, key);
    }
  };
  /** An item as a row: an object (its field names remembered for messages), else `notObject` says why not. */
  const row = (line: number, item: unknown, notObject: string): LayoutRow => {
    if (!isObject(item)) return { line, problem: notObject };
    remember(item);
    return { line, item };
  };
  // JSON has no header to name a zone: times carry their own, or the format's utc decides.
  const layoutOf = (format: JsonFormat, id: string, rows: Layout['rows'], readAhead = 0): Opening => ({
    ok: true,
    layout: {
      id,
      source: format.source,
      utc: format.utc === true,
      convert: format.convert,
      offsetMinutes: null,
      zoneStated: false,
      columnName,
      rows,
      readAhead,
      failure: jsonFailure,
    },
  });
  if (await isJsonLines(path, encoding)) {
    let first: Record<string, unknown> | undefined;
    for await (const { text } of textLines(path, encoding, undefined, limits.lineChars)) {
      if (text !== undefined) first = JSON.parse(text) as Record<string, unknown>; // isJsonLines parsed it already
      break;
    }
    const format = detectJsonFormat(first, '');
    if (!format) return { ok: false, fatal: unknownLayoutReason(Object.keys(first ?? {}), 'JSON fields') + GRAPH_HINT };
    return layoutOf(format, format.id.replace(/-json$/, '-jsonl'), async function* (read) {
      for await (const { line, text } of textLines(path, encoding, read, limits.lineChars)) {
        if (text === undefined) {
          yield { line, problem: `the line is longer than ${sizeText(limits.lineChars, 'characters')}: not read` };
          continue;
        }
        let item: unknown;
        try {
          item = JSON.parse(text);
        } catch {
          yield { line, problem: 'not valid JSON' };
          continue;
        }
        yield row(line, item, 'not a JSON object');
      }
    });
  }
  // Not reported while it reads (no rows yet): the first pass's bytes then count it as read ahead.
  const outline = await outlineJsonDocument(path, encoding, undefined, limits.itemBytes);
  const { first, context } = outline;
  const format = detectJsonFormat(first, context);
  const tooLarge = `the item is larger than ${sizeText(limits.itemBytes, 'B')}: not read`;
  if (!format)
    return {
      ok: false,
      fatal: first
        ? unknownLayoutReason(Object.keys(first), 'JSON fields') + GRAPH_HINT
        : outline.shape === 'self'
          ? `the document is one object larger than ${sizeText(limits.itemBytes, 'B')}: not read`
          : `not a recognised JSON export: it holds no objects${GRAPH_HINT}`,
    };
  return layoutOf(
    format,
    format.id,
    async function* (read) {
      for await (const item of jsonDocumentItems(path, encoding, outline, read, limits.itemBytes))
        yield item.tooLarge
          ? { line: item.position, problem: tooLarge }
          : row(item.position, item.value, 'item is not a JSON object');
    },
    outline.bytesRead,
  );
}

/** A time the first pass hands converters: any valid instant, so they go on to read their other times. */
const PROBE_TIME = '2000-01-01T00:00:00.000Z';

function addProblem(report: FileReport, line: number, reason: string): void {
  report.problemCount++;
  if (report.problems.length < MAX_KEPT_PROBLEMS) report.problems.push({ line, reason });
}

/** Deeper than any record Microsoft writes (about 10 levels); deeper ones cannot be stored (stringify overflows). */
const MAX_RECORD_DEPTH = 64;

/** Is a value nested deeper than `limit`? An explicit stack: the value is received, recursion is not safe. */
function deeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

function convertSafely(layout: Layout, item: Record<string, unknown>, ctx: ConvertContext): RowResult {
  try {
    return layout.convert(item, ctx);
  } catch (error) {
    // The error's name only: a converter's message may quote the row.
    return { ok: false, reason: `could not be converted (${error instanceof Error ? error.name : 'error'})` };
  }
}

/**
 * Opens one exported file: hashes it, finds its layout, and reads it once to count its rows and settle its
 * date order from every time they hold. Nothing is converted for keeping yet; `records` does that in a second
 * streamed pass, so a file of any size never needs to be held (one row is capped: ReadLimits).
 * `onProgress` hears of both passes: `layout` from before the hash, `import` as `records` reads.
 */
export async function openExport(path: string, options: ReadOptions = {}): Promise<OpenedExport> {
  const report: FileReport = {
    file: basename(path),
    sha256: '',
    format: null,
    source: null,
    rows: 0,
    imported: 0,
    duplicates: 0,
    problems: [],
    problemCount: 0,
    notes: [],
    fatal: null,
  };
  const nothing = async function* (): AsyncGenerator<ExportRecord[]> {};
  let opening: Opening;
  let size = 0;
  let meter: PassMeter | null = null;
  const limits: ReadLimits = {
    lineChars: options.limits?.lineChars ?? MAX_LINE_CHARS,
    itemBytes: options.limits?.itemBytes ?? MAX_JSON_ITEM_BYTES,
  };
  /** The file is not read: why, and its layout pass ended (when it had begun). */
  const refuse = (fatal: string): OpenedExport => {
    report.fatal = fatal;
    meter?.finish();
    return { report, records: nothing };
  };
  try {
    size = (await stat(path)).size;
    // Started before the hash, so the file is named at once however long hashing a large one takes.
    meter = new PassMeter('layout', size, options.onProgress);
    meter.start();
    report.sha256 = await sha256File(path);
    const sniffed = await sniff(path);
    opening = sniffed.empty
      ? { ok: false, fatal: 'the file is empty' }
      : sniffed.json
        ? await openJson(path, sniffed.encoding, limits)
        : await openCsv(path, sniffed.typeLine);
  } catch (error) {
    if (error instanceof JsonDocumentError) return refuse(error.message);
    return refuse(`the file cannot be read${errorCode(error)}`);
  }
  if (!opening.ok) return refuse(opening.fatal);
  const layoutMeter = meter;
  const layout = opening.layout;
  const layoutRead = layout.readAhead > 0 ? afterReadAhead(layoutMeter.read, layout.readAhead, size) : layoutMeter.read;

  const vote = new DateOrderVote();
  let line = 0;
  const probe: ConvertContext = {
    time: (raw) => {
      vote.add(raw, line);
      return PROBE_TIME;
    },
    columnName: layout.columnName,
    file: report.file,
  };
  try {
    for await (const row of layout.rows(layoutRead)) {
      report.rows++;
      layoutMeter.row();
      line = row.line;
      if (row.item) convertSafely(layout, row.item, probe);
    }
  } catch (error) {
    report.rows = 0;
    return refuse(layout.failure(error));
  }
  const decision = vote.decide(options.dateOrder);
  if (!decision.ok) return refuse(`its dates cannot be read one way: ${decision.reason}`);
  layoutMeter.finish();
  if (decision.note) report.notes.push(decision.note);
  report.format = layout.id;
  report.source = layout.source;

  async function* records(batchSize = 1000): AsyncGenerator<ExportRecord[]> {
    let unzoned = false;
    const ctx: ConvertContext = {
      time(raw) {
        const read = readExportTime(raw, decision.ok ? decision.order : 'mdy', layout.offsetMinutes ?? 0);
        if (read && !read.zoned && !layout.zoneStated) unzoned = true;
        return read?.iso ?? null;
      },
      columnName: layout.columnName,
      file: report.file,
    };
    let batch: ExportRecord[] = [];
    const importMeter = new PassMeter('import', size, options.onProgress);
    importMeter.start();
    try {
      for await (const row of layout.rows(importMeter.read)) {
        importMeter.row();
        if (!row.item) {
          addProblem(report, row.line, row.problem);
          continue;
        }
        const result = convertSafely(layout, row.item, ctx);
        if (!result.ok) addProblem(report, row.line, result.reason);
        // Only records about to be stored are walked for depth: the first pass's conversions are discarded.
        else if (deeperThan([result.record, ...(result.more ?? [])], MAX_RECORD_DEPTH + 1))
          addProblem(
            report,
            row.line,
            `nested more than ${MAX_RECORD_DEPTH} levels deep: not a record Microsoft writes`,
          );
        else {
          batch.push({ line: row.line, body: result.record });
          for (const body of result.more ?? []) batch.push({ line: row.line, body });
        }
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    } catch (error) {
      // The first pass read the whole file: it changed since.
      report.fatal = `the file changed while it was read (${layout.failure(error)}); import it again`;
    }
    if (batch.length > 0) yield batch;
    if (unzoned && !layout.utc)
      report.notes.push('some times carry no time zone and no column says which: they were read as UTC');
    // After the last slice was handed over (and stored), so `done` means this file is in.
    importMeter.finish();
  }
  return { report, records };
}

/** Reads a whole export into memory: for tests and small files; importing streams with openExport. */
export async function parseExportFile(
  path: string,
  options: ReadOptions = {},
): Promise<{ report: FileReport; records: ExportRecord[] }> {
  const opened = await openExport(path, options);
  const records: ExportRecord[] = [];
  for await (const batch of opened.records()) records.push(...batch);
  return { report: opened.report, records };
}
