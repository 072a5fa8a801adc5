import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadScenarioFile, ScenarioError, startEmulator } from '../../emulator/index.ts';
import { resolveScenarioPath } from '../../emulator/scenario/resolve.ts';
import { jsonText, printable, type Output } from '../output.ts';

export function registerEmulatorCommand(program: Command, output: Output, setExit: (code: number) => void): void {
  program
    .command('emulator')
    .description(
      'serve a Microsoft 365 tenant (token service, Graph v1.0, Exchange admin REST) from a scenario file, on 127.0.0.1',
    )
    .option('--scenario <name|path>', 'a built-in scenario (contoso, fabrikam, large) or a scenario file', 'contoso')
    .option('--port <port>', 'HTTPS port (default: a free one)', '0')
    .option('--cert-out <file>', 'write the self-signed certificate (PEM) here, for NODE_EXTRA_CA_CERTS')
    .option('--limits <graph|none>', "throttling: Graph's documented budgets, or none")
    .option('--no-shift', 'keep the scenario times as written (default: move them so the story happened just now)')
    .option('--ready-json', 'print one JSON line with the connection details when ready')
    .action(
      async (options: {
        scenario: string;
        port: string;
        certOut?: string;
        limits?: string;
        shift: boolean;
        readyJson?: boolean;
      }) => {
        const path = resolveScenarioPath(options.scenario);
        let scenario;
        try {
          scenario = loadScenarioFile(path, options.shift ? new Date() : undefined);
        } catch (error) {
          if (error instanceof ScenarioError) {
            output.err(`clearance emulator: ${error.message}`);
            setExit(2);
            return;
          }
          throw error;
        }
        if (options.limits && options.limits !== 'graph' && options.limits !== 'none')
          throw new Error('--limits takes graph or none');
        const emu = await startEmulator({
          owned: true,
          scenario,
          port: Number(options.port),
          ...(options.limits ? { limits: options.limits as 'graph' | 'none' } : {}),
        });
        if (options.certOut) writeFileSync(options.certOut, emu.certificate);
        const details = {
          ready: true,
          scenario: scenario.scenario.name,
          tenantId: emu.tenantId,
          graphBaseUrl: `${emu.baseUrl}/`,
          exchangeInvokeCommand: `${emu.baseUrl}/adminapi/beta/${emu.tenantId}/InvokeCommand`,
          msal: emu.msal,
          apps: scenario.apps.map((a) => ({
            clientId: a.clientId,
            displayName: a.displayName,
            publicClient: a.publicClient,
          })),
          certificate: options.certOut ?? null,
        };
        if (options.readyJson) output.out(jsonText(details, 0));
        else {
          output.out(
            `Microsoft 365 emulator: "${printable(scenario.scenario.name)}" (tenant ${emu.tenantId}) at ${emu.baseUrl}`,
          );
          output.out(`  Graph base URL:   ${details.graphBaseUrl}   (Graph client: customHosts = {"127.0.0.1"})`);
          output.out(
            `  MSAL authority:   ${emu.msal.authority}  knownAuthorities = ["${emu.msal.knownAuthorities[0]}"]  authorityMetadata = ${emu.msal.authorityMetadata}`,
          );
          output.out(`  Exchange:         ${details.exchangeInvokeCommand}`);
          output.out(
            options.certOut
              ? `  Certificate:      ${options.certOut} (set NODE_EXTRA_CA_CERTS to it)`
              : '  Certificate:      pass --cert-out FILE to write it for NODE_EXTRA_CA_CERTS',
          );
          output.out('Press Ctrl+C to stop.');
        }
        const stop = () => void emu.close().finally(() => process.exit(0));
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        await new Promise<never>(() => {});
      },
    );
}
