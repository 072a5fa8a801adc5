import { chmodSync } from 'node:fs';
import Database from 'better-sqlite3';
import { PRIVATE_FILE_MODE } from '../core/private-files.ts';

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
      // Evidence: readable by the analyst only, whatever the umask made it. SQLite gives the -wal and -shm it
      // creates next the main file's mode, so they follow.
      restrict(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      for (const suffix of ['-wal', '-shm']) restrict(`${path}${suffix}`);
    }
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** chmod 0600; a file that is not there (no WAL yet) or not ours to change is left as it is. */
function restrict(path: string): void {
  try {
    chmodSync(path, PRIVATE_FILE_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}

/** Better-sqlite3 13 needs Node-API 10; on older runtimes it crashes instead of throwing. */
export function assertSqliteRuntime(): void {
  const napi = Number(process.versions.napi ?? 0);
  if (napi < 10) {
    throw new Error(`Clearance needs Node-API 10 (Node.js 24 or Electron 45+); this runtime has ${napi}.`);
  }
}
