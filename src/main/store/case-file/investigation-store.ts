import type { Statement } from 'better-sqlite3';
import type {
  Finding,
  SourceCoverage,
  SourceId,
  SourceStatus,
  VerdictReport,
} from '../../../shared/domain/investigation.ts';
import type { Db } from '../sqlite.ts';
import { detectionDigest, legacyFindingsDigest } from './derived-digest.ts';
import { sha256Hex } from './hash-chain.ts';
import { rebuildEventHours } from './timeline-store.ts';

export interface RunRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  window_start: string;
  window_end: string;
  user_id: string | null;
  status: 'running' | 'completed' | 'partial' | 'failed' | 'cancelled';
}

interface SourceRow {
  source: SourceId;
  status: SourceStatus;
  records: number;
  pages: number;
  duration_ms: number;
  throttle_waits: number;
  throttle_ms: number;
  reason: string | null;
  detail: string | null;
  fix: string | null;
  cursor: string | null;
}

function toCoverage(r: SourceRow): SourceCoverage {
  return {
    source: r.source,
    status: r.status,
    records: r.records,
    pages: r.pages,
    durationMs: r.duration_ms,
    throttleWaits: r.throttle_waits,
    throttleMs: r.throttle_ms,
    reason: r.reason,
    detail: r.detail,
    fix: r.fix,
  };
}

export interface EvidenceRecord {
  id: number;
  source: SourceId;
  runId: number | null;
  body: Record<string, unknown>;
}

export interface TimelineEvent {
  at: string;
  source: SourceId;
  kind: string;
  actor: string | null;
  ip: string | null;
  country: string | null;
  client: string | null;
  userAgent: string | null;
  summary: string;
  severity: 'info' | 'low' | 'medium' | 'high';
  evidenceId: number;
}

/** Part of an evidence body: `end` is where the next slice starts (in code points), `size` the whole length. */
export interface EvidenceSlice {
  id: number;
  source: SourceId;
  request: string;
  fetchedAt: string;
  sha256: string;
  body: string;
  end: number;
  size: number;
}

export interface StoredPage {
  request: string;
  fetchedAt: string;
  /** Each item with the key that identifies it across runs (a snapshot's key includes its content hash). */
  items: Array<{ key: string; body: unknown }>;
}

/**
 * The investigation part of a case file: collection runs and their per-source coverage, the raw evidence
 * (immutable, one row per distinct record), the timeline derived from it, and detection results.
 */
export class InvestigationStore {
  private readonly db: Db;
  private readonly insertEvidence: Statement;

  constructor(db: Db) {
    this.db = db;
    this.insertEvidence = db.prepare(
      `INSERT INTO evidence (source, record_key, run_id, request, fetched_at, body, sha256)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, record_key) DO NOTHING`,
    );
  }

