import { ConfidentialClientApplication } from '@azure/msal-node';
import { loadScenarioFile, startEmulator, trustEmulatorCertificate, type RunningEmulator } from '../emulator/index.ts';
import { resolveScenarioPath } from '../emulator/scenario/resolve.ts';
import type { TenantConnection } from './tenant-connection.ts';

/**
 * A connection to a running emulator, as to a real tenant: the real MSAL signs in app-only with the
 * scenario's first app that has a secret (scenario data, kept in main like any credential), and Graph and
 * Exchange are reached over HTTPS. `closeEmulator` decides whether closing the connection stops it.
 */
export function emulatorConnection(emulator: RunningEmulator, options: { closeEmulator: boolean }): TenantConnection {
  const scenario = emulator.state.scenario;
  const app = scenario.apps.find((a) => a.secret);
  if (!app?.secret)
    throw new Error(`scenario "${scenario.scenario.name}" has no app with a secret for the demo connection`);
  trustEmulatorCertificate(emulator.certificate);
  const msal = new ConfidentialClientApplication({
    auth: { clientId: app.clientId, clientSecret: app.secret, ...emulator.msal },
  });
  const domains = [...scenario.tenant.verifiedDomains]
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault))
    .map((d) => d.name);
  return {
    info: {
      connected: true,
      kind: 'demo',
      displayName: scenario.tenant.displayName,
      tenantId: scenario.tenant.id,
      domains,
      scenario: scenario.scenario.name,
    },
    graphBaseUrl: `${emulator.baseUrl}/`,
    exchangeInvokeUrl: `${emulator.baseUrl}/adminapi/beta/${scenario.tenant.id}/InvokeCommand`,
    async accessToken(resource, options = {}) {
      const result = await msal.acquireTokenByClientCredential({
        scopes: [`${resource}/.default`],
        skipCache: options.forceRefresh ?? false,
      });
      // MSAL can hand back an empty result instead of throwing (graph-api.md §5.7): treat it as a failure.
      if (!result?.accessToken) throw new Error('the token service returned no access token');
      return result.accessToken;
    },
    close: () => (options.closeEmulator ? emulator.close() : Promise.resolve()),
  };
}

/** The demo tenant: the emulator started in-process on a scenario, and a connection to it. */
export async function startDemoTenant(scenarioNameOrPath: string): Promise<TenantConnection> {
  const scenario = loadScenarioFile(resolveScenarioPath(scenarioNameOrPath), new Date());
  return emulatorConnection(await startEmulator({ scenario, owned: true }), { closeEmulator: true });
}
