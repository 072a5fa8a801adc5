import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveDataDir } from '../../core/data-dir.ts';
import { connectProfile } from '../../auth/connect.ts';
import { ProfileStore, TenantProfile, type SignInMode } from '../../auth/profiles.ts';
import { defaultVault } from '../../auth/vault.ts';
import { CollectError } from '../../investigation/collect-error.ts';
import { probeCapabilities } from '../../investigation/probes.ts';
import { SOURCES } from '../../investigation/sources.ts';
import { openInDefaultBrowser } from '../../server/open-browser.ts';
import { printable, table, type Output } from '../output.ts';

const MODES: Record<string, SignInMode> = {
  'app-secret': 'appSecret',
  'app-certificate': 'appCertificate',
  interactive: 'interactive',
  'device-code': 'deviceCode',
};

export function profileStore(dataDir?: string): ProfileStore {
  const dir = dataDir ?? resolveDataDir();
  return new ProfileStore(dir, defaultVault(dir));
}

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
      const parsed = TenantProfile.safeParse({
        name,
        tenantId: o.tenantId,
        clientId: o.clientId,
        mode,
        ...(o.certificateThumbprint
          ? { certificateThumbprint: String(o.certificateThumbprint).replace(/:/g, '').toLowerCase() }
          : {}),
        endpoints: {
          ...(o.authority ? { authority: o.authority } : {}),
          ...(o.knownAuthority ? { knownAuthorities: [o.knownAuthority] } : {}),
          ...(o.authorityMetadata ? { authorityMetadata: readFileSync(String(o.authorityMetadata), 'utf8') } : {}),
          ...(o.graphUrl ? { graphBaseUrl: o.graphUrl } : {}),
          ...(o.exchangeUrl ? { exchangeBaseUrl: o.exchangeUrl } : {}),
          ...(o.caFile ? { extraCaPem: readFileSync(String(o.caFile), 'utf8') } : {}),
        },
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          output.err(`clearance tenant add: ${issue.path.join('.')}: ${issue.message}`);
        setExit(2);
        return;
      }
      const store = profileStore(o.dataDir as string | undefined);
      if (mode === 'appSecret') {
        const secret = o.secretStdin ? await readStdin() : '';
        if (!secret) {
          output.err(
            'clearance tenant add: app-secret needs --secret-stdin (pipe the secret in; it is never taken as an argument)',
          );
          setExit(2);
          return;
        }
        store.putSecret(name, 'clientSecret', secret);
      }
      if (mode === 'appCertificate') {
        if (!o.certificateKey || !o.certificateThumbprint) {
          output.err('clearance tenant add: app-certificate needs --certificate-key and --certificate-thumbprint');
          setExit(2);
          return;
        }
        store.putSecret(name, 'privateKey', readFileSync(String(o.certificateKey), 'utf8'));
      }
      store.save(parsed.data);
      output.out(`Saved tenant profile ${name} (${o.mode}).`);
      if (store.vaultWarning) output.err(`Note: ${store.vaultWarning}`);
    });

  tenant
    .command('list')
    .description('list tenant profiles (no secrets are shown)')
    .option('--data-dir <dir>', 'data folder')
    .action((o: { dataDir?: string }) => {
      const profiles = profileStore(o.dataDir).list();
      if (profiles.length === 0) output.out('No tenant profiles. Add one with `clearance tenant add`.');
      else
        for (const line of table(
          ['NAME', 'TENANT', 'CLIENT', 'MODE'],
          profiles.map((p) => [p.name, p.tenantId, p.clientId, p.mode]),
        ))
          output.out(line);
    });

  tenant
    .command('remove')
    .description('remove a tenant profile and its sealed secrets and token cache')
    .argument('<name>')
    .option('--data-dir <dir>', 'data folder')
    .action((name: string, o: { dataDir?: string }) => {
      const removed = profileStore(o.dataDir).remove(name);
      output.out(removed ? `Removed ${name}.` : `No profile ${name}.`);
      setExit(removed ? 0 : 2);
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
      const store = profileStore(o.dataDir);
      const profile = store.get(name);
      if (!profile) {
        output.err(`clearance tenant probe: no profile ${name}`);
        setExit(2);
        return;
      }
      try {
        const connection = await connectProfile(profile, store, {
          openBrowser: (url) => {
            output.err(`Sign in: ${url}`);
            openInDefaultBrowser(url);
            return Promise.resolve();
          },
          onDeviceCode: (message) => output.err(message),
        });
        const capabilities = await probeCapabilities(connection, o.user ?? null);
        if (o.json) output.out(JSON.stringify({ tenant: connection.info, capabilities }, null, 2));
        else {
          output.out(
            `Connected to ${printable(connection.info.displayName ?? name)} (${printable(connection.info.domains.join(', '))})`,
          );
          for (const line of table(
            ['SOURCE', 'AVAILABLE', 'WHY NOT / FIX'],
            capabilities.map((c) => [
              SOURCES[c.source].label,
              c.available ? 'yes' : c.reason === 'unknown' ? '?' : 'no',
              c.available ? '' : printable(`${c.detail ?? ''}${c.fix ? ` → ${c.fix}` : ''}`),
            ]),
          ))
            output.out(`  ${line}`);
        }
      } catch (error) {
        output.err(
          `clearance tenant probe: could not connect: ${printable(error instanceof CollectError ? error.message : error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'unknown error')}`,
        );
        setExit(1);
      }
    });
}
