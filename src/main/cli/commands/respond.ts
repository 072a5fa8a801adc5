import type { Command } from 'commander';
import { ACTION_ITEM, isSuggested, ActionKind, type ActionPlan } from '../../../shared/domain/remediation.ts';
import type { App } from '../../app/create-app.ts';
import { call, cliApp } from '../call.ts';
import { openTenantApp } from '../connect-tenant.ts';
import { printable, table, type Output } from '../output.ts';

/** Exit codes: 0 done (or a dry run), 1 something failed or was refused, 2 usage. */
export const RESPOND_EXIT = { ok: 0, failed: 1, usage: 2 } as const;

interface TenantOptions {
  case: string;
  tenant: string;
  scenario?: string;
  dataDir?: string;
}

const state = (s: Record<string, unknown> | null) =>
  s
    ? Object.entries(s)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ')
    : '—';

/** Opens the case's app with the case's tenant connected; null (reason printed) when that fails. */
async function openWithTenant(
  command: string,
  options: TenantOptions,
  output: Output,
  setExit: (code: number) => void,
): Promise<App | null> {
  const offline = cliApp(options.dataDir);
  const summary = await call(offline, command, output, 'cases.get', { caseId: options.case });
  await offline.close();
  if (!summary) {
    setExit(RESPOND_EXIT.usage);
    return null;
  }
  const app = await openTenantApp(command, { ...options, user: summary.upn }, output);
  if (typeof app === 'string') {
    setExit(app === 'no-profile' ? RESPOND_EXIT.usage : RESPOND_EXIT.failed);
    return null;
  }
  return app;
}

function printPlan(output: Output, plan: ActionPlan): void {
  output.out(`${plan.kind}: ${plan.changes.length} change(s)${plan.revertible ? '' : ' — Microsoft offers no undo'}`);
  for (const line of table(
    ['TARGET', 'NOW', 'AFTER'],
    plan.changes.map((c) => [printable(c.target.label), printable(state(c.before)), printable(state(c.after))]),
  ))
    output.out(`  ${line}`);
}

const tenantOptions = (command: Command) =>
  command
    .requiredOption('--case <id>', 'the case')
    .option('--tenant <profile|demo>', 'a tenant profile, or "demo" for the built-in emulator', 'demo')
    .option('--scenario <name|path>', 'demo tenant scenario')
    .option('--data-dir <dir>', 'data folder');

