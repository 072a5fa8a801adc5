import type { SourceId } from '../../../shared/domain/investigation.ts';
import type { Histogram, HistogramGroup, TimelineFacets, TimelineRow } from '../../../shared/domain/timeline.ts';
import type { Db } from '../sqlite.ts';

export interface TimelineFilterValue {
  sources?: SourceId[] | undefined;
  severities?: string[] | undefined;
  kinds?: string[] | undefined;
  text?: string | undefined;
  ip?: string | undefined;
  country?: string | undefined;
  client?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  evidenceIds?: number[] | undefined;
}

/**
 * The analyst's words as a safe FTS5 query: each word a quoted phrase (so punctuation and operators are
 * literal, "185.220.101" matches the address), all required, the last one as a prefix while typing.
 */
export function ftsQuery(text: string): string | null {
  const words = text.split(/\s+/).filter(Boolean).slice(0, 12);
  if (words.length === 0) return null;
  return words.map((w, i) => `"${w.replace(/"/g, '""')}"${i === words.length - 1 ? '*' : ''}`).join(' AND ');
}

/** An event row as the timeline export writes it (database column names). */
export interface ExportedEvent {
  id: number;
  at: string;
  source: string;
  kind: string;
  severity: string;
  summary: string;
  actor: string | null;
  ip: string | null;
  country: string | null;
  client: string | null;
  user_agent: string | null;
  evidence_id: number;
}

/** An event as the report's attack window lists it. */
export interface SevereEvent {
  at: string;
  source: SourceId;
  kind: string;
  severity: 'info' | 'low' | 'medium' | 'high';
  summary: string;
  ip: string | null;
  country: string | null;
  evidenceId: number;
}

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(',');

