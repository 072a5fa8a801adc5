import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { ByteCount } from './progress-meter.ts';

/** One CSV record and the line it starts on, as an editor numbers lines (CRLF and quoted newlines counted once). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A record larger than this is refused rather than held (a broken quote can swallow a whole file). */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

const count = (text: string, char: string): number => {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n++;
  return n;
};

/**
 * Streams a CSV file's records (UTF-8 or UTF-16 LE, with or without a byte-order mark; CRLF or LF), from
 * `fromLine` (2 to skip PowerShell's `#TYPE` line). Breaking out of the loop closes the file. `read`, when
 * given, holds the bytes read from the file so far.
 */
export async function* csvRecords(path: string, fromLine = 1, read?: ByteCount): AsyncGenerator<CsvRecord> {
  const input = createReadStream(path);
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: false,
    skip_empty_lines: true,
    from_line: fromLine,
    max_record_size: MAX_RECORD_BYTES,
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  // csv-parse counts a CR inside a quoted field as a line of its own (a CRLF as two): subtract those.
  let carriageReturns = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      let newlines = 0;
      for (const field of record) {
        if (field.includes('\r')) carriageReturns += count(field, '\r');
        if (field.includes('\n')) newlines += count(field, '\n');
      }
      const end = info.lines - carriageReturns;
      if (read) read.bytes = input.bytesRead;
      yield { line: end - newlines, fields: record };
    }
    if (read) read.bytes = input.bytesRead;
  } finally {
    input.destroy();
    parser.destroy();
  }
}

/** csv-parse's errors in our words: its own messages quote the file's text, which must not reach the case log. */
const CSV_REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quote closes a field but more text follows it',
  CSV_INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted field',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text follows a closing quote',
  CSV_MAX_RECORD_SIZE: `a record is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MiB`,
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'its records have different numbers of fields',
  CSV_RECORD_INCONSISTENT_COLUMNS: 'its records have different numbers of fields',
};

/** csv-parse's error as one line, with the line it was met on, and never the file's text. */
export function csvErrorReason(error: unknown): string {
  const lines = (error as { lines?: number }).lines;
  const code = (error as { code?: unknown }).code;
  const why =
    typeof code === 'string' && code in CSV_REASONS
      ? CSV_REASONS[code]
      : typeof code === 'string' && /^E[A-Z]+$/.test(code)
        ? `the file could not be read (${code})`
        : 'it is not well-formed CSV';
  return `the CSV cannot be read${typeof lines === 'number' ? ` (from line ${lines})` : ''}: ${why}`;
}