  startRun(run: {
    startedAt: string;
    windowStart: string;
    windowEnd: string;
    userId: string | null;
    sources: readonly SourceId[];
  }): number {
    return this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare(
            "INSERT INTO collection_run (started_at, window_start, window_end, user_id, status) VALUES (?, ?, ?, ?, 'running')",
          )
          .run(run.startedAt, run.windowStart, run.windowEnd, run.userId).lastInsertRowid,
      );
      const add = this.db.prepare("INSERT INTO source_run (run_id, source, status) VALUES (?, ?, 'pending')");
      for (const source of run.sources) add.run(id, source);
      return id;
    })();
  }

  /** A run that did not finish (the app crashed or the connection was lost): resume it. */
  unfinishedRun(): RunRow | null {
    return (
      (this.db.prepare("SELECT * FROM collection_run WHERE status = 'running' ORDER BY id DESC LIMIT 1").get() as
        RunRow | undefined) ?? null
    );
  }

  latestRun(): RunRow | null {
    return (
      (this.db.prepare('SELECT * FROM collection_run ORDER BY id DESC LIMIT 1').get() as RunRow | undefined) ?? null
    );
  }

  /**
   * The period every run of the case together covers, and the user's object id as the latest run that knew
   * it: a later import of older logs must not move "the period under suspicion" back to its own records.
   */
  coveredWindow(): { start: string; end: string; userId: string | null } | null {
    const row = this.db
      .prepare(
        `SELECT min(window_start) AS start, max(window_end) AS end,
                (SELECT user_id FROM collection_run WHERE user_id IS NOT NULL ORDER BY id DESC LIMIT 1) AS userId
         FROM collection_run`,
      )
      .get() as { start: string | null; end: string | null; userId: string | null };
    return row.start && row.end ? { start: row.start, end: row.end, userId: row.userId } : null;
  }

  setRunUser(id: number, userId: string): void {
    this.db.prepare('UPDATE collection_run SET user_id = ? WHERE id = ?').run(userId, id);
  }

  /** An import learns its window from the records it reads, after the run holding them has begun. */
  setRunWindow(id: number, start: string, end: string): void {
    this.db.prepare('UPDATE collection_run SET window_start = ?, window_end = ? WHERE id = ?').run(start, end, id);
  }

  finishRun(id: number, status: RunRow['status'], at: string): void {
    this.db.prepare('UPDATE collection_run SET status = ?, finished_at = ? WHERE id = ?').run(status, at, id);
  }

  updateSource(runId: number, source: SourceId, patch: Partial<Omit<SourceRow, 'source'>>): void {
    const keys = Object.keys(patch) as (keyof typeof patch)[];
    if (keys.length === 0) return;
    // Column names come from this fixed type, never from input.
    const sets = keys.map((k) => `${k} = @${k}`).join(', ');
    this.db
      .prepare(`UPDATE source_run SET ${sets} WHERE run_id = @runId AND source = @source`)
      .run({ ...patch, runId, source });
  }

  sourceCursor(
    runId: number,
    source: SourceId,
  ): { status: SourceStatus; cursor: string | null; records: number; pages: number } | null {
    return (
      (this.db
        .prepare('SELECT status, cursor, records, pages FROM source_run WHERE run_id = ? AND source = ?')
        .get(runId, source) as
        { status: SourceStatus; cursor: string | null; records: number; pages: number } | undefined) ?? null
    );
  }

  coverage(runId: number): SourceCoverage[] {
    const rows = this.db.prepare('SELECT * FROM source_run WHERE run_id = ? ORDER BY rowid').all(runId) as SourceRow[];
    return rows.map(toCoverage);
  }

  /**
   * Stores one page and moves the source's cursor past it in the same transaction: after a crash the
   * collection resumes from the last stored page, and a page stored twice adds nothing (dedupe by key).
   */
  storePage(runId: number, source: SourceId, page: StoredPage, cursor: string | null): { added: number } {
    return this.db.transaction(() => {
      let added = 0;
      for (const item of page.items) {
        const body = JSON.stringify(item.body);
        added += this.insertEvidence.run(
          source,
          item.key,
          runId,
          page.request,
          page.fetchedAt,
          body,
          sha256Hex(body),
        ).changes;
      }
      this.db
        .prepare(
          'UPDATE source_run SET records = records + ?, pages = pages + 1, cursor = ? WHERE run_id = ? AND source = ?',
        )
        .run(page.items.length, cursor, runId, source);
      return { added };
    })();
  }

  /**
   * All evidence of the given sources (every run), in storage order. Read in keyset chunks rather than one
   * open cursor, so the caller may write to the case file between records (the timeline is written while
   * evidence is read) and memory stays flat however large the case.
   */
  *evidence(sources?: readonly SourceId[]): IterableIterator<EvidenceRecord> {
    const filter = sources ? `AND source IN (${sources.map(() => '?').join(',')})` : '';
    const chunk = this.db.prepare(
      `SELECT id, source, run_id, body FROM evidence WHERE id > ? ${filter} ORDER BY id LIMIT 2000`,
    );
    let after = 0;
    for (;;) {
      const rows = chunk.all(after, ...(sources ?? [])) as Array<{
        id: number;
        source: SourceId;
        run_id: number | null;
        body: string;
      }>;
      if (rows.length === 0) return;
      for (const row of rows)
        yield {
          id: row.id,
          source: row.source,
          runId: row.run_id,
          body: JSON.parse(row.body) as Record<string, unknown>,
        };
      after = rows.at(-1)!.id;
    }
  }

  /**
   * The evidence of one source with only the named properties, extracted by SQLite's JSON functions: for
   * sources with millions of records, detectors read a few fields, and parsing whole bodies in JavaScript
   * would cost seconds and gigabytes. A key is a dotted path (`status.errorCode`); a trailing `*` marks one
   * whose value is a whole object or array (`toRecipients*`), for the reader. `auditDataFor` keeps `auditData` only for the listed audit
   * operations (the only ones whose parameters detectors read).
   */
  *projectedEvidence(
    source: SourceId,
    keys: readonly string[],
    auditDataFor?: readonly string[],
  ): IterableIterator<EvidenceRecord> {
    const fields = keys.map((key) => {
      const path = key.endsWith('*') ? key.slice(0, -1) : key;
      if (!/^[A-Za-z@][\w@]*(\.[A-Za-z@][\w@]*)*$/.test(path)) throw new Error(`invalid projection key ${key}`);
      const parts = path.split('.');
      return {
        parents: parts.slice(0, -1),
        leaf: parts.at(-1)!,
        sql: `$.${path
          .split('.')
          .map((p) => `"${p}"`)
          .join('.')}`,
      };
    });
    // One json_extract with every path (a JSON array back) costs a quarter less than a `->>` per key, and
    // returns objects and arrays as JSON already; a single path would come back bare, hence json_array.
    const paths = fields.map((f) => `'${f.sql}'`);
    const columns = [
      paths.length === 1 ? `json_array(body -> ${paths[0]}) AS v` : `json_extract(body, ${paths.join(', ')}) AS v`,
    ];
    if (auditDataFor)
      columns.push(
        `CASE WHEN body ->> '$.operation' IN (${auditDataFor.map(() => '?').join(',')}) THEN body -> '$.auditData' END AS audit`,
      );
    const chunk = this.db.prepare(
      `SELECT id, run_id, ${columns.join(', ')} FROM evidence WHERE source = ? AND id > ? ORDER BY id LIMIT 5000`,
    );
    let after = 0;
    for (;;) {
      const rows = chunk.all(...(auditDataFor ?? []), source, after) as Array<{
        id: number;
        run_id: number | null;
        v: string;
        audit?: string | null;
      }>;
      if (rows.length === 0) return;
      for (const row of rows) {
        const body: Record<string, unknown> = {};
        const values = JSON.parse(row.v) as unknown[];
        fields.forEach((field, i) => {
          const value = values[i];
          if (value === null || value === undefined) return;
          let node = body;
          for (const part of field.parents) node = (node[part] ??= {}) as Record<string, unknown>;
          node[field.leaf] = value;
        });
        if (typeof row.audit === 'string') body.auditData = JSON.parse(row.audit) as unknown;
        yield { id: Number(row.id), source, runId: row.run_id === null ? null : Number(row.run_id), body };
      }
      after = Number(rows.at(-1)!.id);
    }
  }

  /** The latest run that completed a source: its rows are that source's current state (snapshots). */
  latestCompletedRun(source: SourceId): number | null {
    const row = this.db
      .prepare("SELECT max(run_id) AS id FROM source_run WHERE source = ? AND status = 'completed'")
      .get(source) as { id: number | null };
    return row.id;
  }

  /**
   * Coverage as the case stands: per source, its latest successful collection (or import), else its latest
   * attempt. A later run that failed does not hide an earlier success; an import adds to a collection.
   */
  latestCoverage(): SourceCoverage[] {
    const rows = this.db.prepare('SELECT * FROM source_run ORDER BY run_id, rowid').all() as Array<
      SourceRow & { run_id: number }
    >;
    const best = new Map<SourceId, SourceRow>();
    for (const row of rows) {
      const current = best.get(row.source);
      if (!current || row.status === 'completed' || current.status !== 'completed') best.set(row.source, row);
    }
    return [...best.values()].map(toCoverage);
  }

  /** Raw evidence rows by id, as stored (for the evidence viewer and reports). */
  evidenceByIds(
    ids: readonly number[],
  ): Array<{ id: number; source: SourceId; request: string; fetchedAt: string; sha256: string; body: string }> {
    if (ids.length === 0) return [];
    return this.db
      .prepare(
        `SELECT id, source, request, fetched_at AS fetchedAt, sha256, body FROM evidence WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
      )
      .all(...ids) as Array<{
      id: number;
      source: SourceId;
      request: string;
      fetchedAt: string;
      sha256: string;
      body: string;
    }>;
  }

  /**
   * Evidence rows for the UI: each body from `offset` (characters), at most `limit` of them, with its full
   * size and where the slice ends, so a 50 MB body never crosses the boundary whole and can be paged.
   */
  evidenceSlices(ids: readonly number[], offset: number, limit: number): EvidenceSlice[] {
    if (ids.length === 0) return [];
    return this.db
      .prepare(
        // Code points, as SQLite counts TEXT (a JS length would count a surrogate pair twice).
        `SELECT id, source, request, fetched_at AS fetchedAt, sha256, substr(body, @from, @limit) AS body,
                @offset + length(substr(body, @from, @limit)) AS end, length(body) AS size
         FROM evidence WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
      )
      .all({ from: offset + 1, offset, limit }, ...ids) as EvidenceSlice[];
  }

  /**
   * The number of evidence rows without counting a million of them on every case open: ids are assigned
   * by SQLite as max + 1 (never given, no AUTOINCREMENT) and rows are never deleted (a trigger refuses it),
   * so the largest id is the count. The integration tests hold the two equal.
   */
  evidenceCount(): number {
    return (this.db.prepare('SELECT coalesce(max(id), 0) AS n FROM evidence').get() as { n: number }).n;
  }

  /** How many evidence records each source holds, by source name. */
  evidenceCountsBySource(): Array<{ source: SourceId; n: number }> {
    return this.db
      .prepare('SELECT source, count(*) AS n FROM evidence GROUP BY source ORDER BY source')
      .all() as Array<{ source: SourceId; n: number }>;
  }

  /** The timeline is derived data: rebuilt whole from the evidence when normalisation runs. */
  replaceEvents(events: Iterable<TimelineEvent>): number {
    return this.db.transaction(() => {
      this.db.exec('DELETE FROM event');
      const insert = this.db.prepare(
        `INSERT INTO event (at, source, kind, actor, ip, country, client, user_agent, summary, severity, evidence_id)
         VALUES (@at, @source, @kind, @actor, @ip, @country, @client, @userAgent, @summary, @severity, @evidenceId)`,
      );
      let n = 0;
      for (const event of events) {
        insert.run(event);
        n++;
      }
      this.db.exec("INSERT INTO event_fts(event_fts) VALUES ('rebuild')");
      rebuildEventHours(this.db);
      return n;
    })();
  }

  /** From the hourly counts (exact, rebuilt with the timeline): no scan of a million events per summary. */
  eventCount(): number {
    return (this.db.prepare('SELECT coalesce(sum(n), 0) AS n FROM event_hour').get() as { n: number }).n;
  }

  /**
   * The detection the latest `detection.completed` entry recorded, if its run and findings still match
   * that entry's digest; else null. So the UI, the checklist and reports never show a verdict or finding
   * the log did not record, even before verify runs (a run inserted or changed by hand is not it).
   */
  verifiedDetectionId(): number | null {
    const entry = this.db
      .prepare("SELECT at, payload FROM log WHERE kind = 'detection.completed' ORDER BY seq DESC LIMIT 1")
      .get() as { at: string; payload: string } | undefined;
    if (!entry) return null;
    let payload: { detection?: unknown; findingsDigest?: unknown };
    try {
      // A received file's log is read here before it is verified: any shape, never trusted.
      const parsed: unknown = JSON.parse(entry.payload);
      if (parsed === null || typeof parsed !== 'object') return null;
      payload = parsed;
    } catch {
      return null;
    }
    if (payload.detection !== undefined) {
      const { id, digest } = (payload.detection ?? {}) as { id?: unknown; digest?: unknown };
      return typeof id === 'number' && detectionDigest(this.db, id) === digest ? id : null;
    }
    // Written before detection digests: the n-th entry recorded the n-th run.
    const { n } = this.db.prepare("SELECT count(*) AS n FROM log WHERE kind = 'detection.completed'").get() as {
      n: number;
    };
    const run = this.db.prepare('SELECT id FROM detection_run ORDER BY id LIMIT 1 OFFSET ?').get(n - 1) as
      { id: number } | undefined;
    if (!run) return null;
    const legacy = legacyFindingsDigest(this.db, run.id);
    return legacy && legacy.digest === payload.findingsDigest && legacy.at === entry.at ? run.id : null;
  }

  latestDetection(): { report: VerdictReport; findings: Finding[]; checklist: string } | null {
    const id = this.verifiedDetectionId();
    if (id === null) return null;
    const run = this.db.prepare('SELECT * FROM detection_run WHERE id = ?').get(id) as
      | { id: number; engine_version: string; verdict: VerdictReport['verdict']; reasons: string; checklist: string }
      | undefined;
    if (!run) return null;
    const { reasons, missing } = JSON.parse(run.reasons) as { reasons: string[]; missing: VerdictReport['missing'] };
    const rows = this.db.prepare('SELECT * FROM finding WHERE detection_id = ? ORDER BY id').all(run.id) as Array<{
      detector: string;
      severity: Finding['severity'];
      weight: Finding['weight'];
      title: string;
      explanation: string;
      evidence_ids: string;
      at: string | null;
    }>;
    return {
      report: { verdict: run.verdict, reasons, missing, engineVersion: run.engine_version },
      // Raw JSON: the checklist service reads it through its schema (a case file may come from elsewhere).
      checklist: run.checklist,
      findings: rows.map((r) => ({
        detector: r.detector,
        severity: r.severity,
        weight: r.weight,
        title: r.title,
        explanation: r.explanation,
        evidenceIds: JSON.parse(r.evidence_ids) as number[],
        at: r.at,
      })),
    };
  }

  recordDetection(at: string, report: VerdictReport, findings: readonly Finding[], checklist: object = {}): number {
    return this.db.transaction(() => {
      const id = Number(
        this.db
          .prepare('INSERT INTO detection_run (at, engine_version, verdict, reasons, checklist) VALUES (?, ?, ?, ?, ?)')
          .run(
            at,
            report.engineVersion,
            report.verdict,
            JSON.stringify({ reasons: report.reasons, missing: report.missing }),
            JSON.stringify(checklist),
          ).lastInsertRowid,
      );
      const insert = this.db.prepare(
        'INSERT INTO finding (detection_id, detector, severity, weight, title, explanation, evidence_ids, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      for (const f of findings)
        insert.run(id, f.detector, f.severity, f.weight, f.title, f.explanation, JSON.stringify(f.evidenceIds), f.at);
      return id;
    })();
  }
}
