import type { Db } from './sqlite.ts';

export interface Migration {
  /** Strictly increasing; gaps are allowed so that parallel branches can reserve numbers. */
  readonly version: number;
  readonly name: string;
  up(db: Db): void;
}

export class SchemaFromFutureError extends Error {
  readonly found: number;
  readonly supported: number;
  constructor(found: number, supported: number) {
    super(`database schema version ${found} is newer than this Clearance supports (${supported})`);
    this.name = 'SchemaFromFutureError';
    this.found = found;
    this.supported = supported;
  }
}

export class WrongDatabaseKindError extends Error {
  readonly expected: number;
  readonly found: number;
  constructor(expected: number, found: number) {
    super(`not the expected kind of database (application_id ${found}, expected ${expected})`);
    this.name = 'WrongDatabaseKindError';
    this.expected = expected;
    this.found = found;
  }
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/**
 * Brings a database to the newest schema in one transaction, so a crash mid-upgrade leaves the old
 * schema intact. `applicationId` marks what kind of Clearance file this is; a different kind is refused.
 */
export function migrate(db: Db, migrations: readonly Migration[], applicationId: number): number {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version <= migrations[i - 1]!.version) {
      throw new Error(`migrations out of order at version ${migrations[i]!.version}`);
    }
  }
  const latest = latestVersion(migrations);
  const run = db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (current === 0 && appId === 0) {
      db.pragma(`application_id = ${applicationId | 0}`);
    } else if (appId !== (applicationId | 0)) {
      throw new WrongDatabaseKindError(applicationId | 0, appId);
    }
    if (current > latest) throw new SchemaFromFutureError(current, latest);
    for (const migration of migrations) {
      if (migration.version > current) migration.up(db);
    }
    if (latest !== current) db.pragma(`user_version = ${latest}`);
    return latest;
  });
  return run.immediate();
}

/** Checks, without changing anything, that a database is of the expected kind and not from the future. */
export function checkSchema(db: Db, migrations: readonly Migration[], applicationId: number): number {
  const appId = db.pragma('application_id', { simple: true }) as number;
  if (appId !== (applicationId | 0)) throw new WrongDatabaseKindError(applicationId | 0, appId);
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = latestVersion(migrations);
  if (current > latest) throw new SchemaFromFutureError(current, latest);
  return current;
}
