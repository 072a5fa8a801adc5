import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CaseListSort, CaseSummary, LogHead, NewCase } from '../../shared/domain/case.ts';
import type { JsonValue, LogEntry, LogKind, VerifyReport } from '../../shared/domain/case-log.ts';
import { AppError } from '../core/app-error.ts';
import type { EventBus } from '../core/event-bus.ts';
import { CaseFile, type CaseHeader } from '../store/case-file/case-file.ts';
import { verifyCase } from '../store/case-file/verify.ts';
import { evidenceDigest, type EvidenceDigest } from '../store/case-file/evidence-digest.ts';
import { CaseIndex, type IndexedCase } from '../store/case-index/case-index.ts';
import { InvestigationStore } from '../store/case-file/investigation-store.ts';

export const CASE_FILE_EXTENSION = '.clearance';

export interface CaseServiceOptions {
  /** Where the index and the case files live. */
  dataDir: string;
  /** Who is acting, as recorded in the case log. */
  actor: string;
  events: EventBus;
  clock?: () => Date;
}

function toSummary(indexed: IndexedCase): CaseSummary {
  const { fileName: _omit, ...summary } = indexed;
  return summary;
}

/** Cases on this machine: create, list, read, append to their logs, verify them. */
export class CaseService {
  readonly casesDir: string;
  private readonly index: CaseIndex;
  private readonly open = new Map<string, CaseFile>();
  private readonly options: CaseServiceOptions;
  private readonly now: () => string;

  /** Who acts, as the case log records it. */
  get actor(): string {
    return this.options.actor;
  }

  constructor(options: CaseServiceOptions) {
    this.options = options;
    const clock = options.clock ?? (() => new Date());
    this.now = () => clock().toISOString();
    this.casesDir = join(options.dataDir, 'cases');
    mkdirSync(this.casesDir, { recursive: true });
    this.index = new CaseIndex(join(options.dataDir, 'index.sqlite'));
  }

  /**
   * Adds case files that sit in the cases folder but not in the index (a lost index, a file copied in).
   * Files that are not readable case files are skipped and returned so the caller can say so.
   */
  adoptUnindexed(): { adopted: number; skipped: string[] } {
    const known = this.index.fileNames();
    let adopted = 0;
    const skipped: string[] = [];
    for (const name of readdirSync(this.casesDir)) {
      if (!name.endsWith(CASE_FILE_EXTENSION) || known.has(name)) continue;
      try {
        const file = CaseFile.open(join(this.casesDir, name), { readonly: true });
        try {
          if (this.index.get(file.header.id)) {
            skipped.push(name); // the same case under another name: keep the one we know
            continue;
          }
          this.index.upsert(file.header, name, file.head(), this.now());
          adopted++;
        } finally {
          file.close();
        }
      } catch {
        skipped.push(name);
      }
    }
    return { adopted, skipped };
  }

  list(sort: CaseListSort, direction: 'asc' | 'desc'): CaseSummary[] {
    return this.index.list(sort, direction).map(toSummary);
  }

  get(caseId: string): CaseSummary {
    return toSummary(this.indexed(caseId));
  }

  create(input: NewCase): CaseSummary {
    const header: CaseHeader = {
      id: randomUUID(),
      upn: input.upn,
      tenant: input.tenant,
      blockedAt: input.blockedAt,
      createdAt: this.now(),
      createdBy: this.options.actor,
      status: 'open',
    };
    const fileName = `${header.id}${CASE_FILE_EXTENSION}`;
    const file = CaseFile.create(join(this.casesDir, fileName), header);
    this.open.set(header.id, file);
    this.index.upsert(header, fileName, file.head(), header.createdAt);
    this.options.events.emit('cases.changed', { caseId: header.id });
    return this.get(header.id);
  }

  /**
   * Opens a case file someone handed over: verified before anything else, copied into this machine's cases
   * folder (their file is left untouched), indexed, and the receipt with the verification appended to the
   * copy's log. A broken chain does not stop the analyst reading it; the report says where it breaks.
   */
  openFile(path: string): { summary: CaseSummary; report: VerifyReport } {
    let source: CaseFile;
    try {
      source = CaseFile.open(path, { readonly: true });
    } catch {
      throw new AppError('case_file_invalid', 'errors.caseFileUnreadable');
    }
    let report: VerifyReport;
    let fileName: string;
    try {
      report = verifyCase(source, { evidence: true });
      if (this.index.get(source.header.id)) throw new AppError('conflict', 'errors.caseExists');
      fileName = `${source.header.id}${CASE_FILE_EXTENSION}`;
      // VACUUM INTO copies the committed content, a write-ahead log included, into one self-contained file.
      source.database.prepare('VACUUM INTO ?').run(join(this.casesDir, fileName));
    } finally {
      source.close();
    }
    const file = this.file(source.header.id, fileName);
    this.index.upsert(file.header, fileName, file.head(), this.now());
    this.append(file.header.id, 'case.received', {
      from: basename(path),
      intact: report.intact,
      entries: report.entries,
      head: report.head ? { seq: report.head.seq, hash: report.head.hash } : null,
      firstBroken: report.firstBroken ? { seq: report.firstBroken.seq, reason: report.firstBroken.reason } : null,
    });
    return { summary: this.get(file.header.id), report };
  }

