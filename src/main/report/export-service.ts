import { join } from 'node:path';
import type { ReportFormat, WrittenBundle, WrittenFile } from '../../shared/domain/report.ts';
import type { Language } from '../../shared/i18n/index.ts';
import type { CaseService } from '../cases/case-service.ts';
import { CASE_FILE_EXTENSION } from '../cases/case-service.ts';
import type { PdfPrinter } from './pdf.ts';
import { defaultReportName, exportStem, reportsDir, writeReport } from './report-service.ts';

/**
 * Reports and bundles for the API and the CLI: written where the analyst says (or into the data folder),
 * never over an existing file, and each export recorded in the case log with its hash.
 */
export class ExportService {
  private readonly deps: { cases: CaseService; dataDir: string; pdf?: PdfPrinter; now?: () => Date };

  constructor(deps: { cases: CaseService; dataDir: string; pdf?: PdfPrinter; now?: () => Date }) {
    this.deps = deps;
  }

  async report(caseId: string, format: ReportFormat, language: Language, path?: string): Promise<WrittenFile> {
    const file = this.deps.cases.caseFile(caseId);
    const now = (this.deps.now ?? (() => new Date()))();
    const out = path ?? join(reportsDir(this.deps.dataDir), defaultReportName(file, format, now));
    const written = await writeReport(file, out, {
      format,
      language,
      generatedBy: this.deps.cases.actor,
      now: () => now,
      ...(this.deps.pdf ? { pdf: this.deps.pdf } : {}),
    });
    this.deps.cases.append(caseId, 'report.exported', {
      format,
      language,
      file: out.split(/[\\/]/).at(-1) ?? out,
      bytes: written.bytes,
      sha256: written.sha256,
    });
    return written;
  }

  bundle(caseId: string, path?: string): WrittenBundle {
    const summary = this.deps.cases.get(caseId);
    const name = `${exportStem(summary.upn, caseId)}${CASE_FILE_EXTENSION}`;
    return this.deps.cases.exportBundle(caseId, path ?? join(this.deps.dataDir, 'exports', name));
  }
}
