import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CaseId } from '../../../shared/domain/identifiers.ts';
import { call, cliApp } from '../call.ts';
import { jsonText, type Output } from '../output.ts';

/** `seq:hash`, as printed by verify and carried in reports. */
function parseHead(value: string): { seq: number; hash: string } {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(value.trim());
  if (!match) throw new Error('--expect-head takes SEQ:SHA256 (e.g. 12:3f…)');
  return { seq: Number(match[1]), hash: match[2]! };
}

export const VERIFY_EXIT = { intact: 0, broken: 1, unusable: 2 } as const;

export function registerVerifyCommand(program: Command, output: Output, setExit: (code: number) => void): void {
  program
    .command('verify')
    .description(
      'verify a case file or bundle: the hash chain and every evidence record (exit 0 intact, 1 broken, 2 not a case file)',
    )
    .argument('<case-file>', 'path to a .clearance case file, or the id of a case on this computer')
    .option(
      '--expect-head <seq:hash>',
      'also require this entry (from a report or another copy) to be in the log unchanged',
    )
    .option('--json', 'print the verification report as JSON')
    .option('--data-dir <dir>', 'data folder (for a case id)')
    .action(async (path: string, options: { expectHead?: string; json?: boolean; dataDir?: string }) => {
      const local = !existsSync(path) && CaseId.safeParse(path).success;
      if (!existsSync(path) && !local) {
        output.err(`clearance verify: no such file: ${path}`);
        setExit(VERIFY_EXIT.unusable);
        return;
      }
      if (local && options.expectHead) {
        // A local case is held to this machine's index; an expected head is for a copy (a file or bundle).
        output.err('clearance verify: --expect-head checks a case file; give its path');
        setExit(VERIFY_EXIT.unusable);
        return;
      }
      let expectedHead: { seq: number; hash: string } | undefined;
      try {
        expectedHead = options.expectHead ? parseHead(options.expectHead) : undefined;
      } catch (error) {
        output.err(`clearance verify: ${(error as Error).message}`);
        setExit(VERIFY_EXIT.unusable);
        return;
      }
      const app = cliApp(options.dataDir);
      // A case on this computer, by id, is held to the head this machine's index recorded for it.
      const report = await (
        local
          ? call(app, 'verify', output, 'caseLog.verify', { caseId: path, evidence: true })
          : call(app, 'verify', output, 'cases.verifyFile', {
              path: resolve(path),
              ...(expectedHead ? { expectedHead } : {}),
            })
      ).finally(() => app.close());
      if (!report) return setExit(VERIFY_EXIT.unusable);
      if (options.json) output.out(jsonText(report));
      const broken = report.firstBroken;
      if (!broken) {
        if (!options.json) {
          output.out(`intact: case ${report.caseId}, ${report.entries} entries`);
          output.out(`head: ${report.head!.seq}:${report.head!.hash}`);
          if (report.evidence)
            output.out(
              `evidence: ${report.evidence.records} records, each matching its hash; ${report.evidence.anchored} anchored in the log${report.evidence.unanchored ? `, ${report.evidence.unanchored} added after the last anchor` : ''}`,
            );
        }
        setExit(VERIFY_EXIT.intact);
        return;
      }
      if (broken.reason === 'not_a_case_file') {
        if (!options.json) output.err(`clearance verify: not a readable Clearance case file (${broken.detail})`);
        setExit(VERIFY_EXIT.unusable);
        return;
      }
      if (!options.json) {
        output.out(`BROKEN: case ${report.caseId}: entry ${broken.seq}: ${broken.reason}: ${broken.detail}`);
        output.out(`verified before the break: ${report.entries} entries`);
      }
      setExit(VERIFY_EXIT.broken);
    });
}
