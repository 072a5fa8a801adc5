import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LogHead } from '../../../shared/domain/case.ts';
import type { VerifyReport } from '../../../shared/domain/case-log.ts';
import { CaseFile } from './case-file.ts';
import { copyReceivedFile, inspectCaseFile, ReceivedFileRefused } from './received-file.ts';
import { verifyCase } from './verify.ts';

/**
 * Runs in a child process (forked by examine-received.ts), killed by the parent at its deadline: copies the received file into the staging
 * folder, inspects the copy, checks its storage, verifies its chain and evidence and, when asked, writes a
 * clean copy (VACUUM INTO a fixed name in the staging folder; the parent names the final file from the
 * validated id). Every query over the received file runs here.
 */
export interface ExamineRequest {
  source: string;
  stagingDir: string;
  maxBytes: number;
  evidence: boolean;
  expectedHead: LogHead | null;
  cleanCopy: boolean;
}

export type ExamineAnswer =
  | { ok: true; caseId: string; report: VerifyReport; storageProblem: string | null; cleanCopy: string | null }
  | { ok: false; reason: string; params: Record<string, string | number> };

export const RECEIVED_COPY = 'received.clearance';
export const CLEAN_COPY = 'clean.clearance';

function examine(request: ExamineRequest): ExamineAnswer {
  const copy = join(request.stagingDir, RECEIVED_COPY);
  copyReceivedFile(request.source, copy, request.maxBytes);
  const inspected = inspectCaseFile(copy, { integrity: true });
  if (inspected.storage) {
    const report: VerifyReport = {
      intact: false,
      caseId: inspected.id,
      entries: 0,
      head: null,
      firstBroken: { seq: 0, reason: 'storage_corrupt', detail: `PRAGMA integrity_check: ${inspected.storage}` },
    };
    return { ok: true, caseId: inspected.id, report, storageProblem: inspected.storage, cleanCopy: null };
  }
  const file = CaseFile.open(copy, { readonly: true });
  let report: VerifyReport;
  try {
    report = verifyCase(file, {
      // Version 1 files predate evidence (migration 2 made the table): nothing there to check.
      evidence: request.evidence && inspected.version >= 2,
      ...(request.expectedHead ? { expectedHead: request.expectedHead } : {}),
    });
  } finally {
    file.close();
  }
  let clean: string | null = null;
  if (request.cleanCopy) {
    clean = join(request.stagingDir, CLEAN_COPY);
    const db = new Database(copy, { readonly: true, fileMustExist: true });
    try {
      // One self-contained file, free pages and anything outside the schema's rows left behind.
      db.prepare('VACUUM INTO ?').run(clean);
    } finally {
      db.close();
    }
  }
  return { ok: true, caseId: inspected.id, report, storageProblem: null, cleanCopy: clean };
}

function answer(request: ExamineRequest): ExamineAnswer {
  try {
    return examine(request);
  } catch (error) {
    if (error instanceof ReceivedFileRefused) return { ok: false, reason: error.reason, params: error.params };
    return { ok: false, reason: 'unreadable', params: {} };
  }
}

// Started with an IPC channel: one request in, one answer out, then exit.
if (process.send && process.env.CLEARANCE_RECEIVED_FILE_WORKER === '1') {
  process.once('message', (request: ExamineRequest) => {
    process.send!(answer(request), () => process.exit(0));
  });
}
