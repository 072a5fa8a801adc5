import { evidenceDigest } from '../store/case-file/evidence-digest.ts';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { SourceId } from '../../shared/domain/investigation.ts';
import type { CaseFile } from '../store/case-file/case-file.ts';
import { sha256Hex } from '../store/case-file/hash-chain.ts';
import { InvestigationStore } from '../store/case-file/investigation-store.ts';
import { evidenceKey } from '../investigation/evidence-key.ts';
import { detectJsonSource } from './formats/graph-json.ts';
import { detectCsvFormat } from './formats/registry.ts';
import { parseExportTime } from './export-time.ts';

export interface ImportProblem {
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
  problems: ImportProblem[];
  /** Why nothing could be read from the file at all. */
  fatal: string | null;
}

interface Parsed {
  report: FileReport;
  records: Array<{ line: number; body: Record<string, unknown> }>;
}

const TIME_FIELDS = ['createdDateTime', 'activityDateTime', 'receivedDateTime', 'sentDateTime'];

/** Text from bytes: UTF-8 (with or without BOM) or UTF-16 LE with BOM, as Excel saves it. */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** Reads one exported file into Graph-shaped records; never drops a row without saying which and why. */
export function parseExportFile(path: string): Parsed {
  const bytes = readFileSync(path);
  const report: FileReport = {
    file: basename(path),
    sha256: sha256Hex(bytes),
    format: null,
    source: null,
    rows: 0,
    imported: 0,
    problems: [],
    fatal: null,
  };
  const text = decode(bytes);
  if (/^\s*[[{]/.test(text)) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      report.fatal = `not valid JSON: ${(error as Error).message}`;
      return { report, records: [] };
    }
    const detected = detectJsonSource(body);
    if (!detected) {
      report.fatal =
        'not a recognised Graph or Entra JSON export (sign-ins, directory audits, audit-log records, message traces, inbox rules)';
      return { report, records: [] };
    }
    report.format = 'graph-json';
    report.source = detected.source;
    report.rows = detected.items.length;
    const records: Parsed['records'] = [];
    detected.items.forEach((item, i) => {
      if (item && typeof item === 'object' && 'id' in item) records.push({ line: i + 1, body: item });
      else report.problems.push({ line: i + 1, reason: 'item has no id' });
    });
    return { report, records };
  }

  let rows: Array<{ record: Record<string, string>; info: { lines: number } }>;
  let columns: string[] = [];
  try {
    rows = parse<{ record: Record<string, string>; info: { lines: number } }>(text, {
      columns: (header: string[]) => (columns = header.map((h) => h.trim())),
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    report.fatal = `the CSV cannot be read${lines ? ` (from line ${lines})` : ''}: ${(error as Error).message.split('\n')[0]}`;
    return { report, records: [] };
  }
  const format = detectCsvFormat(columns);
  if (!format) {
    report.fatal = `unrecognised CSV columns (${columns.slice(0, 6).join(', ')}…): expected a Purview audit export, an Entra sign-in or audit download, or a message trace export`;
    return { report, records: [] };
  }
  report.format = format.id;
  report.source = format.source;
  report.rows = rows.length;
  const records: Parsed['records'] = [];
  let previousEnd = 1; // the header
  for (const { record, info } of rows) {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    if (Object.keys(record).length !== columns.length) {
      report.problems.push({ line, reason: `expected ${columns.length} fields, found ${Object.keys(record).length}` });
      continue;
    }
    const converted = format.convert(record, { time: parseExportTime });
    if (converted.ok) records.push({ line, body: converted.record });
    else report.problems.push({ line, reason: converted.reason });
  }
  return { report, records };
}

/**
 * Imports exported logs into a case, for investigations without a connection: each file is hashed and
 * logged, its records stored as evidence beside collected ones (deduplicated by id), the sources it
 * covers recorded as an import run, and every row that could not be read reported with its line.
 */
export function importFiles(
  file: CaseFile,
  paths: readonly string[],
  actor: string,
  now: () => number = Date.now,
): FileReport[] {
  const parsed = paths.map(parseExportFile);
  const store = new InvestigationStore(file.database);
  const sources = [...new Set(parsed.map((p) => p.report.source).filter((s): s is SourceId => s !== null))];
  const times = parsed
    .flatMap((p) => p.records)
    .map((r) => TIME_FIELDS.map((f) => r.body[f]).find((v) => typeof v === 'string'))
    .filter((t): t is string => t !== undefined)
    .sort();
  const at = new Date(now()).toISOString();
  if (sources.length > 0) {
    const runId = store.startRun({
      startedAt: at,
      windowStart: times[0] ?? at,
      windowEnd: times.at(-1) ?? at,
      userId: null,
      sources,
    });
    for (const { report, records } of parsed) {
      const source = report.source;
      if (!source) continue;
      const request = `import ${report.file} (${report.format}) sha256=${report.sha256}`;
      // In slices, so a very large export never becomes one giant transaction.
      for (let i = 0; i < records.length; i += 1000) {
        const slice = records
          .slice(i, i + 1000)
          .map((r) => ({ key: evidenceKey(source, r.body, runId), body: r.body }));
        report.imported += store.storePage(runId, source, { request, fetchedAt: at, items: slice }, null).added;
      }
    }
    for (const source of sources)
      store.updateSource(runId, source, { status: 'completed', detail: 'imported from exported files' });
    store.finishRun(runId, 'completed', at);
  }
  // Every entry anchors the evidence as it now stands, so a bundle's verifier can tell what came in later.
  const anchored = evidenceDigest(file.database);
  for (const { report } of parsed) {
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
        problemCount: report.problems.length,
        fatal: report.fatal,
        evidence: { records: anchored.records, digest: anchored.digest },
      },
    });
  }
  return parsed.map((p) => p.report);
}
