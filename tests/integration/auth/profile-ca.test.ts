import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectProfile } from '../../../src/main/auth/connect.ts';
import { ProfileStore } from '../../../src/main/auth/profiles.ts';
import { KeyFileVault } from '../../../src/main/auth/secret-vault.ts';
import { startEmulator, type RunningEmulator } from '../../../src/main/emulator/index.ts';
import { invokeCommand } from '../../../src/main/exchange/admin-client.ts';
import { trustedFetch } from '../../../src/main/tenant/trusted-fetch.ts';
import { DEMO_APP, scenario } from '../../support/emulator.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

// On purpose, this file never calls trustEmulatorCertificate (tests/support's emulator() does): the
// emulator's self-signed CA must be trusted only by the profile that names it.

let emu: RunningEmulator;
let tmp: ReturnType<typeof makeTempDir>;
let store: ProfileStore;

function save(name: string, extraCaPem?: string): void {
  store.putSecret(name, 'clientSecret', DEMO_APP.secret);
  store.save({
    name,
    tenantId: emu.tenantId,
    clientId: DEMO_APP.clientId,
    mode: 'appSecret',
    endpoints: {
      ...emu.msal,
      graphBaseUrl: `${emu.baseUrl}/`,
      exchangeBaseUrl: emu.baseUrl,
      ...(extraCaPem ? { extraCaPem } : {}),
    },
  });
}

/** The TLS failure's code, wherever the client wrapped it (fetch puts it in `cause`). */
async function tlsFailure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    let e: unknown = error;
    while (e instanceof Error) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return code;
      e = e.cause;
    }
    return `not a TLS failure: ${String(error)}`;
  }
  return 'succeeded';
}

beforeAll(async () => {
  tmp = makeTempDir();
  emu = await startEmulator({ scenario: scenario(), limits: 'none', autoSignIn: true });
  store = new ProfileStore(tmp.dir, new KeyFileVault(join(tmp.dir, 'vault.key')));
  save('with-ca', emu.certificate);
  save('without-ca');
});
afterAll(async () => {
  await emu.close();
  tmp.cleanup();
});

describe("a profile's extra CA", () => {
  it('is trusted by that connection only: the other profile and plain fetch still refuse the emulator', async () => {
    // Nothing in this process trusts the emulator yet.
    expect(await tlsFailure(fetch(`${emu.baseUrl}/v1.0/organization`))).toMatch(/SELF_SIGNED|CERT/);

    const trusted = await connectProfile(store.get('with-ca')!, store);
    try {
      expect(trusted.info).toMatchObject({ kind: 'profile', displayName: 'Contoso' });
      // Exchange through the same connection trusts the CA too.
      const rules = await invokeCommand(trusted, 'Get-InboxRule', { Mailbox: 'adele.vance@contoso.com' });
      expect(Array.isArray(rules.rows)).toBe(true);

      // In the same process, with the trusted connection open: the profile that differs only by not naming
      // the CA cannot reach the emulator (GraphApi reports the TLS failure as a network failure), and the
      // process-wide fetch still fails TLS verification.
      await expect(connectProfile(store.get('without-ca')!, store)).rejects.toMatchObject({
        reason: 'network',
        message: 'The connection to Microsoft Graph failed.',
      });
      expect(await tlsFailure(fetch(`${emu.baseUrl}/v1.0/organization`))).toMatch(/SELF_SIGNED|CERT/);
    } finally {
      await trusted.close();
    }
  }, 30_000);

  it("is a fetch of its own: https only, and the answer's URL kept (the SDK's redirect handler compares it to drop the token)", async () => {
    const http = trustedFetch(emu.certificate);
    try {
      const url = `${emu.baseUrl}/v1.0/organization`;
      const response = await http.fetch(url);
      expect(response.status).toBe(401);
      expect(response.url).toBe(url);
      await response.body?.cancel();
      await expect(http.fetch(url.replace('https:', 'http:'))).rejects.toThrow(/only https/);
    } finally {
      http.close();
    }
  });
});
