import { randomUUID } from 'node:crypto';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CaseListSort, CaseSummary, LogHead, NewCase } from '../../shared/domain/case.ts';
import { CaseId } from '../../shared/domain/identifiers.ts';
import type { JsonValue, LogEntry, LogKind, VerifyReport } from '../../shared/domain/case-log.ts';
import { AppError } from '../core/app-error.ts';
import { createPrivateFile, isUnwritable, occupied, publishNoClobber } from '../core/private-files.ts';
import type { EventBus } from '../core/event-bus.ts';
import { CaseFile, type CaseHeader } from '../store/case-file/case-file.ts';
import { verifyCase } from '../store/case-file/verify.ts';
import { examineReceivedFile, type Examined } from '../store/case-file/examine-received.ts';
import {
  guardFileInPlace,
  ReceivedFileRefused,
  visible,
  type ReceivedFileLimits,
} from '../store/case-file/received-file.ts';
import type { EvidenceDigest } from '../store/case-file/evidence-digest.ts';
import { CaseIndex, type IndexedCase } from '../store/case-index/case-index.ts';
import { CaseLock, type CaseWork } from '../store/case-lock.ts';

export const CASE_FILE_EXTENSION = '.clearance';
/** openFile's private staging folders inside the data folder. */
const RECEIVING_PREFIX = '.receiving-';

export interface CaseServiceOptions {
  /** Where the index and the case files live. */
  dataDir: string;
  /** Who is acting, as recorded in the case log. */
  actor: string;
  events: EventBus;
  clock?: () => Date;
  /** Size cap and deadline for case files from elsewhere (tests make them small). */
  receivedFileLimits?: ReceivedFileLimits;
  /** How long a long operation waits for another to release the case before it is refused as busy. */
  lockWaitMs?: number;
}

