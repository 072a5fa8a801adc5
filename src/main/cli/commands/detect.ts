import type { Command } from 'commander';
import { call, cliApp } from '../call.ts';
import { jsonText, type Output } from '../output.ts';
import { INVESTIGATE_EXIT, printReport, verdictExit } from './investigate.ts';

/**
 * `clearance detect`: detection again on what a case already holds (collected or imported), with no
 * tenant: after an engine update, or on a case someone handed over. Same output and exit codes as
 * `investigate`, through the same validated dispatch as the UI's "Re-run detection".
 */
export function registerDetectCommand(program: Command, output: Output, setExit: (code: number) => void): void {
  program
    .command('detect')
    .description(
      're-run detection on the evidence a case holds, offline (exit 0 not compromised, 3 compromised, 4 inconclusive, 1 error)',
    )
    .requiredOption('--case <id>', 'the case')
    .option('--data-dir <dir>', 'data folder')
    .option('--json', 'print the result as JSON')
    .action(async (options: { case: string; dataDir?: string; json?: boolean }) => {
      const app = cliApp(options.dataDir);
      try {
        const result = await call(app, 'detect', output, 'investigation.redetect', { caseId: options.case });
        if (!result) return setExit(INVESTIGATE_EXIT.error);
        if (options.json) output.out(jsonText({ caseId: options.case, ...result }));
        else printReport(output, result.coverage, result.findings, result.verdict);
        setExit(verdictExit(result.verdict.verdict));
      } finally {
        await app.close();
      }
    });
}
