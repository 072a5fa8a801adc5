import { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
import { generate } from 'selfsigned';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/main/emulator/index.ts';
import { ADELE, DEMO_APP, confidentialClient, emulator, scenario } from '../../support/emulator.ts';

let emu: RunningEmulator;
let certPem: string;
let keyPem: string;
let thumbprintSha256: string;

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: 'clearance-test-app' }], { keyType: 'rsa', keySize: 2048 });
  certPem = pems.cert;
  keyPem = pems.private;
  const { X509Certificate } = await import('node:crypto');
  thumbprintSha256 = new X509Certificate(certPem).fingerprint256.replace(/:/g, '');
  const s = scenario();
  s.apps[0]!.certificates = [certPem];
  emu = await emulator(s);
});
afterAll(() => emu.close());

/** What a browser does with the authorize page: follow it and submit its form_post to the loopback. */
async function browserSignIn(url: string): Promise<void> {
  const page = await (await fetch(url)).text();
  const action = /action="([^"]+)"/.exec(page)?.[1];
  if (!action) throw new Error(`no form_post in authorize page:\n${page.slice(0, 400)}`);
  const fields = new URLSearchParams();
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields.append(
      m[1]!,
      m[2]!.replace(/&#(\d+);/g, (_x, c: string) => String.fromCharCode(Number(c))),
    );
  await fetch(
    action.replace(/&#(\d+);/g, (_x, c: string) => String.fromCharCode(Number(c))),
    { method: 'POST', body: fields },
  );
}

describe('MSAL Node against the emulator (no network discovery)', () => {
  it('client credentials with a secret, cached on the second call', async () => {
    const cca = confidentialClient(emu);
    const first = await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    expect(first?.accessToken).toBeTruthy();
    const claims = decodeJwt(first!.accessToken);
    expect(claims).toMatchObject({ aud: 'https://graph.microsoft.com', tid: emu.tenantId, appid: DEMO_APP.clientId });
    expect(claims.roles).toEqual(expect.arrayContaining(['AuditLog.Read.All', 'User.Read.All']));
    const second = await cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });
    expect(second?.fromCache).toBe(true);
  });

  it('client credentials with a certificate assertion', async () => {
    const cca = new ConfidentialClientApplication({
      auth: { clientId: DEMO_APP.clientId, clientCertificate: { thumbprintSha256, privateKey: keyPem }, ...emu.msal },
    });
    const result = await cca.acquireTokenByClientCredential({ scopes: ['https://outlook.office365.com/.default'] });
    expect(decodeJwt(result!.accessToken)).toMatchObject({
      aud: 'https://outlook.office365.com',
      roles: ['Exchange.ManageAsApp'],
    });
  });

  it('reports a wrong secret in the real error shape', async () => {
    const cca = confidentialClient(emu, { clientSecret: 'wrong' });
    await expect(
      cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }),
    ).rejects.toMatchObject({
      errorCode: 'invalid_client',
      errorMessage: expect.stringContaining('AADSTS7000215'),
    });
  });

  it('refuses a client-credentials scope without /.default and an unknown app', async () => {
    await expect(
      confidentialClient(emu).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/User.Read.All'] }),
    ).rejects.toMatchObject({
      errorCode: 'invalid_scope',
    });
    await expect(
      confidentialClient(emu, { clientId: '00000000-0000-4000-8000-000000000000' }).acquireTokenByClientCredential({
        scopes: ['https://graph.microsoft.com/.default'],
      }),
    ).rejects.toMatchObject({
      errorCode: 'unauthorized_client',
    });
  });

  it('authorization code with PKCE on a loopback redirect (form_post), then silent refresh', async () => {
    const pca = new PublicClientApplication({ auth: { clientId: DEMO_APP.clientId, ...emu.msal } });
    const result = await pca.acquireTokenInteractive({
      scopes: ['https://graph.microsoft.com/AuditLog.Read.All', 'https://graph.microsoft.com/User.Read.All'],
      loginHint: ADELE.upn,
      openBrowser: browserSignIn,
      successTemplate: 'Signed in.',
      errorTemplate: 'Failed: {error}',
    });
    expect(result.account?.username).toBe(ADELE.upn);
    expect(result.account?.homeAccountId).toBe(`${ADELE.id}.${emu.tenantId}`);
    expect(decodeJwt(result.accessToken)).toMatchObject({ oid: ADELE.id, scp: 'AuditLog.Read.All User.Read.All' });

    const silent = await pca.acquireTokenSilent({
      account: result.account!,
      scopes: ['https://graph.microsoft.com/AuditLog.Read.All'],
      forceRefresh: true,
    });
    expect(silent.fromCache).toBe(false);
    expect(silent.accessToken).not.toBe(result.accessToken);
    // One refresh token serves another resource too, as Entra's multi-resource refresh tokens do.
    const exchange = await pca.acquireTokenSilent({
      account: result.account!,
      scopes: ['https://outlook.office365.com/Exchange.Manage'],
    });
    expect(decodeJwt(exchange.accessToken)).toMatchObject({
      aud: 'https://outlook.office365.com',
      scp: 'Exchange.Manage',
    });
  });

  it('device code: pending until the user signs in, then tokens', async () => {
    const pca = new PublicClientApplication({ auth: { clientId: DEMO_APP.clientId, ...emu.msal } });
    const messages: string[] = [];
    const result = await pca.acquireTokenByDeviceCode({
      scopes: ['https://graph.microsoft.com/User.Read.All'],
      deviceCodeCallback: (response) => {
        messages.push(response.message);
        setTimeout(() => emu.approveDeviceCode(response.userCode, 'megan.bowen@contoso.com'), 1500);
      },
    });
    expect(messages[0]).toContain(`${emu.baseUrl}/devicelogin`);
    expect(result?.account?.username).toBe('megan.bowen@contoso.com');
  });

  it('refuses delegated scopes the app was never consented for', async () => {
    const pca = new PublicClientApplication({ auth: { clientId: DEMO_APP.clientId, ...emu.msal } });
    await expect(
      pca.acquireTokenInteractive({
        scopes: ['https://graph.microsoft.com/Files.ReadWrite.All'],
        loginHint: ADELE.upn,
        openBrowser: browserSignIn,
      }),
    ).rejects.toMatchObject({ errorCode: 'invalid_grant', errorMessage: expect.stringContaining('AADSTS65001') });
  });
});
