import type { Db } from '../sqlite.ts';

/**
 * The connection behind each open case file, for the store's own modules (verification reads tables the
 * repositories do not expose) and for tests that tamper with a file as an attacker would. Outside
 * src/main/store the import is refused by lint: SQL lives in the store alone.
 */
const connections = new WeakMap<object, Db>();

export function registerDatabase(owner: object, db: Db): void {
  connections.set(owner, db);
}

export function databaseOf(owner: object): Db {
  const db = connections.get(owner);
  if (!db) throw new Error('not an open case file');
  return db;
}
