import type { CaseFile } from '../store/case-file/case-file.ts';

/** Timesketch's three required columns first (message, datetime, timestamp_desc), then ours as attributes. */
const COLUMNS = [
  'message',
  'datetime',
  'timestamp_desc',
  'source',
  'severity',
  'actor',
  'ip',
  'country',
  'client',
  'user_agent',
  'evidence_id',
  'case_id',
] as const;

const PAGE = 5000;

/**
 * Every event in time order, a page at a time: no statement stays open between pages, so the case stays
 * writable while a long export waits for the disk (better-sqlite3 refuses writes while a read iterates).
 */
function* events(file: CaseFile): Generator<Record<(typeof COLUMNS)[number], string | number>> {
  let after = { at: '', id: 0 };
  for (;;) {
    const rows = file.timeline.exportPage(after, PAGE);
    for (const r of rows)
      yield {
        message: r.summary,
        datetime: r.at,
        timestamp_desc: r.kind,
        source: r.source,
        severity: r.severity,
        actor: r.actor ?? '',
        ip: r.ip ?? '',
        country: r.country ?? '',
        client: r.client ?? '',
        user_agent: r.user_agent ?? '',
        evidence_id: r.evidence_id,
        case_id: file.header.id,
      };
    if (rows.length < PAGE) return;
    const last = rows.at(-1)!;
    after = { at: last.at, id: last.id };
  }
}

/**
 * A cell as RFC 4180 CSV. Tenant text that a spreadsheet would run as a formula (=, +, -, @, tab, CR
 * first) gets a leading apostrophe: the file is for Timesketch, but analysts open it in Excel too.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole timeline as CSV that Timesketch imports as is; streamed, so a million events fit. */
export function* timelineCsv(file: CaseFile): Generator<string> {
  yield `${COLUMNS.join(',')}\r\n`;
  for (const e of events(file)) yield `${COLUMNS.map((c) => csvCell(e[c])).join(',')}\r\n`;
}

/** The whole timeline as JSON Lines (Timesketch's other import format). */
export function* timelineJsonl(file: CaseFile): Generator<string> {
  for (const e of events(file)) yield `${JSON.stringify(e)}\n`;
}
