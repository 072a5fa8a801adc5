import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReportFormat } from '../../shared/domain/report.ts';
import type { Language } from '../../shared/i18n/index.ts';
import { AppError } from '../core/app-error.ts';
import {
  createPrivateFile,
  isUnwritable,
  occupied,
  PRIVATE_DIR_MODE,
  publishNoClobber,
} from '../core/private-files.ts';
import type { CaseFile } from '../store/case-file/case-file.ts';
import { buildReport } from './build-report.ts';
import { chromiumPdf, type PdfPrinter } from './pdf.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-markdown.ts';
import { reportText } from './report-text.ts';
import { csvCell, timelineCsv, timelineJsonl } from './timeline-export.ts';
import { recipientsCsv } from '../notify/recipients.ts';

export const EXTENSIONS: Record<ReportFormat, string> = {
  html: 'html',
  pdf: 'pdf',
  json: 'json',
  md: 'md',
  csv: 'timeline.csv',
  jsonl: 'timeline.jsonl',
  recipients: 'recipients.csv',
};

export interface WrittenReport {
  path: string;
  bytes: number;
  sha256: string;
}

export interface ReportOptions {
  format: ReportFormat;
  language: Language;
  generatedBy: string;
  pdf?: PdfPrinter;
  now?: () => Date;
}

/** The start of an export's file name: says whose case it is and cannot climb out of its folder. */
export function exportStem(upn: string, caseId: string): string {
  return `clearance-${upn.replace(/[^a-z0-9._-]+/gi, '_')}-${caseId.slice(0, 8)}`;
}

export function defaultReportName(file: CaseFile, format: ReportFormat, now: Date): string {
  return `${exportStem(file.header.upn, file.header.id)}-${now.toISOString().slice(0, 10)}.${EXTENSIONS[format]}`;
}

/**
 * Writes a report or timeline export of one case file, from the file alone (offline). Never overwrites:
 * an analyst's earlier export may already be with a customer. Returns the path and the file's sha256.
 */
export async function writeReport(file: CaseFile, outPath: string, options: ReportOptions): Promise<WrittenReport> {
  if (occupied(outPath)) throw new AppError('conflict', 'errors.reportExists');
  const folder = dirname(outPath);
  try {
    mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
  } catch {
    throw new AppError('invalid_input', 'errors.reportUnwritable');
  }
  // Written whole under a private staging name beside the target, then put in place without following or
  // replacing anything there (a symlink, dangling or not, included): a failed export leaves nothing.
  const staging = join(folder, `.${basename(outPath)}.${randomUUID()}.partial`);
  try {
    const written = await writeStaging(file, staging, options);
    publishNoClobber(staging, outPath);
    return { path: outPath, ...written };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AppError('conflict', 'errors.reportExists');
    if (isUnwritable(error)) throw new AppError('invalid_input', 'errors.reportUnwritable');
    throw error;
  } finally {
    rmSync(staging, { force: true });
  }
}

async function writeStaging(
  file: CaseFile,
  staging: string,
  options: ReportOptions,
): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  if (options.format === 'csv' || options.format === 'jsonl' || options.format === 'recipients') {
    const chunks =
      options.format === 'csv'
        ? timelineCsv(file)
        : options.format === 'jsonl'
          ? timelineJsonl(file)
          : recipientsCsv(file, csvCell);
    createPrivateFile(staging);
    // pipeline: backpressure, and a write error ends the export (and closes the file) instead of hanging it.
    await pipeline(
      Readable.from(chunks),
      new Transform({
        transform(chunk: string, _encoding, done) {
          hash.update(chunk);
          bytes += Buffer.byteLength(chunk);
          done(null, chunk);
        },
      }),
      createWriteStream(staging, { flags: 'r+' }),
    );
    return { bytes, sha256: hash.digest('hex') };
  }
  const content = await renderReport(file, options);
  createPrivateFile(staging);
  writeFileSync(staging, content, { flag: 'r+' });
  return { bytes: content.byteLength, sha256: hash.update(content).digest('hex') };
}

/** One document format in memory (the CSV/JSONL exports are streamed by writeReport instead). */
export async function renderReport(file: CaseFile, options: ReportOptions): Promise<Buffer> {
  const report = buildReport(file, {
    language: options.language,
    generatedBy: options.generatedBy,
    ...(options.now ? { now: options.now } : {}),
  });
  switch (options.format) {
    case 'json':
      return Buffer.from(`${JSON.stringify(report, null, 2)}\n`);
    case 'md':
      return Buffer.from(renderMarkdown(report));
    case 'html':
      return Buffer.from(renderHtml(report));
    case 'pdf': {
      const header = `${reportText(options.language).t('report.title', { upn: report.case.upn })} · ${report.case.id}`;
      return Buffer.from(await (options.pdf ?? chromiumPdf)(renderHtml(report), header));
    }
    default:
      throw new AppError('invalid_input', 'errors.reportFormat');
  }
}

/** The app's reports folder, beside the cases. */
export const reportsDir = (dataDir: string) => join(dataDir, 'reports');
