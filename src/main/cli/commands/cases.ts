import { cliApp } from '../call.ts';
import type { Command } from 'commander';
import { CaseListSort } from '../../../shared/domain/case.ts';
import { describeIssues, printable, table, type Output } from '../output.ts';
import { translate } from '../../../shared/i18n/index.ts';

interface CommonOptions {
  dataDir?: string;
  json?: boolean;
}

export function registerCasesCommands(program: Command, output: Output, setExit: (code: number) => void): void {
  const cases = program.command('cases').description('list and create cases on this computer');

  cases
    .command('list')
    .description('list the cases in the data folder')
    .option('--data-dir <dir>', 'data folder (default: CLEARANCE_DATA_DIR or the per-user folder)')
    .option('--sort <field>', `sort by ${CaseListSort.options.join(', ')}`, 'updatedAt')
    .option('--asc', 'ascending order (default: descending)')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: CommonOptions & { sort: string; asc?: boolean }) => {
      const app = cliApp(options.dataDir);
      try {
        const result = await app.dispatch('cases.list', {
          sort: options.sort,
          direction: options.asc ? 'asc' : 'desc',
        });
        if (!result.ok) {
          output.err(`clearance: ${translate(result.error.message, result.error.params)}`);
          for (const line of describeIssues(result.error.issues)) output.err(line);
          setExit(2);
          return;
        }
        const list = result.value as Array<{
          id: string;
          upn: string;
          tenant: string;
          blockedAt: string | null;
          createdAt: string;
          head: { seq: number };
        }>;
        if (options.json) {
          output.out(JSON.stringify(list, null, 2));
          return;
        }
        if (list.length === 0) {
          output.out(`No cases in ${app.dataDir}. Create one in the app or with \`clearance cases create\`.`);
          return;
        }
        const rows = list.map((c) => [
          c.id,
          printable(c.upn),
          printable(c.tenant),
          c.blockedAt ?? '-',
          c.createdAt,
          String(c.head.seq),
        ]);
        for (const line of table(['ID', 'USER', 'TENANT', 'BLOCKED (UTC)', 'OPENED (UTC)', 'ENTRIES'], rows))
          output.out(line);
      } finally {
        await app.close();
      }
    });

  cases
    .command('create')
    .description('open a case for a blocked account')
    .requiredOption('--upn <upn>', 'user principal name of the blocked account')
    .requiredOption('--tenant <tenant>', 'tenant domain or tenant ID')
    .option('--blocked-at <time>', 'when the block happened, ISO 8601 with offset (e.g. 2026-11-20T08:15:00Z)')
    .option('--data-dir <dir>', 'data folder')
    .option('--json', 'print the new case as JSON')
    .action(async (options: CommonOptions & { upn: string; tenant: string; blockedAt?: string }) => {
      const app = cliApp(options.dataDir);
      try {
        const result = await app.dispatch('cases.create', {
          upn: options.upn,
          tenant: options.tenant,
          blockedAt: options.blockedAt ?? null,
        });
        if (!result.ok) {
          output.err(`clearance: ${translate(result.error.message, result.error.params)}`);
          for (const line of describeIssues(result.error.issues)) output.err(line);
          setExit(2);
          return;
        }
        const created = result.value as { id: string };
        output.out(options.json ? JSON.stringify(created, null, 2) : `Created case ${created.id}`);
      } finally {
        await app.close();
      }
    });
}
