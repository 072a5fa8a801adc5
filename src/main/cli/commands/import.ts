import { cliApp } from '../call.ts';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { importIntoCase } from '../../import/import-into-case.ts';
import { importForUser, type ImportedFor } from '../../import/import-for-user.ts';
import { NewCaseInput } from '../../../shared/domain/case.ts';
import { translate } from '../../../shared/i18n/index.ts';
import { printable, type Output } from '../output.ts';
import { importStatusLine } from '../import-progress.ts';
import { INVESTIGATE_EXIT, verdictExit } from './investigate.ts';

export function registerImportCommand(program: Command, output: Output, setExit: (code: number) => void): void {
  program
    .command('import')
    .description(
      'import exported logs (Purview audit search CSV, Search-UnifiedAuditLog CSV or JSON, Log Analytics/Sentinel OfficeActivity, SigninLogs, AADNonInteractiveUserSignInLogs, AuditLogs as CSV, JSON or JSON Lines, Defender XDR CloudAppEvents, EmailEvents, AADSignInEventsBeta, Entra sign-in/audit CSV, message trace (Get-MessageTrace(V2), EAC reports, Graph), inbox rules, Graph JSON), or whole Microsoft-Extractor-Suite / Hawk output folders, into a case, then detect (exit codes as investigate)',
    )
    .argument('<files...>', 'exported files, or folders to search for them')
    .option('--case <id>', 'an existing case')
    .option('--user <upn>', 'or: the user, whose open case in --tenant is added to (else a new case is opened)')
    .option('--tenant <domain>', 'the tenant, with --user')
    .option('--blocked-at <time>', 'when the block happened, for a new case (ISO 8601)')
    .option('--new-case', 'with --user: open a new case even if one is open for this user and tenant')
    .option('--date-order <order>', 'dmy (day first) or mdy (month first), for files whose dates read both ways')
    .option('--data-dir <dir>', 'data folder')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        files: string[],
        options: {
          case?: string;
          user?: string;
          tenant?: string;
          blockedAt?: string;
          newCase?: boolean;
          dateOrder?: string;
          dataDir?: string;
          json?: boolean;
        },
      ) => {
        if (options.dateOrder !== undefined && options.dateOrder !== 'dmy' && options.dateOrder !== 'mdy') {
          output.err('clearance import: --date-order is dmy (day first) or mdy (month first)');
          setExit(INVESTIGATE_EXIT.usage);
          return;
        }
        const dateOrder = options.dateOrder;
        const missing = files.filter((f) => !existsSync(f));
        if (missing.length > 0 || (!options.case && !(options.user && options.tenant))) {
          output.err(
            missing.length > 0
              ? `clearance import: no such file: ${missing.join(', ')}`
              : 'clearance import: give --case ID, or --user UPN and --tenant DOMAIN to open a new case',
          );
          setExit(INVESTIGATE_EXIT.usage);
          return;
        }
        const app = cliApp(options.dataDir);
        // With --json, stderr carries only what needs saying: no progress.
        const status = options.json ? null : importStatusLine(output.status);
        try {
          const run = (caseId: string) =>
            importIntoCase(
              app.cases,
              caseId,
              files.map((f) => resolve(f)),
              `${app.cases.actor} (cli)`,
              { dateOrder, onProgress: status ? (p) => status.update(p) : undefined },
            ).finally(() => status?.clear());
          let done: ImportedFor<Awaited<ReturnType<typeof run>>>;
          if (options.case) done = { caseId: options.case, outcome: 'reused', result: await run(options.case) };
          else {
            const target = NewCaseInput.safeParse({
              upn: options.user,
              tenant: options.tenant,
              blockedAt: options.blockedAt ?? null,
            });
            if (!target.success) {
              for (const issue of target.error.issues)
                output.err(`clearance import: ${issue.path.join('.')}: ${translate(issue.message)}`);
              setExit(INVESTIGATE_EXIT.usage);
              return;
            }
            done = await importForUser(app.cases, { ...target.data, newCase: options.newCase === true }, run);
          }
          const { caseId, outcome } = done;
          const { files: reports, ...result } = done.result;
          // A second import for the same user adds to their open case: say so, and how to open another.
          const notice =
            !options.case && outcome === 'reused'
              ? `Imported into the open case ${caseId} for ${printable(options.user ?? '')} (--new-case opens another)`
              : null;
          if (notice && options.json) output.err(notice);
          if (options.json) {
            output.out(
              JSON.stringify(
                caseId
                  ? {
                      caseId,
                      outcome,
                      files: reports,
                      skipped: result.skipped,
                      findings: result.findings,
                      verdict: result.verdict,
                    }
                  : { caseId, outcome, files: reports, skipped: result.skipped },
                null,
                2,
              ),
            );
          } else {
            for (const r of reports) {
              output.out(
                // The file's name and the columns a refusal names come from the received files.
                `${printable(r.file)}: ${r.fatal ? `NOT IMPORTED: ${printable(r.fatal)}` : `${r.format} → ${r.source}: ${r.imported} of ${r.rows} rows imported${r.duplicates > 0 ? `, ${translate('import.duplicates', { count: r.duplicates })}` : ''}`} (sha256 ${r.sha256.slice(0, 16)}…)`,
              );
              for (const note of r.notes) output.out(`  note: ${printable(note)}`);
              for (const p of r.problems.slice(0, 20)) output.out(`  line ${p.line}: ${printable(p.reason)}`);
              if (r.problemCount > 20) output.out(`  … and ${r.problemCount - 20} more rows that could not be read`);
            }
            // Files in the folders given that are not exports Clearance reads: listed, not errors.
            if (result.skipped.length > 0) output.out(`Not read from the folders (${result.skipped.length}):`);
            for (const s of result.skipped) output.out(`  ${printable(s.file)}: ${printable(s.reason)}`);
            output.out('');
            if (caseId) {
              output.out(`Findings (${result.findings.length})`);
              for (const f of result.findings)
                output.out(`  [${f.severity.toUpperCase()}/${f.weight}] ${printable(f.title)}`);
              output.out(`Verdict: ${result.verdict.verdict.replace('_', ' ').toUpperCase()}`);
              for (const reason of result.verdict.reasons) output.out(`  - ${printable(reason)}`);
              output.out(notice ?? `Case ${caseId}`);
            } else output.out('Nothing could be imported from these files, so no case was opened.');
          }
          const hadFatal = reports.some((r) => r.fatal);
          setExit(!caseId || hadFatal ? INVESTIGATE_EXIT.error : verdictExit(result.verdict.verdict));
        } finally {
          await app.close();
        }
      },
    );
}
