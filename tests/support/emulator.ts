import { join } from 'node:path';
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';
import {
  loadScenarioFile,
  startEmulator,
  trustEmulatorCertificate,
  type RunningEmulator,
  type Scenario,
} from '../../src/main/emulator/index.ts';
import { ROOT } from './cli.ts';

export const CONTOSO = join(ROOT, 'resources', 'scenarios', 'contoso.json');
export const FABRIKAM = join(ROOT, 'resources', 'scenarios', 'fabrikam.json');
export const DEMO_APP = { clientId: '6f2a1c3e-7b4d-4e8a-9c1f-0d2e3f4a5b6c', secret: 'demo-secret-not-real' };
export const ADELE = { id: '4d2a9c1e-6b3f-4e8a-a1d5-0c7e9b2f3a11', upn: 'adele.vance@contoso.com' };

export function scenario(path = CONTOSO): Scenario {
  return loadScenarioFile(path, new Date());
}

/** Starts an emulator on a scenario and makes this process trust its certificate. */
export async function emulator(
  s: Scenario = scenario(),
  options: { limits?: 'graph' | 'none'; autoSignIn?: boolean; deviceCodeInterval?: number } = {},
): Promise<RunningEmulator> {
  const emu = await startEmulator({
    scenario: s,
    limits: options.limits ?? 'none',
    autoSignIn: options.autoSignIn ?? true,
    deviceCodeInterval: options.deviceCodeInterval ?? 1,
  });
  trustEmulatorCertificate(emu.certificate);
  return emu;
}

/** A confidential client for the emulator's first app with a secret (the demo app in built-in scenarios). */
export function confidentialClient(
  emu: RunningEmulator,
  auth: Partial<Configuration['auth']> = {},
): ConfidentialClientApplication {
  const app = emu.state.scenario.apps.find((a) => a.secret);
  return new ConfidentialClientApplication({
    auth: {
      clientId: app?.clientId ?? DEMO_APP.clientId,
      clientSecret: app?.secret ?? DEMO_APP.secret,
      ...emu.msal,
      ...auth,
    },
  });
}

/** The real Graph client pointed at the emulator the way the app will be (https + customHosts). */
export function graphClient(emu: RunningEmulator, getToken: () => Promise<string>): Client {
  return Client.initWithMiddleware({
    authProvider: { getAccessToken: getToken },
    baseUrl: `${emu.baseUrl}/`,
    customHosts: new Set([new URL(emu.baseUrl).hostname]),
  });
}

export async function appToken(emu: RunningEmulator, resource = 'https://graph.microsoft.com'): Promise<string> {
  const result = await confidentialClient(emu).acquireTokenByClientCredential({ scopes: [`${resource}/.default`] });
  if (!result?.accessToken) throw new Error('no token');
  return result.accessToken;
}
