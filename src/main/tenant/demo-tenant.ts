import { ConfidentialClientApplication } from '@azure/msal-node';
import { loadScenarioFile, startEmulator, trustEmulatorCertificate } from '../emulator/index.ts';
import { resolveScenarioPath } from '../emulator/scenario/resolve.ts';
import type { TenantConnection } from './tenant-connection.ts';

/**
 * The demo tenant: the emulator started in-process on a scenario, reached through the real MSAL and
 * HTTPS exactly as a real tenant would be. The scenario's first app with a secret signs in app-only; that
 * secret is scenario data and stays in main like any credential.
 */
export async function startDemoTenant(scenarioNameOrPath: string): Promise<TenantConnection> {
  const scenario = loadScenarioFile(resolveScenarioPath(scenarioNameOrPath), new Date());
  const app = scenario.apps.find((a) => a.secret);
  if (!app?.secret)
    throw new Error(`scenario "${scenario.scenario.name}" has no app with a secret for the demo connection`);
  const emulator = await startEmulator({ scenario: structuredClone(scenario), owned: true });
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
    close: () => emulator.close(),
  };
}
