import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectProfile } from '../../../src/main/auth/connect.ts';
import { ProfileStore } from '../../../src/main/auth/profiles.ts';
import { KeyFileVault } from '../../../src/main/auth/secret-vault.ts';
import { probeCapabilities } from '../../../src/main/investigation/probes.ts';
import { runClearance } from '../../support/cli.ts';
import { spawnEmulator, type EmulatorReady } from '../../support/emulator-process.ts';
import { DEMO_APP, emulator, scenario } from '../../support/emulator.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

describe('the secret vault outside Electron', () => {
  it('seals with a key only the user can read, and opens what it sealed', () => {
    const tmp = makeTempDir();
    try {
      const vault = new KeyFileVault(join(tmp.dir, 'k', 'vault.key'));
      const sealed = vault.seal('s3cr3t-value');
      expect(sealed.includes(Buffer.from('s3cr3t-value'))).toBe(false);
      expect(new KeyFileVault(join(tmp.dir, 'k', 'vault.key')).open(sealed)).toBe('s3cr3t-value');
      expect(statSync(join(tmp.dir, 'k', 'vault.key')).mode & 0o077).toBe(0);
      expect(vault.warning).toContain('No OS keychain');
      const tampered = Buffer.from(sealed);
      tampered[tampered.length - 1]! ^= 1;
      expect(() => vault.open(tampered)).toThrow();
    } finally {
      tmp.cleanup();
    }
  });
});

describe('tenant profiles against the emulator', () => {
  it('connects app-only with a sealed secret, reads the tenant, and probes capabilities with fixes', async () => {
    const tmp = makeTempDir();
    const s = scenario();
    s.apps[0]!.applicationPermissions = s.apps[0]!.applicationPermissions.filter((p) => !p.startsWith('AuditLog.'));
    const emu = await emulator(s);
    try {
      const store = new ProfileStore(tmp.dir, new KeyFileVault(join(tmp.dir, 'vault.key')));
      store.putSecret('contoso', 'clientSecret', DEMO_APP.secret);
      store.save({
        name: 'contoso',
        tenantId: emu.tenantId,
        clientId: DEMO_APP.clientId,
        mode: 'appSecret',
        endpoints: {
          ...emu.msal,
          graphBaseUrl: `${emu.baseUrl}/`,
          exchangeBaseUrl: emu.baseUrl,
          extraCaPem: emu.certificate,
        },
      });
      const profileText = readFileSync(join(tmp.dir, 'tenants', 'profiles.json'), 'utf8');
      expect(profileText).not.toContain(DEMO_APP.secret);

      const connection = await connectProfile(store.get('contoso')!, store);
      expect(connection.info).toMatchObject({
        kind: 'profile',
        displayName: 'Contoso',
        domains: ['contoso.com', 'contoso.onmicrosoft.com'],
      });
      // The token cache is persisted, sealed.
      const cacheFile = readdirSync(join(tmp.dir, 'tenants')).find((f) => f.endsWith('tokenCache.sealed'))!;
      expect(readFileSync(join(tmp.dir, 'tenants', cacheFile)).includes(Buffer.from('AccessToken'))).toBe(false);

      const capabilities = await probeCapabilities(connection, 'adele.vance@contoso.com');
      const by = Object.fromEntries(capabilities.map((c) => [c.source, c]));
      expect(by.inboxRules).toMatchObject({ available: true });
      expect(by.mailboxForwarding).toMatchObject({ available: true });
      expect(by.signIns).toMatchObject({ available: false, reason: 'permission' });
      expect(by.signIns!.fix).toContain('AuditLog.Read.All');
    } finally {
      await emu.close();
      tmp.cleanup();
    }
  });
});

describe('clearance tenant + investigate with a profile', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let child: ChildProcess;
  let ready: EmulatorReady;

  beforeAll(async () => {
    tmp = makeTempDir();
    ({ child, ready } = await spawnEmulator([
      '--scenario',
      'contoso',
      '--limits',
      'none',
      '--cert-out',
      join(tmp.dir, 'ca.pem'),
    ]));
    writeFileSync(join(tmp.dir, 'metadata.json'), ready.msal.authorityMetadata);
  });
  afterAll(() => {
    child.kill('SIGTERM');
    tmp.cleanup();
  });

  it('adds a profile (secret from stdin), lists it without secrets, probes it, and investigates through it', () => {
    const data = join(tmp.dir, 'data');
    const base = new URL(ready.graphBaseUrl).origin;
    const add = runClearance(
      [
        'tenant',
        'add',
        'contoso-lab',
        '--tenant-id',
        ready.tenantId,
        '--client-id',
        DEMO_APP.clientId,
        '--mode',
        'app-secret',
        '--secret-stdin',
        '--authority',
        ready.msal.authority,
        '--known-authority',
        ready.msal.knownAuthorities[0]!,
        '--authority-metadata',
        join(tmp.dir, 'metadata.json'),
        '--graph-url',
        ready.graphBaseUrl,
        '--exchange-url',
        base,
        '--ca-file',
        join(tmp.dir, 'ca.pem'),
        '--data-dir',
        data,
      ],
      {},
      `${DEMO_APP.secret}\n`,
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toContain('No OS keychain');
    const list = runClearance(['tenant', 'list', '--data-dir', data]);
    expect(list.stdout).toContain('contoso-lab');
    expect(list.stdout).not.toContain(DEMO_APP.secret);

    const probe = runClearance([
      'tenant',
      'probe',
      'contoso-lab',
      '--user',
      'adele.vance@contoso.com',
      '--json',
      '--data-dir',
      data,
    ]);
    expect(probe.code, probe.stderr).toBe(0);
    const probed = JSON.parse(probe.stdout) as {
      tenant: { displayName: string };
      capabilities: Array<{ available: boolean }>;
    };
    expect(probed.tenant.displayName).toBe('Contoso');
    expect(probed.capabilities.every((c) => c.available)).toBe(true);

    const investigated = runClearance([
      'investigate',
      '--tenant',
      'contoso-lab',
      '--user',
      'lee.gu@contoso.com',
      '--data-dir',
      data,
    ]);
    expect(investigated.code, investigated.stderr).toBe(3);
    expect(investigated.stderr).toContain('profile contoso-lab');
    expect(investigated.stdout).toContain('Verdict: COMPROMISED');
  }, 90_000);
});
