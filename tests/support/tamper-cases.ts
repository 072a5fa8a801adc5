import type Database from 'better-sqlite3';
import type { BreakReason } from '../../src/shared/domain/case-log.ts';

/**
 * Tampering with the tables a report or the UI shows, done as an attacker would: raw SQL on the case
 * file, dropping the triggers that stand in the way. Each leaves the hash chain itself untouched, so only
 * the derived-table and evidence checks can see it. Made for a case with a collection, an import and a
 * detection (tests/integration/derived-tamper.test.ts); the hostile-file corpus (tests/security/) may
 * reuse them on any such case.
 */
export interface TamperCase {
  name: string;
  /** What verify must report. */
  reason: BreakReason;
  mutate: (db: Database.Database) => void;
}

const evidence = (column: string, value: string): TamperCase => ({
  name: `evidence ${column} changed`,
  reason: 'evidence_mismatch',
  mutate(db) {
    db.exec('DROP TRIGGER IF EXISTS evidence_no_update');
    db.prepare(`UPDATE evidence SET ${column} = ${value} WHERE id = (SELECT min(id) FROM evidence)`).run();
  },
});

const latestRun = '(SELECT max(id) FROM detection_run)';

export const TAMPER_CASES: readonly TamperCase[] = [
  {
    name: 'detection verdict flipped to not compromised',
    reason: 'detection_mismatch',
    mutate: (db) => db.exec(`UPDATE detection_run SET verdict = 'not_compromised' WHERE id = ${latestRun}`),
  },
  {
    name: 'detection reasons rewritten',
    reason: 'detection_mismatch',
    mutate: (db) => db.exec(`UPDATE detection_run SET reasons = '{"reasons":[],"missing":[]}' WHERE id = ${latestRun}`),
  },
  {
    name: 'checklist suggestions rewritten',
    reason: 'detection_mismatch',
    mutate: (db) => db.exec(`UPDATE detection_run SET checklist = '{}' WHERE id = ${latestRun}`),
  },
  {
    name: 'finding deleted',
    reason: 'detection_mismatch',
    mutate: (db) => db.exec(`DELETE FROM finding WHERE id = (SELECT max(id) FROM finding)`),
  },
  {
    name: 'finding severity changed',
    reason: 'detection_mismatch',
    mutate: (db) =>
      db.exec(
        `UPDATE finding SET severity = CASE severity WHEN 'low' THEN 'high' ELSE 'low' END WHERE id = (SELECT max(id) FROM finding)`,
      ),
  },
  {
    name: 'finding added to the latest run',
    reason: 'detection_mismatch',
    mutate: (db) =>
      db.exec(
        `INSERT INTO finding (detection_id, detector, severity, weight, title, explanation, evidence_ids, at)
         VALUES (${latestRun}, 'planted', 'high', 'strong', 'Planted', 'Planted by hand', '[1]', NULL)`,
      ),
  },
  {
    name: 'finding stripped of its evidence',
    reason: 'detection_mismatch',
    mutate: (db) => db.exec(`UPDATE finding SET evidence_ids = '[]' WHERE id = (SELECT max(id) FROM finding)`),
  },
  {
    name: 'newer detection run inserted without a log entry',
    reason: 'detection_mismatch',
    mutate: (db) =>
      db.exec(
        `INSERT INTO detection_run (at, engine_version, verdict, reasons, checklist)
         SELECT at, engine_version, 'not_compromised', '{"reasons":[],"missing":[]}', '{}' FROM detection_run WHERE id = ${latestRun}`,
      ),
  },
  {
    name: 'detection run inserted with a very negative id',
    reason: 'detection_mismatch',
    mutate: (db) =>
      db.exec(
        `INSERT INTO detection_run (id, at, engine_version, verdict, reasons, checklist)
         SELECT -4611686018427387904, at, engine_version, 'not_compromised', reasons, checklist FROM detection_run WHERE id = ${latestRun}`,
      ),
  },
  {
    name: 'every detection run deleted',
    reason: 'detection_mismatch',
    mutate: (db) => db.exec('DELETE FROM finding; DELETE FROM detection_run;'),
  },
  {
    name: 'timeline event deleted',
    reason: 'timeline_mismatch',
    mutate: (db) => db.exec('DELETE FROM event WHERE id = (SELECT min(id) FROM event)'),
  },
  {
    name: 'timeline event summary rewritten',
    reason: 'timeline_mismatch',
    mutate: (db) => db.exec(`UPDATE event SET summary = 'nothing here' WHERE id = (SELECT max(id) FROM event)`),
  },
  {
    name: 'timeline event inserted with a very negative id',
    reason: 'timeline_mismatch',
    mutate: (db) =>
      db.exec(
        `INSERT INTO event (id, at, source, kind, actor, ip, country, client, user_agent, summary, severity, evidence_id)
         SELECT -4611686018427387904, at, source, kind, actor, ip, country, client, user_agent, 'planted', severity, evidence_id
         FROM event ORDER BY id LIMIT 1`,
      ),
  },
  {
    // Two ids one apart past 2^53 read back as the same double: a keyset read by number would loop on them.
    name: 'timeline events inserted with ids past 2^53',
    reason: 'timeline_mismatch',
    mutate: (db) =>
      db.exec(
        `INSERT INTO event (id, at, source, kind, actor, ip, country, client, user_agent, summary, severity, evidence_id)
         SELECT 1152921504606846976 + value, at, source, kind, actor, ip, country, client, user_agent, 'planted', severity, evidence_id
         FROM event, (SELECT 0 AS value UNION ALL SELECT 1) WHERE event.id = (SELECT min(id) FROM event)`,
      ),
  },
  {
    name: 'hourly counts changed',
    reason: 'timeline_mismatch',
    mutate: (db) => db.exec('UPDATE event_hour SET n = n + 5 WHERE rowid = (SELECT min(rowid) FROM event_hour)'),
  },
  {
    name: 'search index emptied',
    reason: 'timeline_mismatch',
    mutate: (db) => db.exec("INSERT INTO event_fts(event_fts) VALUES ('delete-all')"),
  },
  {
    name: 'case created_by changed',
    reason: 'header_mismatch',
    mutate: (db) => db.exec(`UPDATE case_header SET created_by = 'someone.else@ws9'`),
  },
  {
    name: 'case created_at changed',
    reason: 'header_mismatch',
    mutate: (db) => db.exec(`UPDATE case_header SET created_at = '2020-01-01T00:00:00.000Z'`),
  },
  {
    name: 'case status changed to closed',
    reason: 'header_mismatch',
    mutate: (db) => db.exec(`UPDATE case_header SET status = 'closed'`),
  },
  evidence('id', '-1'),
  evidence('source', `'signIns2'`),
  evidence('record_key', `record_key || 'x'`),
  evidence('run_id', 'NULL'),
  evidence('request', `'GET /nothing'`),
  evidence('fetched_at', `'2020-01-01T00:00:00.000Z'`),
  {
    name: 'evidence body and its hash rewritten together',
    reason: 'evidence_mismatch',
    mutate(db) {
      db.exec('DROP TRIGGER IF EXISTS evidence_no_update');
      db.exec(`UPDATE evidence SET body = '{}', sha256 = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'
               WHERE id = (SELECT min(id) FROM evidence)`);
    },
  },
  {
    name: 'source coverage changed',
    reason: 'collection_mismatch',
    mutate: (db) =>
      db.exec(
        `UPDATE source_run SET status = 'completed', records = records + 100, reason = NULL
         WHERE rowid = (SELECT min(rowid) FROM source_run)`,
      ),
  },
  {
    name: 'collection window changed',
    reason: 'collection_mismatch',
    mutate: (db) =>
      db.exec(
        `UPDATE collection_run SET window_end = '2030-01-01T00:00:00.000Z' WHERE id = (SELECT min(id) FROM collection_run)`,
      ),
  },
  {
    name: 'collection run inserted without a log entry',
    reason: 'collection_mismatch',
    mutate(db) {
      db.exec(
        `INSERT INTO collection_run (id, started_at, finished_at, window_start, window_end, user_id, status)
         VALUES ((SELECT max(id) FROM collection_run) + 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z',
                 '2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', NULL, 'completed')`,
      );
      db.exec(
        `INSERT INTO source_run (run_id, source, status, records) SELECT max(id), 'signIns', 'completed', 5000 FROM collection_run`,
      );
    },
  },
];
