import { cliApp } from '../call.ts';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { importIntoCase } from '../../import/import-into-case.ts';
import { printable, type Output } from '../output.ts';
import { INVESTIGATE_EXIT } from './investigate.ts';

export function registerImportCommand(program: Command, output: Output, setExit: (code: number) => void): void {
  program
    .command('import')
    .description(
      'import exported logs (Purview audit CSV, Entra sign-in/audit CSV or JSON, message trace CSV, Graph JSON) into a case, then detect (exit codes as investigate)',
    )
    .argument('<files...>', 'exported files')
    .option('--case <id>', 'an existing case')
    .option('--user <upn>', 'or: open a new case for this user')
    .option('--tenant <domain>', 'the tenant, with --user')
    .option('--blocked-at <time>', 'when the block happened, with --user (ISO 8601)')
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
          dataDir?: string;
          json?: boolean;
        },
      ) => {
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
        try {
          let caseId = options.case;
          if (!caseId) {
            const created = await app.dispatch('cases.create', {
              upn: options.user,
              tenant: options.tenant,
              blockedAt: options.blockedAt ?? null,
            });
            if (!created.ok) {
              output.err(
                `clearance import: ${created.error.issues?.map((i) => `${i.path}: ${i.message}`).join('; ') ?? created.error.message}`,
              );
              setExit(INVESTIGATE_EXIT.usage);
              return;
            }
            caseId = (created.value as { id: string }).id;
          }
          const { files: reports, ...result } = importIntoCase(
            app.cases,
            caseId,
            files.map((f) => resolve(f)),
            `${app.cases.actor} (cli)`,
          );
          if (options.json) {
            output.out(
              JSON.stringify({ caseId, files: reports, findings: result.findings, verdict: result.verdict }, null, 2),
            );
          } else {
            for (const r of reports) {
              output.out(
                `${r.file}: ${r.fatal ? `NOT IMPORTED: ${r.fatal}` : `${r.format} → ${r.source}: ${r.imported} of ${r.rows} rows imported`} (sha256 ${r.sha256.slice(0, 16)}…)`,
              );
              for (const p of r.problems.slice(0, 20)) output.out(`  line ${p.line}: ${printable(p.reason)}`);
              if (r.problems.length > 20)
                output.out(`  … and ${r.problems.length - 20} more rows that could not be read`);
            }
            output.out('');
            output.out(`Findings (${result.findings.length})`);
            for (const f of result.findings)
              output.out(`  [${f.severity.toUpperCase()}/${f.weight}] ${printable(f.title)}`);
            output.out(`Verdict: ${result.verdict.verdict.replace('_', ' ').toUpperCase()}`);
            for (const reason of result.verdict.reasons) output.out(`  - ${printable(reason)}`);
            output.out(`Case ${caseId}`);
          }
          const hadFatal = reports.some((r) => r.fatal);
          setExit(
            hadFatal
              ? INVESTIGATE_EXIT.error
              : result.verdict.verdict === 'compromised'
                ? INVESTIGATE_EXIT.compromised
                : result.verdict.verdict === 'inconclusive'
                  ? INVESTIGATE_EXIT.inconclusive
                  : INVESTIGATE_EXIT.notCompromised,
          );
        } finally {
          await app.close();
        }
      },
    );
}
