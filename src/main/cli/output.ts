import type { FieldIssue } from '../../shared/api/errors.ts';
import { translate } from '../../shared/i18n/index.ts';

/** A terminal a status line can be rewritten on in place. */
export interface StatusTerminal {
  /** Its width in characters, when known. */
  columns?: number;
  write(text: string): unknown;
}

export interface Output {
  out(line: string): void;
  err(line: string): void;
  /** stderr, when it is a terminal: absent for a pipe or a file, where a line rewritten in place is noise. */
  readonly status?: StatusTerminal | undefined;
}

/**
 * Streams whose reader has gone (`clearance cases list | head -1`): nothing more is written there, and
 * the command finishes with its own exit code instead of dying on an unhandled EPIPE.
 */
const closedStreams = new WeakSet<NodeJS.WriteStream>();
const guardedStreams = new WeakSet<NodeJS.WriteStream>();

function writeLine(stream: NodeJS.WriteStream, line: string): void {
  if (!guardedStreams.has(stream)) {
    guardedStreams.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closedStreams.add(stream);
    });
  }
  if (!closedStreams.has(stream)) stream.write(line + '\n');
}

export const consoleOutput: Output = {
  out: (line) => writeLine(process.stdout, line),
  err: (line) => writeLine(process.stderr, line),
  get status() {
    return process.stderr.isTTY ? process.stderr : undefined;
  },
};

/**
 * What every command prints through: each line made printable (our own line breaks and tabs kept), so
 * no command can forget to neutralise a case id, a UPN or a file name that came from a tenant or a file.
 */
export function sanitised(output: Output): Output {
  return {
    out: (text) => output.out(printableText(text)),
    err: (text) => output.err(printableText(text)),
    get status() {
      return output.status;
    },
  };
}

/** `printable` for text of several lines: the layout's line breaks and tabs stay, every other control goes. */
export function printableText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.split('\t').map(printable).join('\t'))
    .join('\n');
}

/**
 * JSON for the terminal: the characters `printable` would replace are escaped (\u…) instead, so the
 * output stays exact JSON with every value intact, and nothing in it drives the terminal.
 */
export function jsonText(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    // JSON.stringify already escapes U+0000–U+001F; these are the rest of what `printable` replaces.
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Left-aligned columns; values are tenant data, printed as plain text. */
export function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function describeIssues(issues: FieldIssue[] = []): string[] {
  return issues.map((issue) => `  ${issue.path || 'input'}: ${translate(issue.message)}`);
}

/** Control characters in tenant data must not drive the analyst's terminal. */
export function printable(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
}
