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

export const consoleOutput: Output = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  get status() {
    return process.stderr.isTTY ? process.stderr : undefined;
  },
};

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
