import { call, cliApp } from '../call.ts';
import type { Command } from 'commander';
import { CaseListSort } from '../../../shared/domain/case.ts';
import { jsonText, printable, table, type Output } from '../output.ts';

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
        const list = await call(app, 'cases list', output, 'cases.list', {
          sort: options.sort as CaseListSort,
          direction: options.asc ? 'asc' : 'desc',
        });
        if (!list) return setExit(2);
        if (options.json) {
          output.out(jsonText(list));
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
        const created = await call(app, 'cases create', output, 'cases.create', {
          upn: options.upn,
          tenant: options.tenant,
          blockedAt: options.blockedAt ?? null,
        });
        if (!created) return setExit(2);
        output.out(options.json ? jsonText(created) : `Created case ${created.id}`);
      } finally {
        await app.close();
      }
    });
}
