import Database from 'better-sqlite3';

export type Db = Database.Database;

export interface OpenOptions {
  readonly?: boolean;
  /** Create the file when missing (otherwise a missing file is an error). */
  create?: boolean;
}

/**
 * Opens a SQLite database with the settings every Clearance database shares: WAL so readers (the CLI,
 * a verifier) never block the app, FULL sync because a case log must survive power loss, foreign keys on.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: !options.create });
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Better-sqlite3 13 needs Node-API 10; on older runtimes it crashes instead of throwing. */
export function assertSqliteRuntime(): void {
  const napi = Number(process.versions.napi ?? 0);
  if (napi < 10) {
    throw new Error(`Clearance needs Node-API 10 (Node.js 24 or Electron 45+); this runtime has ${napi}.`);
  }
}
