import type { Command } from 'commander';
import { resolve } from 'node:path';
import { ReportFormat, ReportLanguage } from '../../../shared/domain/report.ts';
import { call, cliApp } from '../call.ts';
import { jsonText, printable, table, type Output } from '../output.ts';

export function registerReportCommands(program: Command, output: Output, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('write an incident report or a timeline export from the case file (works offline)')
    .requiredOption('--case <id>', 'the case')
    .option('--format <format>', `${ReportFormat.options.join(' | ')} (csv/jsonl: the timeline for Timesketch)`, 'html')
    .option('--lang <language>', 'en | da', 'en')
    .option('--out <path>', 'where to write it (default: the data folder’s reports folder); never overwritten')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { case: string; format: string; lang: string; out?: string; dataDir?: string }) => {
      const format = ReportFormat.safeParse(options.format);
      const language = ReportLanguage.safeParse(options.lang);
      if (!format.success || !language.success) {
        output.err(`clearance report: --format is one of ${ReportFormat.options.join(', ')}; --lang is en or da`);
        setExit(2);
        return;
      }
      const app = cliApp(options.dataDir);
      try {
        const written = await call(app, 'report', output, 'report.export', {
          caseId: options.case,
          format: format.data,
          language: language.data,
          ...(options.out ? { path: resolve(options.out) } : {}),
        });
        if (!written) return setExit(1);
        output.out(written.path);
        output.err(`${written.bytes} bytes, sha256 ${written.sha256} (recorded in the case log)`);
        setExit(0);
      } finally {
        await app.close();
      }
    });

  program
    .command('recipients')
    .description(
      'who received the spam (from the case’s message trace) and the notification text; CSV via `report --format recipients`',
    )
    .requiredOption('--case <id>', 'the case')
    .option('--lang <language>', 'en | da (the notification text)', 'en')
    .option('--limit <n>', 'how many recipients to list', '20')
    .option('--json', 'print the list as JSON')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { case: string; lang: string; limit: string; json?: boolean; dataDir?: string }) => {
      const language = ReportLanguage.safeParse(options.lang);
      const limit = Number(options.limit);
      if (!language.success || !Number.isInteger(limit) || limit < 1) {
        output.err('clearance recipients: --lang is en or da; --limit is a positive whole number');
        setExit(2);
        return;
      }
      const app = cliApp(options.dataDir);
      try {
        const list = await call(app, 'recipients', output, 'notify.recipients', {
          caseId: options.case,
          language: language.data,
          limit: Math.min(limit, 5000),
        });
        if (!list) return setExit(1);
        if (options.json) {
          output.out(jsonText(list));
          return setExit(0);
        }
        output.out(
          `${list.messages} messages to ${list.internal} internal and ${list.external} external recipients (${list.from ?? '?'} to ${list.to ?? '?'})`,
        );
        for (const line of table(
          ['RECIPIENT', 'WHERE', 'MESSAGES'],
          list.recipients.map((r) => [printable(r.address), r.internal ? 'internal' : 'external', String(r.messages)]),
        ))
          output.out(`  ${line}`);
        output.out('');
        output.out(printable(list.template.subject));
        output.out('');
        for (const line of list.template.body.split('\n')) output.out(printable(line));
        setExit(0);
      } finally {
        await app.close();
      }
    });

  program
    .command('export')
    .description('export a case as one bundle file a colleague opens or checks with `clearance verify`')
    .requiredOption('--case <id>', 'the case')
    .option('--out <path>', 'the bundle, ending in .clearance (default: the data folder’s exports folder)')
    .option('--data-dir <dir>', 'data folder')
    .action(async (options: { case: string; out?: string; dataDir?: string }) => {
      const app = cliApp(options.dataDir);
      try {
        const bundle = await call(app, 'export', output, 'cases.exportBundle', {
          caseId: options.case,
          ...(options.out ? { path: resolve(options.out) } : {}),
        });
        if (!bundle) return setExit(1);
        output.out(bundle.path);
        output.err(`sealed at entry ${bundle.head.seq}; ${bundle.evidence.records} evidence records`);
        output.err(
          `Pass the head on separately, so the receiver can check it: clearance verify <bundle> --expect-head ${bundle.head.seq}:${bundle.head.hash}`,
        );
        setExit(0);
      } finally {
        await app.close();
      }
    });
}
