import type { CaseListSort, CaseSummary, LogHead } from '../../../shared/domain/case.ts';
import type { CaseHeader } from '../case-file/case-file.ts';
import { migrate } from '../migrate.ts';
import { openDatabase, type Db } from '../sqlite.ts';
import { CASE_INDEX_APPLICATION_ID, caseIndexMigrations } from './schema.ts';

interface CaseRow {
  id: string;
  file_name: string;
  upn: string;
  tenant: string;
  blocked_at: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  status: 'open' | 'closed';
  head_seq: number;
  head_hash: string;
}

export interface IndexedCase extends CaseSummary {
  fileName: string;
}

// Sort columns come from this map only, never from input, so no identifier is ever interpolated.
const SORT_COLUMNS: Record<CaseListSort, string> = {
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  upn: 'upn',
  tenant: 'tenant',
  blockedAt: 'blocked_at',
};

function fromRow(row: CaseRow): IndexedCase {
  return {
    id: row.id,
    fileName: row.file_name,
    upn: row.upn,
    tenant: row.tenant,
    blockedAt: row.blocked_at,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    status: row.status,
    head: { seq: row.head_seq, hash: row.head_hash },
  };
}

/**
 * The index of cases on this machine: fast listing without opening every case file, and the last log
 * head this machine saw for each case, which anchors verification against a truncated or rewritten log.
 * It is derived data: the case files are the truth.
 */
export class CaseIndex {
  private readonly db: Db;

  constructor(path: string) {
    this.db = openDatabase(path, { create: true });
    try {
      migrate(this.db, caseIndexMigrations, CASE_INDEX_APPLICATION_ID);
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  upsert(header: CaseHeader, fileName: string, head: LogHead, updatedAt: string): void {
    this.db
      .prepare(
        `INSERT INTO cases (id, file_name, upn, tenant, blocked_at, created_at, created_by, updated_at, status, head_seq, head_hash)
         VALUES (@id, @fileName, @upn, @tenant, @blockedAt, @createdAt, @createdBy, @updatedAt, @status, @headSeq, @headHash)
         ON CONFLICT (id) DO UPDATE SET
           status = excluded.status, updated_at = excluded.updated_at,
           head_seq = excluded.head_seq, head_hash = excluded.head_hash`,
      )
      .run({ ...header, fileName, updatedAt, headSeq: head.seq, headHash: head.hash });
  }

  /**
   * Moves the anchor forward, never back: with several processes appending, one that recorded its own
   * entry late must not replace a later head another process recorded meanwhile.
   */
  recordHead(id: string, head: LogHead, updatedAt: string): void {
    this.db
      .prepare('UPDATE cases SET head_seq = ?, head_hash = ?, updated_at = ? WHERE id = ? AND head_seq <= ?')
      .run(head.seq, head.hash, updatedAt, id, head.seq);
  }

  list(sort: CaseListSort = 'updatedAt', direction: 'asc' | 'desc' = 'desc'): IndexedCase[] {
    const column = SORT_COLUMNS[sort];
    const dir = direction === 'asc' ? 'ASC' : 'DESC';
    // NULL block times sort last in either direction; ties break on id so the order is stable.
    const rows = this.db
      .prepare(`SELECT * FROM cases ORDER BY ${column} IS NULL, ${column} ${dir}, id ${dir}`)
      .all() as CaseRow[];
    return rows.map(fromRow);
  }

  get(id: string): IndexedCase | null {
    const row = this.db.prepare('SELECT * FROM cases WHERE id = ?').get(id) as CaseRow | undefined;
    return row ? fromRow(row) : null;
  }

  /** Forgets a case (its file is removed by the caller): only for a case that never held anything. */
  remove(id: string): void {
    this.db.prepare('DELETE FROM cases WHERE id = ?').run(id);
  }

  fileNames(): Set<string> {
    const rows = this.db.prepare('SELECT file_name FROM cases').pluck().all() as string[];
    return new Set(rows);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