export function registerRespondCommands(program: Command, output: Output, setExit: (code: number) => void): void {
  tenantOptions(
    program
      .command('contain')
      .description(
        'containment actions for a case: a dry run of the proposed actions (default), executed only with --yes',
      ),
  )
    .option(
      '--action <kind...>',
      `only these actions (${ActionKind.options.join(', ')}); default: those the evidence calls for`,
    )
    .option('--dry-run', 'only list the changes (the default without --yes)')
    .option('--yes', 'execute the changes listed by the dry run')
    .option('--print-password', 'let a password reset print the new password even when stderr is not a terminal')
    .action(
      async (
        options: TenantOptions & { action?: string[]; yes?: boolean; dryRun?: boolean; printPassword?: boolean },
      ) => {
        if (options.yes && options.dryRun) {
          output.err('clearance contain: --dry-run and --yes contradict each other: choose one');
          setExit(RESPOND_EXIT.usage);
          return;
        }
        const unknown = options.action?.find((a) => !ActionKind.safeParse(a).success);
        if (unknown) {
          output.err(`clearance contain: no action "${printable(unknown)}" (one of ${ActionKind.options.join(', ')})`);
          setExit(RESPOND_EXIT.usage);
          return;
        }
        const app = await openWithTenant('contain', options, output, setExit);
        if (!app) return;
        try {
          const checklist = await call(app, 'contain', output, 'checklist.get', { caseId: options.case });
          if (!checklist) return setExit(RESPOND_EXIT.failed);
          const kinds =
            (options.action as ActionKind[] | undefined) ??
            ActionKind.options.filter((k) => {
              const item = checklist.items.find((i) => i.id === ACTION_ITEM[k]);
              return isSuggested(item, k);
            });
          if (kinds.length === 0) output.out('Nothing proposed: the evidence calls for no containment action.');
          let failed = false;
          for (const kind of kinds) {
            const plan = await call(app, 'contain', output, 'remediation.plan', { caseId: options.case, kind });
            if (!plan) {
              failed = true;
              continue;
            }
            printPlan(output, plan);
            if (!options.yes || plan.changes.length === 0) continue;
            // The new password is shown once, on stderr: into a file or a pipe only when asked for by name.
            if (kind === 'resetPassword' && !process.stderr.isTTY && !options.printPassword) {
              output.err(
                'clearance contain: resetPassword skipped: its new password would go to a file or pipe. Run it in a terminal, or add --print-password.',
              );
              failed = true;
              continue;
            }
            const done = await call(app, 'contain', output, 'remediation.execute', {
              caseId: options.case,
              planId: plan.planId,
              confirm: true,
            });
            if (!done) {
              failed = true;
              continue;
            }
            for (const o of done.outcomes) {
              output.out(
                `  ${o.verified ? '✓' : '✗'} ${printable(o.target.label)}${o.error ? `: ${printable(o.error)}` : ''}`,
              );
              if (!o.verified) failed = true;
            }
            output.out(`  recorded in the case log, entry ${done.seq}`);
            // The one time the password exists outside Microsoft: on the analyst's terminal, not in a file.
            if (done.oneTimePassword)
              output.err(`New password (shown once, pass it on by phone; never stored): ${done.oneTimePassword}`);
          }
          if (!options.yes && kinds.length > 0)
            output.out('\nDry run: nothing changed. Run again with --yes to apply.');
          setExit(failed ? RESPOND_EXIT.failed : RESPOND_EXIT.ok);
        } finally {
          await app.close();
        }
      },
    );

  tenantOptions(
    program
      .command('unblock')
      .description(
        'the unblock gate for a case: what still blocks it, the block, the manual command; with --yes, remove the block',
      ),
  )
    .option('--yes', 'remove the user from Restricted entities now (only when the gate allows)')
    .option('--check', 'after an unblock: has sending resumed? (exit 0 resumed, 1 not yet, 3 blocked again)')
    .option('--wait', 'after the unblock: keep checking until sending resumes, the user is blocked again, or --timeout')
    .option('--every <seconds>', 'with --wait: how often to check', '300')
    .option('--timeout <minutes>', 'with --wait: give up after this long (Microsoft allows 24 hours)', '1440')
    .action(async (options: UnblockOptions) => {
      const every = Number(options.every);
      const timeout = Number(options.timeout);
      if (!(every > 0) || !(timeout > 0)) {
        output.err('clearance unblock: --every and --timeout take positive numbers');
        return setExit(RESPOND_EXIT.usage);
      }
      const app = await openWithTenant('unblock', options, output, setExit);
      if (!app) return;
      try {
        const watch = () => watchSending(app, options.case, output, options.wait ? { every, timeout } : null);
        if (options.check || (options.wait && !options.yes)) return setExit(await watch());
        const status = await call(app, 'unblock', output, 'unblock.status', { caseId: options.case });
        if (!status) return setExit(RESPOND_EXIT.failed);
        const blocked = status.blocked;
        output.out(
          blocked === 'unknown'
            ? 'Block: unknown (no Exchange connection)'
            : blocked
              ? `Blocked since ${blocked.blockedAt ?? 'unknown'}: ${printable(blocked.reason)}`
              : 'Not on the restricted list.',
        );
        if (status.blockers.length > 0) {
          output.out(`Unblocking waits for ${status.blockers.length} securing checklist item(s):`);
          for (const id of status.blockers) output.out(`  - ${id}`);
        }
        output.out(`Manual path: ${status.manual.command}`);
        output.out(`Portal: ${status.manual.portalUrl}`);
        if (!options.yes) return setExit(status.allowed ? RESPOND_EXIT.ok : RESPOND_EXIT.failed);
        const released = await call(app, 'unblock', output, 'unblock.release', { caseId: options.case, confirm: true });
        if (!released) return setExit(RESPOND_EXIT.failed);
        output.out(
          released.verified
            ? `Unblocked and verified off the restricted list (case log entry ${released.seq}). Sending resumes within about an hour (at most 24 hours).`
            : `Exchange took the request, but the user is still listed (entry ${released.seq}): check again shortly.`,
        );
        if (options.wait && released.verified) return setExit(await watch());
        setExit(released.verified ? RESPOND_EXIT.ok : RESPOND_EXIT.failed);
      } finally {
        await app.close();
      }
    });
}

interface UnblockOptions extends TenantOptions {
  yes?: boolean;
  check?: boolean;
  wait?: boolean;
  every: string;
  timeout: string;
}

/**
 * Has sending resumed since the unblock? One look, or with `repeat` one every few seconds until it has,
 * the user is blocked again (exit 3), or the time is up. Each look is printed.
 */
async function watchSending(
  app: App,
  caseId: string,
  output: Output,
  repeat: { every: number; timeout: number } | null,
): Promise<number> {
  const deadline = Date.now() + (repeat?.timeout ?? 0) * 60_000;
  for (;;) {
    const watch = await call(app, 'unblock', output, 'unblock.verifySending', { caseId });
    if (!watch) return RESPOND_EXIT.failed;
    output.out(
      watch.state === 'resumed'
        ? `Sending resumed: first delivered message at ${watch.resumedAt ?? ''}`
        : watch.state === 'reblocked'
          ? `BLOCKED AGAIN at ${watch.blockedAgain?.blockedAt ?? 'unknown'}: ${printable(watch.blockedAgain?.reason ?? '')}`
          : `${watch.state === 'overdue' ? 'Overdue' : 'Waiting'}: no delivered message since the unblock at ${watch.releasedAt}`,
    );
    if (watch.unblocksOfUser > 1)
      output.out(`This user has been unblocked ${watch.unblocksOfUser} times on this computer.`);
    if (watch.state === 'resumed') return RESPOND_EXIT.ok;
    if (watch.state === 'reblocked') return 3;
    if (!repeat || Date.now() + repeat.every * 1000 > deadline) return RESPOND_EXIT.failed;
    await new Promise((resolve) => setTimeout(resolve, repeat.every * 1000));
  }
}
