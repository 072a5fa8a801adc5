import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { MethodInput } from '../../../shared/api/contract.ts';
import type { SignInMode } from '../../../shared/domain/tenant.ts';
import { translate } from '../../../shared/i18n/index.ts';
import { call, callResult, cliApp } from '../call.ts';
import { printSignIn } from '../connect-tenant.ts';
import { jsonText, printable, table, type Output } from '../output.ts';

const MODES: Record<string, SignInMode> = {
  'app-secret': 'appSecret',
  'app-certificate': 'appCertificate',
  interactive: 'interactive',
  'device-code': 'deviceCode',
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8').trim();
}

export function registerTenantCommands(program: Command, output: Output, setExit: (code: number) => void): void {
  const tenant = program
    .command('tenant')
    .description('tenant profiles: how Clearance connects to a Microsoft 365 tenant');

  tenant
    .command('add')
    .description('add or replace a tenant profile (secrets are read from stdin and sealed, never taken as arguments)')
    .argument('<name>', 'profile name: lower-case letters, digits, dashes')
    .requiredOption('--tenant-id <guid>', 'directory (tenant) id')
    .requiredOption('--client-id <guid>', 'application (client) id of the app registration')
    .requiredOption('--mode <mode>', 'app-certificate (preferred), app-secret, interactive or device-code')
    .option('--secret-stdin', 'app-secret: read the client secret from standard input')
    .option('--certificate-key <file>', 'app-certificate: PEM private key (PKCS#8) of the app certificate')
    .option('--certificate-thumbprint <hex>', 'app-certificate: SHA-256 thumbprint of the certificate')
    .option('--authority <url>', 'sovereign cloud or emulator: the authority URL')
    .option('--known-authority <host>', 'with --authority: trust this host without instance discovery')
    .option('--authority-metadata <file>', 'with --authority: OpenID metadata JSON, so no discovery call is made')
    .option('--graph-url <url>', 'Microsoft Graph base URL (default https://graph.microsoft.com/)')
    .option('--exchange-url <url>', 'Exchange Online base URL (default https://outlook.office365.com)')
    .option('--ca-file <file>', 'an extra CA certificate (PEM) to trust for these endpoints')
    .option('--data-dir <dir>', 'data folder')
    .action(async (name: string, o: Record<string, string | boolean | undefined>) => {
      const mode = MODES[String(o.mode)];
      if (!mode) {
        output.err(`clearance tenant add: --mode takes ${Object.keys(MODES).join(', ')}`);
        setExit(2);
        return;
      }
      if (mode === 'appCertificate' && (!o.certificateKey || !o.certificateThumbprint)) {
        output.err('clearance tenant add: app-certificate needs --certificate-key and --certificate-thumbprint');
        setExit(2);
        return;
      }
      const secret = mode === 'appSecret' && o.secretStdin ? await readStdin() : '';
      if (mode === 'appSecret' && !secret) {
        output.err(
          'clearance tenant add: app-secret needs --secret-stdin (pipe the secret in; it is never taken as an argument)',
        );
        setExit(2);
        return;
      }
      const file = (option: unknown) => readFileSync(String(option), 'utf8');
      // Validated by the same profile schema as the connect screen's, in the dispatch: https only.
      const input: MethodInput<'tenant.saveProfile'> = {
        name,
        tenantId: String(o.tenantId),
        clientId: String(o.clientId),
        mode,
        ...(o.certificateThumbprint ? { certificateThumbprint: String(o.certificateThumbprint) } : {}),
        ...(secret ? { clientSecret: secret } : {}),
        ...(mode === 'appCertificate' ? { privateKeyPem: file(o.certificateKey) } : {}),
        endpoints: {
          ...(o.authority ? { authority: String(o.authority) } : {}),
          ...(o.knownAuthority ? { knownAuthorities: [String(o.knownAuthority)] } : {}),
          ...(o.authorityMetadata ? { authorityMetadata: file(o.authorityMetadata) } : {}),
          ...(o.graphUrl ? { graphBaseUrl: String(o.graphUrl) } : {}),
          ...(o.exchangeUrl ? { exchangeBaseUrl: String(o.exchangeUrl) } : {}),
          ...(o.caFile ? { extraCaPem: file(o.caFile) } : {}),
        },
      };
      const app = cliApp(o.dataDir as string | undefined);
      try {
        if (!(await call(app, 'tenant add', output, 'tenant.saveProfile', input))) return setExit(2);
        output.out(`Saved tenant profile ${name} (${String(o.mode)}).`);
        const vault = await call(app, 'tenant add', output, 'tenant.vaultStatus', {});
        if (vault?.warning) output.err(`Note: ${vault.warning}`);
      } finally {
        await app.close();
      }
    });

  tenant
    .command('list')
    .description('list tenant profiles (no secrets are shown)')
    .option('--data-dir <dir>', 'data folder')
    .action(async (o: { dataDir?: string }) => {
      const app = cliApp(o.dataDir);
      try {
        const profiles = await call(app, 'tenant list', output, 'tenant.profiles', {});
        if (!profiles) return setExit(1);
        if (profiles.length === 0) output.out('No tenant profiles. Add one with `clearance tenant add`.');
        else
          for (const line of table(
            ['NAME', 'TENANT', 'CLIENT', 'MODE'],
            profiles.map((p) => [p.name, p.tenantId, p.clientId, p.mode]),
          ))
            output.out(line);
      } finally {
        await app.close();
      }
    });

  tenant
    .command('remove')
    .description('remove a tenant profile and its sealed secrets and token cache')
    .argument('<name>')
    .option('--data-dir <dir>', 'data folder')
    .action(async (name: string, o: { dataDir?: string }) => {
      const app = cliApp(o.dataDir);
      try {
        const removed = await callResult(app, 'tenant remove', output, 'tenant.removeProfile', { name });
        if (removed.ok) output.out(`Removed ${name}.`);
        setExit(removed.ok ? 0 : 2);
      } finally {
        await app.close();
      }
    });

  tenant
    .command('probe')
    .description(
      'connect and check which evidence sources this tenant and these permissions allow, and how to fix gaps',
    )
    .argument('<name>')
    .option('--user <upn>', 'a user to check per-user sources on (inbox rules, methods, Sent Items)')
    .option('--data-dir <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { user?: string; dataDir?: string; json?: boolean }) => {
      const app = cliApp(o.dataDir);
      const signIn = printSignIn(app, output);
      try {
        const connected = await callResult(app, 'tenant probe', output, 'tenant.connect', { name });
        if (!connected.ok) return setExit(connected.code === 'not_found' || connected.code === 'invalid_input' ? 2 : 1);
        const info = connected.value;
        const capabilities = await call(app, 'tenant probe', output, 'tenant.capabilities', {
          ...(o.user ? { user: o.user } : {}),
        });
        if (!capabilities) return setExit(1);
        if (o.json) output.out(jsonText({ tenant: info, capabilities }));
        else {
          output.out(`Connected to ${printable(info.displayName ?? name)} (${printable(info.domains.join(', '))})`);
          for (const line of table(
            ['SOURCE', 'AVAILABLE', 'WHY NOT / FIX'],
            capabilities.map((c) => [
              translate(`sources.${c.source}`),
              c.available ? 'yes' : c.reason === 'unknown' ? '?' : 'no',
              c.available ? '' : printable(`${c.detail ?? ''}${c.fix ? ` → ${c.fix}` : ''}`),
            ]),
          ))
            output.out(`  ${line}`);
        }
      } finally {
        signIn();
        await app.close();
      }
    });
}
