import Database from 'better-sqlite3';

const GUARDS = ['log_no_update', 'log_no_delete', 'evidence_no_update', 'evidence_no_delete'];

/**
 * Changes a case file as someone with SQLite and no scruples would, and hides it: the append-only triggers
 * are dropped for the change and put back exactly as they were, so the schema still matches Clearance's and
 * only verification of the data can tell.
 */
export function tamperWith(path: string, change: string | ((db: Database.Database) => void)): void {
  const db = new Database(path);
  try {
    const triggers = db
      .prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${GUARDS.map(() => '?').join(',')})`,
      )
      .all(...GUARDS) as Array<{ name: string; sql: string }>;
    db.pragma('foreign_keys = OFF');
    for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
    if (typeof change === 'string') db.exec(change);
    else change(db);
    for (const t of triggers) db.exec(t.sql);
  } finally {
    db.close();
  }
}