/** Removes a staging copy and its journals, quietly: it may never have been created (no folder). */
function removeStaging(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    try {
      rmSync(`${path}${suffix}`, { force: true });
    } catch {
      // Nothing was made there: the error that stopped the export is the one to report.
    }
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
   * Each passes the received-file guard first (regular file, size, kind, exact schema, one header with a
   * UUID id), read in place; a file that does not is skipped with the reason, so a bad planted file never
   * breaks the case list.
   */
  adoptUnindexed(): { adopted: number; skipped: Array<{ name: string; reason: string }> } {
    this.removeStaleStaging();
    const known = this.index.fileNames();
    let adopted = 0;
    const skipped: Array<{ name: string; reason: string }> = [];
    for (const name of readdirSync(this.casesDir)) {
      if (!name.endsWith(CASE_FILE_EXTENSION) || known.has(name)) continue;
      const path = join(this.casesDir, name);
      try {
        guardFileInPlace(path, this.options.receivedFileLimits?.maxBytes);
        const file = CaseFile.open(path, { readonly: true });
        try {
          if (this.index.get(file.header.id)) {
            skipped.push({ name: visible(name), reason: 'duplicate' }); // the same case under another name
            continue;
          }
          this.index.upsert(file.header, name, file.head(), this.now());
          adopted++;
        } finally {
          file.close();
        }
      } catch (error) {
        skipped.push({
          name: visible(name),
          reason: error instanceof ReceivedFileRefused ? error.reason : 'unreadable',
        });
      }
    }
    return { adopted, skipped };
  }

  /**
   * Staging folders of openFile that a crash left behind. Only those older than an hour: another process on
   * the same data folder (the CLI beside the app) may be examining a file in a fresh one right now.
   */
  private removeStaleStaging(): void {
    const cutoff = Date.now() - 60 * 60 * 1000;
    for (const name of readdirSync(this.options.dataDir)) {
      if (!name.startsWith(RECEIVING_PREFIX)) continue;
      const path = join(this.options.dataDir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory() && stat.mtimeMs < cutoff) rmSync(path, { recursive: true, force: true });
    }
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
    this.track(header.id, file);
    this.index.upsert(header, fileName, file.head(), header.createdAt);
    this.options.events.emit('cases.changed', { caseId: header.id });
    return this.get(header.id);
  }

  /**
   * Opens a case file someone handed over: copied into a private staging folder inside the data folder (their
   * file is only ever read, nothing is written beside it), guarded and verified there in a child process with a
   * deadline (examineReceivedFile), and only then moved into the cases folder under a name made from the
   * validated UUID alone, indexed, and the receipt appended to the copy's log. A broken chain does not stop
   * the analyst reading it (the report says where it breaks); a file the guard refuses leaves nothing behind.
   */
  async openFile(path: string): Promise<{ summary: CaseSummary; report: VerifyReport }> {
    const staging = mkdtempSync(join(this.options.dataDir, RECEIVING_PREFIX));
    let caseId: string;
    let fileName: string;
    let report: VerifyReport;
    try {
      let examined: Examined;
      try {
        examined = await examineReceivedFile(path, {
          stagingDir: staging,
          evidence: true,
          cleanCopy: true,
          ...(this.options.receivedFileLimits ? { limits: this.options.receivedFileLimits } : {}),
        });
      } catch (error) {
        if (error instanceof ReceivedFileRefused)
          throw new AppError('case_file_invalid', `errors.receivedFile.${error.reason}`, error.params);
        throw new AppError('case_file_invalid', 'errors.caseFileUnreadable');
      }
      report = examined.report;
      // Damaged storage cannot be copied faithfully: refused, with what SQLite found (page numbers, names).
      if (!examined.cleanCopy)
        throw new AppError('case_file_invalid', 'errors.receivedFile.storageCorrupt', {
          detail: examined.storageProblem ?? '',
        });
      caseId = CaseId.parse(examined.caseId);
      if (this.index.get(caseId)) throw new AppError('conflict', 'errors.caseExists');
      fileName = `${caseId}${CASE_FILE_EXTENSION}`;
      // A hard link never replaces an existing file (unlike rename); the staging copy goes with the folder.
      try {
        linkSync(examined.cleanCopy, join(this.casesDir, fileName));
      } catch {
        throw new AppError('conflict', 'errors.caseExists');
      }
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
    const file = this.file(caseId, fileName);
    this.index.upsert(file.header, fileName, file.head(), this.now());
    this.append(caseId, 'case.received', {
      from: visible(basename(path)),
      intact: report.intact,
      entries: report.entries,
      head: report.head ? { seq: report.head.seq, hash: report.head.hash } : null,
      firstBroken: report.firstBroken ? { seq: report.firstBroken.seq, reason: report.firstBroken.reason } : null,
    });
    return { summary: this.get(caseId), report };
  }

  /**
   * Exports the case as one self-contained file a colleague opens with "Open a case file" or checks with
   * `clearance verify`. The copy is built beside the target under a private staging name and sealed there with
   * its `case.exported` entry (the evidence digest of the copy itself), then linked into place without
   * following or replacing anything at the target (an existing file, a symlink, even a dangling one). Only
   * then does the live log get the same entry (same time, same previous head, so the same hash): a failed
   * export leaves no entry and nothing at the target. The head it returns is what to pass on separately.
   */
  exportBundle(caseId: string, outPath: string): { path: string; head: LogHead; evidence: EvidenceDigest } {
    if (!outPath.endsWith(CASE_FILE_EXTENSION)) throw new AppError('invalid_input', 'errors.bundleExtension');
    if (occupied(outPath)) throw new AppError('conflict', 'errors.bundleExists');
    const file = this.file(caseId);
    const folder = dirname(outPath);
    const staging = join(folder, `.${basename(outPath)}.${randomUUID()}.partial`);
    const entry = { kind: 'case.exported' as const, actor: this.options.actor, at: this.now() };
    let sealed: LogEntry;
    let evidence: EvidenceDigest;
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
    } catch {
      throw new AppError('invalid_input', 'errors.bundleUnwritable'); // e.g. a file where the folder should be
    }
    try {
      // Created empty and private first (VACUUM INTO accepts an empty file and keeps its mode).
      createPrivateFile(staging);
      file.copyTo(staging);
      const copy = CaseFile.open(staging);
      try {
        // The digest of the copy itself, so the seal matches the bundle even if the live case moved on.
        evidence = copy.evidenceDigest();
        sealed = copy.append({
          ...entry,
          payload: {
            to: basename(outPath),
            evidence: { records: evidence.records, digest: evidence.digest, version: evidence.version },
          },
        });
        // A bundle is one file: back to a rollback journal, so it opens from read-only media too.
        copy.useRollbackJournal();
      } finally {
        copy.close();
      }
      publishNoClobber(staging, outPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('conflict', 'errors.bundleExists');
      if (isUnwritable(error)) throw new AppError('invalid_input', 'errors.bundleUnwritable');
      throw error;
    } finally {
      removeStaging(staging);
    }
    // The live log gets the very entry that seals the bundle, only if nothing was appended meanwhile.
    const live = file.head();
    if (live.seq !== sealed.seq - 1 || live.hash !== sealed.prevHash) {
      rmSync(outPath, { force: true });
      throw new AppError('conflict', 'errors.bundleCaseChanged');
    }
    let appended: LogEntry;
    try {
      appended = file.append({ ...entry, payload: sealed.payload });
    } catch (error) {
      rmSync(outPath, { force: true }); // no bundle the log does not know of
      throw error;
    }
    this.noteAppended(caseId);
    this.options.events.emit('caseLog.appended', { caseId, entry: appended });
    return { path: outPath, head: { seq: sealed.seq, hash: sealed.hash }, evidence };
  }

  addNote(caseId: string, text: string): LogEntry {
    return this.append(caseId, 'note.added', { text });
  }

  listLog(caseId: string, afterSeq: number, limit: number): { entries: LogEntry[]; hasMore: boolean } {
    return this.file(caseId).listLog(afterSeq, limit);
  }

  /**
   * Verifies the case against the head this machine last recorded; moves the anchor forward when intact.
   * With `evidence`, every evidence row is re-hashed as well (`clearance verify` on a local case).
   */
  verify(caseId: string, options: { evidence?: boolean } = {}): VerifyReport {
    const indexed = this.indexed(caseId);
    const report = verifyCase(this.file(caseId), { expectedHead: indexed.head, evidence: options.evidence === true });
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

  /**
   * Runs a long operation (import, investigation, detection) as the case's one writer across processes:
   * waits for the lock beside the case file, and refuses with `case_busy` naming the holder after the wait.
   */
  async exclusive<T>(caseId: string, what: CaseWork, work: () => Promise<T> | T): Promise<T> {
    const lock = await this.lock(caseId, what);
    try {
      return await work();
    } finally {
      lock.release();
    }
  }

  /** The case's writer lock, for an operation that outlives the call taking it (a background investigation). */
  lock(caseId: string, what: CaseWork): Promise<CaseLock> {
    const path = join(this.casesDir, this.indexed(caseId).fileName);
    return CaseLock.acquire(
      path,
      { actor: this.options.actor, what },
      this.options.lockWaitMs === undefined ? {} : { waitMs: this.options.lockWaitMs },
    );
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
    if (file.investigation.evidenceCount() > 0) throw new Error('refusing to remove a case that holds evidence');
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
    this.track(caseId, file);
    return file;
  }

  private track(caseId: string, file: CaseFile): void {
    // Every append to this file, by any service, first checks the log still holds the head the index recorded.
    file.setAnchor(() => this.index.get(caseId)?.head ?? null);
    this.open.set(caseId, file);
  }
}