  /**
   * Exports the case as one self-contained file a colleague opens with "Open a case file" or checks with
   * `clearance verify`. The export is itself logged first, with the evidence digest, so the bundle's last
   * entry seals everything in it; the head it returns is what to pass on through another channel.
   */
  exportBundle(caseId: string, outPath: string): { path: string; head: LogHead; evidence: EvidenceDigest } {
    if (!outPath.endsWith(CASE_FILE_EXTENSION)) throw new AppError('invalid_input', 'errors.bundleExtension');
    if (existsSync(outPath)) throw new AppError('conflict', 'errors.bundleExists');
    const file = this.file(caseId);
    const evidence = evidenceDigest(file.database);
    const entry = this.append(caseId, 'case.exported', {
      to: basename(outPath),
      evidence: { records: evidence.records, digest: evidence.digest, version: evidence.version },
    });
    mkdirSync(dirname(outPath), { recursive: true });
    file.database.prepare('VACUUM INTO ?').run(outPath);
    return { path: outPath, head: { seq: entry.seq, hash: entry.hash }, evidence };
  }

  addNote(caseId: string, text: string): LogEntry {
    return this.append(caseId, 'note.added', { text });
  }

  listLog(caseId: string, afterSeq: number, limit: number): { entries: LogEntry[]; hasMore: boolean } {
    return this.file(caseId).listLog(afterSeq, limit);
  }

  /** Verifies the case against the head this machine last recorded; moves the anchor forward when intact. */
  verify(caseId: string): VerifyReport {
    const indexed = this.indexed(caseId);
    const report = verifyCase(this.file(caseId), { expectedHead: indexed.head });
    if (report.intact && report.head && report.head.seq > indexed.head.seq) {
      // A crash between the case-file commit and the index update left the anchor behind.
      this.index.recordHead(caseId, report.head, this.now());
    }
    return report;
  }

  close(): void {
    for (const file of this.open.values()) file.close();
    this.open.clear();
    this.index.close();
  }

  /** Appends an entry for a service (checklist, notes): anchors the new head and tells every client. */
  append(caseId: string, kind: LogKind, payload: Record<string, JsonValue>): LogEntry {
    const file = this.file(caseId);
    const at = this.now();
    const entry = file.append({ kind, actor: this.options.actor, at, payload });
    this.index.recordHead(caseId, { seq: entry.seq, hash: entry.hash }, at);
    this.options.events.emit('caseLog.appended', { caseId, entry });
    this.options.events.emit('cases.changed', { caseId });
    return entry;
  }

  /** The open case file, for services that work inside it (investigation). */
  caseFile(caseId: string): CaseFile {
    return this.file(caseId);
  }

  /** After a service appended to a case file directly: move the index anchor and tell every client. */
  noteAppended(caseId: string): void {
    const file = this.file(caseId);
    this.index.recordHead(caseId, file.head(), this.now());
    this.options.events.emit('cases.changed', { caseId });
  }

  /**
   * Removes a case that holds no evidence, file and index entry: for an import that created a case and
   * then read nothing into it, so a failed import leaves no empty case behind. A case with evidence is
   * never removed (evidence is append-only, and so are cases that hold it).
   */
  discardEmpty(caseId: string): void {
    const { fileName } = this.indexed(caseId);
    const file = this.file(caseId);
    if (new InvestigationStore(file.database).evidenceCount() > 0)
      throw new Error('refusing to remove a case that holds evidence');
    file.close();
    this.open.delete(caseId);
    const path = join(this.casesDir, fileName);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
    this.index.remove(caseId);
    this.options.events.emit('cases.changed', { caseId });
  }

  /** The open case for a user in a tenant, if there is one (the newest). */
  findOpen(upn: string, tenant: string): CaseSummary | null {
    return (
      this.list('updatedAt', 'desc').find(
        (c) => c.status === 'open' && c.upn === upn.toLowerCase() && c.tenant === tenant.toLowerCase(),
      ) ?? null
    );
  }

  private indexed(caseId: string): IndexedCase {
    const found = this.index.get(caseId);
    if (!found) throw new AppError('not_found', 'errors.caseNotFound');
    return found;
  }

  private file(caseId: string, fileName?: string): CaseFile {
    const cached = this.open.get(caseId);
    if (cached) return cached;
    const name = fileName ?? this.indexed(caseId).fileName;
    let file: CaseFile;
    try {
      file = CaseFile.open(join(this.casesDir, name));
    } catch {
      throw new AppError('case_file_invalid', 'errors.caseFileUnreadable');
    }
    this.open.set(caseId, file);
    return file;
  }
}
