import type { Command } from 'commander';
import { ChecklistItemId, ChecklistState } from '../../../shared/domain/checklist.ts';
import { translate } from '../../../shared/i18n/index.ts';
import { call, cliApp } from '../call.ts';
import { printable, table, type Output } from '../output.ts';

export function registerChecklistCommand(program: Command, output: Output, setExit: (code: number) => void): void {
  program
    .command('checklist')
    .description('show a case’s playbook checklist, or sign an item off (--item with --state, or --accept)')
    .requiredOption('--case <id>', 'the case')
    .option('--item <id>', `the item (${ChecklistItemId.options.length} of them, e.g. respond.resetPassword)`)
    .option('--state <state>', ChecklistState.options.join(' | '))
    .option('--accept', 'sign off the item’s suggestion as it stands (with its evidence)')
    .option('--reason <text>', 'why (required to waive: at least 10 characters)')
    .option('--data-dir <dir>', 'data folder')
    .action(
      async (options: {
        case: string;
        item?: string;
        state?: string;
        accept?: boolean;
        reason?: string;
        dataDir?: string;
      }) => {
        const app = cliApp(options.dataDir);
        try {
          if (options.item) {
            const item = options.item as ChecklistItemId;
            const current = await call(app, 'checklist', output, 'checklist.get', { caseId: options.case });
            const suggestion = current?.items.find((i) => i.id === item)?.suggestion;
            const state = (options.state ?? (options.accept ? suggestion?.state : undefined)) as ChecklistState;
            const updated = await call(app, 'checklist', output, 'checklist.update', {
              caseId: options.case,
              item,
              state,
              acceptSuggestion: options.accept === true,
              ...(options.reason ? { reason: options.reason } : {}),
            });
            if (!updated) return setExit(1);
          }
          const checklist = await call(app, 'checklist', output, 'checklist.get', { caseId: options.case });
          if (!checklist) return setExit(1);
          for (const line of table(
            ['ITEM', 'STATE', 'SECURING', 'SUGGESTED', 'BY'],
            checklist.items.map((i) => [
              i.id,
              i.state,
              i.securing ? 'yes' : '',
              i.suggestion
                ? `${i.suggestion.state}: ${printable(translate(i.suggestion.key, i.suggestion.params))}`
                : '',
              i.by ? printable(i.by) : '',
            ]),
          ))
            output.out(line);
          output.out(
            checklist.unblockBlockers.length === 0
              ? '\nEvery securing item is settled: the account may be unblocked.'
              : `\nUnblocking waits for: ${checklist.unblockBlockers.join(', ')}`,
          );
          setExit(0);
        } finally {
          await app.close();
        }
      },
    );
}
