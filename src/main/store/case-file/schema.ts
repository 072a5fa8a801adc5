import type { Migration } from '../migrate.ts';

/** "CLRC": marks a SQLite file as a Clearance case file (PRAGMA application_id). */
export const CASE_FILE_APPLICATION_ID = 0x434c5243;

/**
 * One migration per schema version. Never edit a released migration: add a new one, because case files
 * travel between machines running different versions.
 */
export const caseFileMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'case header and hash-chained log',
    up(db) {
      db.exec(`
        CREATE TABLE case_header (
          id          TEXT PRIMARY KEY,
          upn         TEXT NOT NULL,
          tenant      TEXT NOT NULL,
          blocked_at  TEXT,
          created_at  TEXT NOT NULL,
          created_by  TEXT NOT NULL,
          status      TEXT NOT NULL CHECK (status IN ('open', 'closed'))
        ) STRICT;

        CREATE TABLE log (
          seq        INTEGER PRIMARY KEY,
          at         TEXT NOT NULL,
          actor      TEXT NOT NULL,
          kind       TEXT NOT NULL,
          payload    TEXT NOT NULL,
          prev_hash  TEXT NOT NULL,
          hash       TEXT NOT NULL UNIQUE
        ) STRICT;

        -- The log is append-only: the application never updates or deletes a row, and SQLite refuses it too.
        CREATE TRIGGER log_no_update BEFORE UPDATE ON log
          BEGIN SELECT RAISE(ABORT, 'the case log is append-only'); END;
        CREATE TRIGGER log_no_delete BEFORE DELETE ON log
          BEGIN SELECT RAISE(ABORT, 'the case log is append-only'); END;
      `);
    },
  },
  {
    version: 2,
    name: 'evidence, collection runs, timeline events, findings',
    up(db) {
      db.exec(`
        -- One investigation run: which window, when, how it ended.
        CREATE TABLE collection_run (
          id            INTEGER PRIMARY KEY,
          started_at    TEXT NOT NULL,
          finished_at   TEXT,
          window_start  TEXT NOT NULL,
          window_end    TEXT NOT NULL,
          user_id       TEXT,
          status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'partial', 'failed', 'cancelled'))
        ) STRICT;

        -- Per source and run: what was collected, what was not, and why. The cursor is where to resume.
        CREATE TABLE source_run (
          run_id          INTEGER NOT NULL REFERENCES collection_run (id),
          source          TEXT NOT NULL,
          status          TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'unavailable')),
          records         INTEGER NOT NULL DEFAULT 0,
          pages           INTEGER NOT NULL DEFAULT 0,
          duration_ms     INTEGER NOT NULL DEFAULT 0,
          throttle_waits  INTEGER NOT NULL DEFAULT 0,
          throttle_ms     INTEGER NOT NULL DEFAULT 0,
          reason          TEXT,
          detail          TEXT,
          fix             TEXT,
          cursor          TEXT,
          PRIMARY KEY (run_id, source)
        ) STRICT;

        -- Raw objects exactly as the service returned them: immutable, deduplicated by (source, record_key).
        CREATE TABLE evidence (
          id          INTEGER PRIMARY KEY,
          source      TEXT NOT NULL,
          record_key  TEXT NOT NULL,
          run_id      INTEGER REFERENCES collection_run (id),
          request     TEXT NOT NULL,
          fetched_at  TEXT NOT NULL,
          body        TEXT NOT NULL,
          sha256      TEXT NOT NULL,
          UNIQUE (source, record_key)
        ) STRICT;
        CREATE TRIGGER evidence_no_update BEFORE UPDATE ON evidence
          BEGIN SELECT RAISE(ABORT, 'evidence is immutable'); END;
        CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
          BEGIN SELECT RAISE(ABORT, 'evidence is immutable'); END;

        -- The timeline: derived from evidence (rebuilt when normalisation changes), indexed by time.
        CREATE TABLE event (
          id           INTEGER PRIMARY KEY,
          at           TEXT NOT NULL,
          source       TEXT NOT NULL,
          kind         TEXT NOT NULL,
          actor        TEXT,
          ip           TEXT,
          country      TEXT,
          client       TEXT,
          user_agent   TEXT,
          summary      TEXT NOT NULL,
          severity     TEXT NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high')),
          evidence_id  INTEGER NOT NULL REFERENCES evidence (id)
        ) STRICT;
        CREATE INDEX event_at ON event (at, id);
        CREATE INDEX event_evidence ON event (evidence_id);

        -- One detection pass over the evidence, with the engine version that made it.
        CREATE TABLE detection_run (
          id              INTEGER PRIMARY KEY,
          at              TEXT NOT NULL,
          engine_version  TEXT NOT NULL,
          verdict         TEXT NOT NULL CHECK (verdict IN ('compromised', 'not_compromised', 'inconclusive')),
          reasons         TEXT NOT NULL
        ) STRICT;

        CREATE TABLE finding (
          id            INTEGER PRIMARY KEY,
          detection_id  INTEGER NOT NULL REFERENCES detection_run (id),
          detector      TEXT NOT NULL,
          severity      TEXT NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
          weight        TEXT NOT NULL CHECK (weight IN ('context', 'moderate', 'strong')),
          title         TEXT NOT NULL,
          explanation   TEXT NOT NULL,
          evidence_ids  TEXT NOT NULL,
          at            TEXT
        ) STRICT;
        CREATE INDEX finding_detection ON finding (detection_id);
      `);
    },
  },
  {
    version: 3,
    name: 'evidence by source, in order',
    up(db) {
      // Detection and normalisation read one source at a time in id order (keyset chunks).
      db.exec('CREATE INDEX evidence_source_id ON evidence (source, id);');
    },
  },
  {
    version: 4,
    name: 'full-text search over the timeline',
    up(db) {
      // An external-content index over the event table: searching a million events without a scan.
      db.exec(`
        CREATE VIRTUAL TABLE event_fts USING fts5(summary, actor, client, ip, content='event', content_rowid='id', tokenize='unicode61');
        INSERT INTO event_fts(event_fts) VALUES ('rebuild');
      `);
    },
  },
  {
    version: 5,
    name: 'checklist suggestions with each detection run',
    up(db) {
      // What collectors and detectors say about each checklist item (JSON), beside the findings it rests on.
      db.exec("ALTER TABLE detection_run ADD COLUMN checklist TEXT NOT NULL DEFAULT '{}';");
    },
  },
  {
    version: 6,
    name: 'hourly event counts and the source index for the timeline',
    up(db) {
      // The histogram and the filter values read these counts instead of scanning a million events; the
      // (source, at, id) index serves a source-filtered window and its count.
      db.exec(`
        CREATE TABLE event_hour (
          hour      TEXT NOT NULL,
          source    TEXT NOT NULL,
          severity  TEXT NOT NULL,
          country   TEXT NOT NULL,
          kind      TEXT NOT NULL,
          client    TEXT NOT NULL,
          n         INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX event_hour_hour ON event_hour (hour);
        CREATE INDEX event_source_at ON event (source, at, id);
        INSERT INTO event_hour (hour, source, severity, country, kind, client, n)
          SELECT substr(at, 1, 13), source, severity, coalesce(upper(country), ''), kind, coalesce(client, ''), count(*)
          FROM event GROUP BY 1, 2, 3, 4, 5, 6;
      `);
    },
  },
];
