import {
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  PublicClientApplication,
  type Configuration,
} from '@azure/msal-node';
import { GraphApi } from '../graph/graph-api.ts';
import { CollectError } from '../investigation/collect-error.ts';
import type { EXCHANGE, GRAPH } from '../tenant/tenant-connection.ts';
import { type TenantConnection } from '../tenant/tenant-connection.ts';
import { msalNetworkClient, trustedFetch } from '../tenant/trusted-fetch.ts';
import type { ProfileStore, TenantProfile } from './profiles.ts';
import { sealedCachePlugin } from './token-cache.ts';

export interface InteractionHooks {
  /** Interactive sign-in: open this URL in the system browser (never inside the app). */
  openBrowser?: (url: string) => Promise<void>;
  /** Device-code sign-in: show this message (code and address) to the analyst. */
  onDeviceCode?: (message: string) => void;
}

function msalAuth(profile: TenantProfile): Configuration['auth'] {
  const e = profile.endpoints;
  return {
    clientId: profile.clientId,
    authority: e.authority ?? `https://login.microsoftonline.com/${profile.tenantId}`,
    ...(e.knownAuthorities ? { knownAuthorities: e.knownAuthorities } : {}),
    ...(e.authorityMetadata ? { authorityMetadata: e.authorityMetadata } : {}),
  };
}

/** Silent first (cached or refresh token), interaction only when MSAL says it is needed. */
function delegatedTokens(pca: PublicClientApplication, profile: TenantProfile, hooks: InteractionHooks) {
  return async (resource: string, forceRefresh: boolean): Promise<string> => {
    const scopes = [`${resource}/.default`];
    const [account] = await pca.getTokenCache().getAllAccounts();
    if (account) {
      try {
        return (await pca.acquireTokenSilent({ account, scopes, forceRefresh })).accessToken;
      } catch (error) {
        if (!(error instanceof InteractionRequiredAuthError)) throw error;
      }
    }
    if (profile.mode === 'deviceCode') {
      const result = await pca.acquireTokenByDeviceCode({
        scopes,
        deviceCodeCallback: (r) => hooks.onDeviceCode?.(r.message),
      });
      if (!result?.accessToken) throw new CollectError('permission', 'Device-code sign-in did not complete.');
      return result.accessToken;
    }
    if (!hooks.openBrowser)
      throw new CollectError(
        'permission',
        'Interactive sign-in needs a browser, and none is available here: use a device-code profile.',
      );
    return (
      await pca.acquireTokenInteractive({
        scopes,
        openBrowser: hooks.openBrowser,
        successTemplate: 'Signed in to Clearance. You can close this window.',
        errorTemplate: 'Sign-in failed. You can close this window and try again.',
      })
    ).accessToken;
  };
}

/**
 * A stored secret, or a clear refusal when this process cannot open it: the desktop app seals with the OS
 * keychain, which the CLI and browser mode (plain Node) cannot reach, and a key file can be lost.
 */
function openSecret(store: ProfileStore, profile: string, which: 'clientSecret' | 'privateKey'): string | null {
  try {
    return store.getSecret(profile, which);
  } catch {
    throw new CollectError(
      'permission',
      `The stored ${which === 'clientSecret' ? 'client secret' : 'certificate key'} of profile ${profile} cannot be opened here: it was sealed by the desktop app's OS keychain, or its key file is gone.`,
      'Connect from the desktop app, or save the profile again here with its secret (clearance tenant add).',
    );
  }
}

/**
 * A live connection from a tenant profile: MSAL (app-only with a certificate or secret, or delegated
 * interactive / device code) with its token cache sealed in the vault, and the tenant's name and domains
 * read from Graph, which also proves the credentials work.
 */
export async function connectProfile(
  profile: TenantProfile,
  store: ProfileStore,
  hooks: InteractionHooks = {},
): Promise<TenantConnection> {
  // A profile's extra CA (a lab, a TLS-inspecting proxy) is trusted by this connection's clients only.
  const http = profile.endpoints.extraCaPem ? trustedFetch(profile.endpoints.extraCaPem) : null;
  const system = http ? { system: { networkClient: msalNetworkClient(http.fetch) } } : {};
  const cache = { cachePlugin: sealedCachePlugin(store, profile.name) };
  let token: (resource: string, forceRefresh: boolean) => Promise<string>;
  if (profile.mode === 'appSecret' || profile.mode === 'appCertificate') {
    const secret = profile.mode === 'appSecret' ? openSecret(store, profile.name, 'clientSecret') : null;
    const key = profile.mode === 'appCertificate' ? openSecret(store, profile.name, 'privateKey') : null;
    if (profile.mode === 'appSecret' && !secret)
      throw new CollectError('permission', `Profile ${profile.name} has no client secret stored.`);
    if (profile.mode === 'appCertificate' && (!key || !profile.certificateThumbprint))
      throw new CollectError('permission', `Profile ${profile.name} has no certificate key stored.`);
    const cca = new ConfidentialClientApplication({
      auth: {
        ...msalAuth(profile),
        ...(secret
          ? { clientSecret: secret }
          : { clientCertificate: { thumbprintSha256: profile.certificateThumbprint!, privateKey: key! } }),
      },
      cache,
      ...system,
    });
    token = async (resource, forceRefresh) => {
      const result = await cca.acquireTokenByClientCredential({
        scopes: [`${resource}/.default`],
        skipCache: forceRefresh,
      });
      // MSAL can return an empty result instead of throwing (graph-api.md §5.7).
      if (!result?.accessToken) throw new CollectError('permission', 'The token service returned no access token.');
      return result.accessToken;
    };
  } else {
    token = delegatedTokens(new PublicClientApplication({ auth: msalAuth(profile), cache, ...system }), profile, hooks);
  }

  const graphBaseUrl = profile.endpoints.graphBaseUrl ?? 'https://graph.microsoft.com/';
  const exchangeBase = (profile.endpoints.exchangeBaseUrl ?? 'https://outlook.office365.com').replace(/\/$/, '');
  const connection: TenantConnection = {
    info: {
      connected: true,
      kind: 'profile',
      displayName: profile.name,
      tenantId: profile.tenantId,
      domains: [],
      scenario: null,
    },
    graphBaseUrl,
    exchangeInvokeUrl: `${exchangeBase}/adminapi/beta/${profile.tenantId}/InvokeCommand`,
    ...(http ? { fetch: http.fetch } : {}),
    accessToken: (resource: typeof GRAPH | typeof EXCHANGE, options = {}) =>
      token(resource, options.forceRefresh ?? false),
    close: () => {
      http?.close();
      return Promise.resolve();
    },
  };
  type Organization = {
    value?: Array<{ displayName?: string; verifiedDomains?: Array<{ name?: string; isDefault?: boolean }> }>;
  };
  let org: Organization;
  try {
    org = await new GraphApi(connection, { maxAttempts: 3 }).get<Organization>(
      '/organization',
      {},
      {
        $select: 'id,displayName,verifiedDomains',
      },
    );
  } catch (error) {
    await connection.close();
    throw error;
  }
  const tenant = org.value?.[0];
  const domains = [...(tenant?.verifiedDomains ?? [])]
    .sort((a, b) => Number(b.isDefault ?? false) - Number(a.isDefault ?? false))
    .map((d) => d.name ?? '')
    .filter(Boolean);
  return { ...connection, info: { ...connection.info, displayName: tenant?.displayName ?? profile.name, domains } };
}
