import type { Db } from '../../src/main/store/sqlite.ts';

export interface PlannedQuery {
  sql: string;
  /** SQLite's plan for the statement with the parameters the store bound, one detail per line. */
  plan: string;
}

type Runner = (...params: unknown[]) => unknown;

/**
 * Runs `action` and returns the query plan of every statement the store ran during it, with the very SQL
 * text and parameters the store used: a plan test then checks the store's own queries, not a copy of them
 * that could drift. The connection is only observed (prepare wrapped for the duration), never stubbed.
 */
export function plansOf(db: Db, action: () => unknown): PlannedQuery[] {
  const runs: Array<{ sql: string; params: unknown[] }> = [];
  const prepare = db.prepare.bind(db);
  const watched = (sql: string) => {
    const statement = prepare(sql);
    for (const method of ['all', 'get', 'iterate', 'run'] as const) {
      const original = (statement[method] as Runner).bind(statement);
      (statement as unknown as Record<string, Runner>)[method] = (...params: unknown[]) => {
        runs.push({ sql, params });
        return original(...params);
      };
    }
    return statement;
  };
  db.prepare = watched as Db['prepare'];
  try {
    action();
  } finally {
    db.prepare = prepare;
  }
  return runs.map(({ sql, params }) => ({
    sql,
    plan: (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>)
      .map((row) => row.detail)
      .join('\n'),
  }));
}
