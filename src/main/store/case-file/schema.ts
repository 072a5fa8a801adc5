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
];
