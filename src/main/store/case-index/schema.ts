import type { Migration } from '../migrate.ts';

/** "CLRI": the index of cases on this machine. */
export const CASE_INDEX_APPLICATION_ID = 0x434c5249;

export const caseIndexMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'cases',
    up(db) {
      db.exec(`
        CREATE TABLE cases (
          id          TEXT PRIMARY KEY,
          file_name   TEXT NOT NULL UNIQUE,
          upn         TEXT NOT NULL,
          tenant      TEXT NOT NULL,
          blocked_at  TEXT,
          created_at  TEXT NOT NULL,
          created_by  TEXT NOT NULL,
          updated_at  TEXT NOT NULL,
          status      TEXT NOT NULL,
          head_seq    INTEGER NOT NULL,
          head_hash   TEXT NOT NULL
        ) STRICT;
        CREATE INDEX cases_updated_at ON cases (updated_at);
      `);
    },
  },
];
