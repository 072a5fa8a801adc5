import { cliApp } from '../call.ts';
import type { Command } from 'commander';
import type { Finding, SourceCoverage, Verdict, VerdictReport } from '../../../shared/domain/investigation.ts';
import { listRestrictedSenders } from '../../exchange/restricted-senders.ts';
import { CollectError } from '../../investigation/collect-error.ts';
import { investigate } from '../../investigation/investigate.ts';
import { SOURCES } from '../../investigation/sources.ts';
import { printable, table, type Output } from '../output.ts';
import { connectTenant } from '../connect-tenant.ts';

/** Exit codes: scripts can tell the verdicts apart from failures. */
export const INVESTIGATE_EXIT = { notCompromised: 0, error: 1, usage: 2, compromised: 3, inconclusive: 4 } as const;

/** The exit code a verdict means, for every command that ends in one. */
export function verdictExit(verdict: Verdict): number {
  return verdict === 'compromised'
    ? INVESTIGATE_EXIT.compromised
    : verdict === 'inconclusive'
      ? INVESTIGATE_EXIT.inconclusive
      : INVESTIGATE_EXIT.notCompromised;
}

/** Coverage, findings and the verdict as `investigate` and `detect` print them. */
export function printReport(
  output: Output,
  coverage: SourceCoverage[],
  findings: Finding[],
  verdict: VerdictReport,
): void {
  output.out('');
  output.out('Coverage');
  for (const line of table(
    ['SOURCE', 'STATUS', 'RECORDS', 'PAGES', 'THROTTLED', 'WHY / FIX'],
    coverage.map((c) => [
      SOURCES[c.source].label,
      c.status,
      String(c.records),
      String(c.pages),
      c.throttleWaits ? `${c.throttleWaits}× ${Math.round(c.throttleMs / 1000)} s` : '',
      c.status === 'completed' ? '' : printable(`${c.detail ?? c.reason ?? ''}${c.fix ? ` → ${c.fix}` : ''}`),
    ]),
  ))
    output.out(`  ${line}`);
  output.out('');
  output.out(`Findings (${findings.length})`);
  for (const f of findings)
    output.out(
      `  [${f.severity.toUpperCase()}/${f.weight}] ${printable(f.title)}  (evidence ${f.evidenceIds.slice(0, 5).join(', ')}${f.evidenceIds.length > 5 ? ', …' : ''})`,
    );
  output.out('');
  output.out(
    `Verdict: ${verdict.verdict.replace('_', ' ').toUpperCase()}  (detection engine ${verdict.engineVersion})`,
  );
  for (const reason of verdict.reasons) output.out(`  - ${printable(reason)}`);
}

export function registerInvestigateCommand(program: Command, output: Output, setExit: (code: number) => void): void {
  program
    .command('investigate')
    .description(
      'collect the evidence for a blocked user, detect, and give a verdict (exit 0 not compromised, 3 compromised, 4 inconclusive, 1 error)',
    )
    .requiredOption('--user <upn>', 'the blocked account')
    .option(
      '--tenant <profile|demo>',
      'a tenant profile (clearance tenant add), or "demo" for the built-in emulator',
      'demo',
    )
    .option('--scenario <name|path>', "demo tenant scenario (default: the built-in one with the user's domain)")
    .option('--since <iso>', 'start of the window (default: 30 days before the block)')
    .option('--data-dir <dir>', 'data folder')
    .option('--json', 'print the result as JSON')
    .action(
      async (options: {
        user: string;
        tenant: string;
        scenario?: string;
        since?: string;
        dataDir?: string;
        json?: boolean;
      }) => {
        const upn = options.user.trim().toLowerCase();
        const tenant = await connectTenant('investigate', { ...options, user: upn }, output);
        if (typeof tenant === 'string') {
          setExit(tenant === 'no-profile' ? INVESTIGATE_EXIT.usage : INVESTIGATE_EXIT.error);
          return;
        }
        const app = cliApp(options.dataDir, tenant);
        try {
          const domain = tenant.info.domains[0] ?? tenant.info.tenantId ?? '';
          const blocked = (await listRestrictedSenders(tenant).catch(() => [])).find((s) => s.senderAddress === upn);
          const existing = app.cases.findOpen(upn, domain);
          const summary = existing ?? app.cases.create({ upn, tenant: domain, blockedAt: blocked?.blockedAt ?? null });
          if (!options.json)
            output.err(
              `${existing ? 'Continuing' : 'Opened'} case ${summary.id} for ${upn} in ${printable(tenant.info.displayName ?? '')} (${tenant.info.kind === 'demo' ? 'demo tenant' : `profile ${options.tenant}`})`,
            );
          const file = app.cases.caseFile(summary.id);
          const done = new Set<string>();
          const result = await app.cases.exclusive(summary.id, 'investigation', () =>
            investigate({
              file,
              tenant,
              actor: `${app.cases.actor} (cli)`,
              ...(options.since ? { since: options.since } : {}),
              onProgress: (p) => {
                if (options.json || p.status === 'running' || done.has(p.source)) return;
                done.add(p.source);
                output.err(
                  `  ${p.status === 'completed' ? '✓' : '✗'} ${SOURCES[p.source].label}: ${p.records} records, ${p.pages} pages${p.throttleWaits ? `, throttled ${p.throttleWaits}×` : ''}${p.reason ? ` (${p.reason})` : ''}`,
                );
              },
            }),
          );
          app.cases.noteAppended(summary.id);
          if (options.json) output.out(JSON.stringify({ caseId: summary.id, ...result }, null, 2));
          else printReport(output, result.coverage, result.findings, result.verdict);
          setExit(verdictExit(result.verdict.verdict));
        } catch (error) {
          if (error instanceof CollectError) {
            output.err(`clearance investigate: ${error.message}${error.fix ? ` (${error.fix})` : ''}`);
            setExit(INVESTIGATE_EXIT.error);
            return;
          }
          throw error;
        } finally {
          await app.close();
        }
      },
    );
}