/** WHERE clauses for a timeline filter: values are always bound parameters, never interpolated. */
function timelineWhere(filter: TimelineFilterValue): { sql: string; params: Array<string | number> } {
  const where: string[] = [];
  const params: Array<string | number> = [];
  const add = (clause: string, ...values: Array<string | number>) => {
    where.push(clause);
    params.push(...values);
  };
  if (filter.sources?.length) add(`source IN (${placeholders(filter.sources)})`, ...filter.sources);
  if (filter.severities?.length) add(`severity IN (${placeholders(filter.severities)})`, ...filter.severities);
  if (filter.kinds?.length) add(`kind IN (${placeholders(filter.kinds)})`, ...filter.kinds);
  if (filter.from) add('at >= ?', filter.from);
  if (filter.to) add('at <= ?', filter.to);
  if (filter.ip) add('ip = ?', filter.ip);
  if (filter.country) add('upper(country) = upper(?)', filter.country);
  if (filter.client) add('client = ?', filter.client);
  // One JSON parameter instead of one per id: a finding can cite more ids than SQLite binds.
  if (filter.evidenceIds) add('evidence_id IN (SELECT value FROM json_each(?))', JSON.stringify(filter.evidenceIds));
  const query = filter.text ? ftsQuery(filter.text) : null;
  if (query) add('id IN (SELECT rowid FROM event_fts WHERE event_fts MATCH ?)', query);
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** Recounts events per hour and dimension: part of every timeline rebuild (replaceEvents). */
export function rebuildEventHours(db: Db): void {
  db.exec(`
    DELETE FROM event_hour;
    INSERT INTO event_hour (hour, source, severity, country, kind, client, n)
      SELECT substr(at, 1, 13), source, severity, coalesce(upper(country), ''), kind, coalesce(client, ''), count(*)
      FROM event GROUP BY 1, 2, 3, 4, 5, 6;
  `);
}

/** Filters the hourly counts can answer: the ones on a dimension they keep. */
function countsAnswer(filter: TimelineFilterValue): boolean {
  return !filter.text && !filter.ip && !filter.evidenceIds;
}

/** WHERE clauses on the hourly counts; a time range is taken to the hour. */
function hourWhere(filter: TimelineFilterValue): { sql: string; params: string[] } {
  const where: string[] = [];
  const params: string[] = [];
  const add = (clause: string, ...values: string[]) => {
    where.push(clause);
    params.push(...values);
  };
  if (filter.sources?.length) add(`source IN (${placeholders(filter.sources)})`, ...filter.sources);
  if (filter.severities?.length) add(`severity IN (${placeholders(filter.severities)})`, ...filter.severities);
  if (filter.kinds?.length) add(`kind IN (${placeholders(filter.kinds)})`, ...filter.kinds);
  if (filter.country) add('country = upper(?)', filter.country);
  if (filter.client) add('client = ?', filter.client);
  if (filter.from) add('hour >= ?', filter.from.slice(0, 13));
  if (filter.to) add('hour <= ?', filter.to.slice(0, 13));
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Hourly bars show an attack's shape; beyond this span there would be too many to see, so days. */
const HOURLY_SPAN_MAX = 45 * DAY;
/** Countries and clients beyond the busiest few are summed as "other": a chart, not a table. */
const TOP_GROUPS = 7;

const GROUP_COLUMN: Record<HistogramGroup, string> = {
  source: 'source',
  severity: 'severity',
  country: "coalesce(upper(country), '')",
  kind: 'kind',
};
/** In the hourly counts, country is stored upper-cased and never null. */
const HOUR_GROUP_COLUMN: Record<HistogramGroup, string> = { ...GROUP_COLUMN, country: 'country' };

/**
 * The case's timeline, read in windows: keyset pages, counts, the activity histogram and the values to
 * filter by. Every query runs on the indexed event table inside the case file; nothing is loaded whole.
 */
export class TimelineStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  window(
    filter: TimelineFilterValue,
    after: { at: string; id: number } | null,
    limit: number,
  ): { events: TimelineRow[]; hasMore: boolean } {
    const { sql, params } = timelineWhere(filter);
    const keyset = after ? `${sql ? `${sql} AND` : 'WHERE'} (at, id) > (?, ?)` : sql;
    const rows = this.db
      .prepare(
        `SELECT id, at, source, kind, actor, ip, country, client, user_agent AS userAgent, summary, severity, evidence_id AS evidenceId FROM event ${keyset} ORDER BY at, id LIMIT ?`,
      )
      .all(...params, ...(after ? [after.at, after.id] : []), limit + 1) as TimelineRow[];
    return { events: rows.slice(0, limit), hasMore: rows.length > limit };
  }

  count(filter: TimelineFilterValue): number {
    // Without words, an address, a row list or a time bound, the hourly counts hold the exact answer:
    // no scan of a million events for "all sign-ins".
    if (countsAnswer(filter) && !filter.from && !filter.to) {
      const { sql, params } = hourWhere(filter);
      return (this.db.prepare(`SELECT coalesce(sum(n), 0) AS n FROM event_hour ${sql}`).get(...params) as { n: number })
        .n;
    }
    // Words alone: the full-text index counts its own matches, without visiting the events.
    const words = filter.text ? ftsQuery(filter.text) : null;
    const others = Object.entries(filter).filter(([k, v]) => k !== 'text' && v !== undefined && v !== '');
    if (words && others.length === 0)
      return (
        this.db.prepare('SELECT count(*) AS n FROM event_fts WHERE event_fts MATCH ?').get(words) as { n: number }
      ).n;
    const { sql, params } = timelineWhere(filter);
    return (this.db.prepare(`SELECT count(*) AS n FROM event ${sql}`).get(...params) as { n: number }).n;
  }

  /**
   * Events per hour (or day, for long windows) split into a few series: the attack's shape at a glance.
   * Buckets are contiguous from the first event to the last, so gaps show as gaps.
   */
  histogram(
    filter: TimelineFilterValue,
    groupBy: HistogramGroup,
    range: { start: string; end: string } | null,
  ): Histogram {
    // Within the investigation window: snapshots carry old dates (a phone registered years ago) that would
    // otherwise stretch the chart until the attack is a sliver.
    const scoped = range ? { ...filter, from: range.start, to: range.end } : filter;
    // The hourly counts answer most charts without touching the events; words, an address or a finding's
    // rows need the events themselves (then the set is usually small: FTS or an id list narrows it first).
    const fromCounts = countsAnswer(scoped);
    const { sql, params } = fromCounts ? hourWhere(scoped) : timelineWhere(scoped);
    const span = this.db
      .prepare(
        fromCounts
          ? `SELECT min(hour) || ':00:00.000Z' AS first, max(hour) || ':00:00.000Z' AS last FROM event_hour ${sql}`
          : `SELECT min(at) AS first, max(at) AS last FROM event ${sql}`,
      )
      .get(...params) as { first: string | null; last: string | null };
    if (!span.first || !span.last) return { bucketMs: HOUR, start: null, series: [] };
    const first = Date.parse(span.first);
    const bucketMs = Date.parse(span.last) - first > HOURLY_SPAN_MAX ? DAY : HOUR;
    const start = Math.floor(first / bucketMs) * bucketMs;
    const buckets = Math.floor((Date.parse(span.last) - start) / bucketMs) + 1;
    // ISO text sorts and truncates like time: the first 13 characters are the hour, 10 the day.
    const width = bucketMs === DAY ? 10 : 13;
    const rows = this.db
      .prepare(
        fromCounts
          ? `SELECT substr(hour, 1, ${width}) AS b, ${HOUR_GROUP_COLUMN[groupBy]} AS g, sum(n) AS n FROM event_hour ${sql} GROUP BY b, g`
          : `SELECT substr(at, 1, ${width}) AS b, ${GROUP_COLUMN[groupBy]} AS g, count(*) AS n FROM event ${sql} GROUP BY b, g`,
      )
      .all(...params) as Array<{ b: string; g: string; n: number }>;
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(r.g, (totals.get(r.g) ?? 0) + r.n);
    const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([g]) => g);
    const limited = groupBy === 'country' || groupBy === 'kind';
    const kept = new Set(limited ? ranked.slice(0, TOP_GROUPS) : ranked);
    const series = new Map<string, number[]>();
    for (const r of rows) {
      const key = kept.has(r.g) ? r.g : '*other';
      let counts = series.get(key);
      if (!counts) series.set(key, (counts = new Array<number>(buckets).fill(0)));
      const at = Date.parse(width === 10 ? `${r.b}T00:00:00Z` : `${r.b}:00:00Z`);
      const index = Math.floor((at - start) / bucketMs);
      if (index >= 0 && index < buckets) counts[index]! += r.n;
    }
    const order = [...ranked.filter((g) => kept.has(g)), '*other'];
    return {
      bucketMs,
      start: new Date(start).toISOString(),
      series: order.filter((k) => series.has(k)).map((key) => ({ key, counts: series.get(key)! })),
    };
  }

  /** The first event derived from an evidence row: what a pin or an event note refers to. */
  eventOf(evidenceId: number): { at: string; summary: string } | null {
    return (
      (this.db
        .prepare('SELECT at, summary FROM event WHERE evidence_id = ? ORDER BY at, id LIMIT 1')
        .get(evidenceId) as { at: string; summary: string } | undefined) ?? null
    );
  }

  /** Every column of the events after a keyset position, in time order: a page of the full export. */
  exportPage(after: { at: string; id: number }, limit: number): ExportedEvent[] {
    return this.db
      .prepare(
        `SELECT id, at, source, kind, severity, summary, actor, ip, country, client, user_agent, evidence_id FROM event
         WHERE (at, id) > (?, ?) ORDER BY at, id LIMIT ?`,
      )
      .all(after.at, after.id, limit) as ExportedEvent[];
  }

  /** The time of the newest event, or null for an empty timeline. */
  lastEventAt(): string | null {
    return (this.db.prepare('SELECT max(at) AS at FROM event').get() as { at: string | null }).at;
  }

  /**
   * The events between two instants that matter most: the `limit` most severe (earliest first within a
   * severity), returned in time order, with the total in the span.
   */
  mostSevere(from: string, to: string, limit: number): { total: number; events: SevereEvent[] } {
    const total = (
      this.db.prepare('SELECT count(*) AS n FROM event WHERE at >= ? AND at <= ?').get(from, to) as { n: number }
    ).n;
    const events = this.db
      .prepare(
        `SELECT at, source, kind, severity, summary, ip, country, evidence_id AS evidenceId FROM (
           SELECT * FROM event WHERE at >= ? AND at <= ?
           ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 WHEN 'low' THEN 2 ELSE 3 END, at
           LIMIT ?
         ) ORDER BY at, id`,
      )
      .all(from, to, limit) as SevereEvent[];
    return { total, events };
  }

  /** The values present in the case for the filters with free values, most frequent first. */
  facets(): TimelineFacets {
    const top = (column: 'kind' | 'country' | 'client') =>
      (
        this.db
          .prepare(
            `SELECT ${column} AS v, sum(n) AS n FROM event_hour WHERE ${column} <> '' GROUP BY v ORDER BY n DESC LIMIT 200`,
          )
          .all() as Array<{ v: string; n: number }>
      ).map((r) => ({ value: r.v, count: r.n }));
    return { kinds: top('kind'), countries: top('country'), clients: top('client') };
  }
}
