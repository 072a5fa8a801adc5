import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { AppEvent, MethodOutput } from '../../../shared/api/contract.ts';
import { NewCaseInput } from '../../../shared/domain/case.ts';
import { translate } from '../../../shared/i18n/index.ts';
import { call, cliApp } from '../call.ts';
import { jsonText, printable, type Output } from '../output.ts';
import { importStatusLine } from '../import-progress.ts';
import { INVESTIGATE_EXIT, verdictExit } from './investigate.ts';

/** As many paths as one import takes (`ImportInput`). */
const MAX_PATHS = 50;

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
        const dateOrder: 'dmy' | 'mdy' | undefined = options.dateOrder;
        if (files.length > MAX_PATHS) {
          // The import API's bound; a folder counts once, however many exports it holds.
          output.err(
            `clearance import: at most ${MAX_PATHS} files or folders at once (${files.length} given); give the folder that holds them`,
          );
          setExit(INVESTIGATE_EXIT.usage);
          return;
        }
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
        // Checked here as well as by the dispatch, so a bad user is named as the option it came from.
        const target = options.case
          ? null
          : NewCaseInput.safeParse({ upn: options.user, tenant: options.tenant, blockedAt: options.blockedAt ?? null });
        if (target && !target.success) {
          for (const issue of target.error.issues)
            output.err(`clearance import: ${issue.path.join('.')}: ${translate(issue.message)}`);
          setExit(INVESTIGATE_EXIT.usage);
          return;
        }
        const app = cliApp(options.dataDir);
        // With --json, stderr carries only what needs saying: no progress.
        const status = options.json ? null : importStatusLine(output.status);
        // This import's progress events, told apart from any other by the id it is given.
        const progressId = `cli-${process.pid}`;
        const stopProgress = app.events.subscribe((event: AppEvent) => {
          if (event.name === 'import.progress' && event.payload.progressId === progressId)
            status?.update(event.payload.progress);
        });
        try {
          const common = { paths: files.map((f) => resolve(f)), progressId, ...(dateOrder ? { dateOrder } : {}) };
          let done: { caseId: string | null; outcome: 'created' | 'reused' | 'nothingImported' };
          let imported: Pick<MethodOutput<'import.files'>, 'files' | 'skipped'> | null;
          try {
            if (target) {
              const forUser = await call(app, 'import', output, 'import.forUser', {
                ...common,
                ...target.data,
                newCase: options.newCase === true,
              });
              imported = forUser;
              done = { caseId: forUser?.caseId ?? null, outcome: forUser?.outcome ?? 'nothingImported' };
            } else {
              imported = await call(app, 'import', output, 'import.files', { ...common, caseId: options.case! });
              done = { caseId: options.case!, outcome: 'reused' };
            }
          } finally {
            status?.clear();
          }
          if (!imported) return setExit(INVESTIGATE_EXIT.error);
          const { caseId, outcome } = done;
          const { files: reports } = imported;
          const skipped = imported.skipped ?? [];
          // The findings and the verdict with its reasons, as the case now holds them.
          const detected = caseId ? await call(app, 'import', output, 'investigation.summary', { caseId }) : null;
          if (caseId && !detected?.verdict) return setExit(INVESTIGATE_EXIT.error);
          const findings = detected?.findings ?? [];
          const verdict = detected?.verdict ?? null;
          // A second import for the same user adds to their open case: say so, and how to open another.
          const notice =
            !options.case && outcome === 'reused'
              ? `Imported into the open case ${caseId} for ${options.user ?? ''} (--new-case opens another)`
              : null;
          if (notice && options.json) output.err(notice);
          if (options.json) {
            output.out(
              jsonText(
                caseId
                  ? { caseId, outcome, files: reports, skipped, findings, verdict }
                  : { caseId, outcome, files: reports, skipped },
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
            if (skipped.length > 0) output.out(`Not read from the folders (${skipped.length}):`);
            for (const s of skipped) output.out(`  ${printable(s.file)}: ${printable(s.reason)}`);
            output.out('');
            if (caseId && verdict) {
              output.out(`Findings (${findings.length})`);
              for (const f of findings) output.out(`  [${f.severity.toUpperCase()}/${f.weight}] ${printable(f.title)}`);
              output.out(`Verdict: ${verdict.verdict.replace('_', ' ').toUpperCase()}`);
              for (const reason of verdict.reasons) output.out(`  - ${printable(reason)}`);
              output.out(notice ?? `Case ${caseId}`);
            } else output.out('Nothing could be imported from these files, so no case was opened.');
          }
          const hadFatal = reports.some((r) => r.fatal);
          setExit(!caseId || !verdict || hadFatal ? INVESTIGATE_EXIT.error : verdictExit(verdict.verdict));
        } finally {
          stopProgress();
          await app.close();
        }
      },
    );
}
