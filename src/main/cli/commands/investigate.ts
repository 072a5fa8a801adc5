import type { Command } from 'commander';
import type { AppEvent, EventPayload } from '../../../shared/api/contract.ts';
import type { Finding, SourceCoverage, Verdict, VerdictReport } from '../../../shared/domain/investigation.ts';
import { PastInstant } from '../../../shared/domain/identifiers.ts';
import type { RestrictedSender } from '../../../shared/domain/tenant.ts';
import { translate } from '../../../shared/i18n/index.ts';
import { call, callResult } from '../call.ts';
import { jsonText, printable, table, type Output } from '../output.ts';
import { openTenantApp } from '../connect-tenant.ts';

const sourceLabel = (source: string) => translate(`sources.${source}`);

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
      sourceLabel(c.source),
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
        // Checked before a tenant is connected or a case opened for a run that would be refused.
        const since = options.since === undefined ? undefined : PastInstant.safeParse(options.since);
        if (since && !since.success) {
          output.err(
            `clearance investigate: --since: ${translate(since.error.issues[0]?.message ?? 'validation.generic')}`,
          );
          setExit(INVESTIGATE_EXIT.usage);
          return;
        }
        const app = await openTenantApp('investigate', { ...options, user: upn }, output);
        if (typeof app === 'string') {
          setExit(app === 'no-profile' ? INVESTIGATE_EXIT.usage : INVESTIGATE_EXIT.error);
          return;
        }
        const stopListening: Array<() => void> = [];
        try {
          const tenant = await call(app, 'investigate', output, 'tenant.info', {});
          if (!tenant) return setExit(INVESTIGATE_EXIT.error);
          const domain = (tenant.domains[0] ?? tenant.tenantId ?? '').toLowerCase();
          // When the block happened, if the tenant still lists it; a tenant that cannot say is no error.
          const restricted = await app.dispatch('tenant.restrictedSenders', {});
          const blocked = restricted.ok
            ? (restricted.value as RestrictedSender[]).find((s) => s.senderAddress.toLowerCase() === upn)
            : undefined;
          const cases = await call(app, 'investigate', output, 'cases.list', {});
          if (!cases) return setExit(INVESTIGATE_EXIT.error);
          const existing = cases.find((c) => c.status === 'open' && c.upn === upn && c.tenant === domain);
          const summary =
            existing ??
            (await call(app, 'investigate', output, 'cases.create', {
              upn,
              tenant: domain,
              blockedAt: blocked?.blockedAt ?? null,
            }));
          if (!summary) return setExit(INVESTIGATE_EXIT.usage);
          const caseId = summary.id;
          if (!options.json)
            output.err(
              `${existing ? 'Continuing' : 'Opened'} case ${caseId} for ${upn} in ${tenant.displayName ?? ''} (${tenant.kind === 'demo' ? 'demo tenant' : `profile ${options.tenant}`})`,
            );
          // Started like the UI starts it: progress and the end arrive as events.
          const done = new Set<string>();
          const finished = new Promise<EventPayload<'investigation.finished'>>((resolve) => {
            stopListening.push(
              app.events.subscribe((event: AppEvent) => {
                if (event.name === 'investigation.finished' && event.payload.caseId === caseId) resolve(event.payload);
                if (event.name !== 'investigation.progress' || event.payload.caseId !== caseId) return;
                const p = event.payload.progress;
                if (options.json || p.status === 'running' || done.has(p.source)) return;
                done.add(p.source);
                output.err(
                  `  ${p.status === 'completed' ? '✓' : '✗'} ${sourceLabel(p.source)}: ${p.records} records, ${p.pages} pages${p.throttleWaits ? `, throttled ${p.throttleWaits}×` : ''}${p.reason ? ` (${p.reason})` : ''}`,
                );
              }),
            );
          });
          const started = await callResult(app, 'investigate', output, 'investigation.start', {
            caseId,
            ...(options.since ? { since: options.since } : {}),
          });
          if (!started.ok)
            return setExit(started.code === 'invalid_input' ? INVESTIGATE_EXIT.usage : INVESTIGATE_EXIT.error);
          const end = await finished;
          if (end.error) {
            output.err(`clearance investigate: ${translate(end.error)}`);
            return setExit(INVESTIGATE_EXIT.error);
          }
          const result = await call(app, 'investigate', output, 'investigation.summary', { caseId });
          if (!result?.verdict) return setExit(INVESTIGATE_EXIT.error);
          const { coverage, findings, verdict } = result;
          if (options.json)
            output.out(
              jsonText({
                caseId,
                coverage,
                findings,
                verdict,
                events: result.eventCount,
                runStatus: result.run?.status,
              }),
            );
          else printReport(output, coverage, findings, verdict);
          setExit(verdictExit(verdict.verdict));
        } finally {
          for (const stop of stopListening) stop();
          await app.close();
        }
      },
    );
}
