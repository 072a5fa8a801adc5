import type { ScenarioApp } from '../scenario/schema.ts';
import { EXCHANGE_RESOURCE, GRAPH_RESOURCE } from './token-service.ts';

export const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export interface ResolvedScopes {
  resource: string;
  /** Scopes as short names (User.Read.All) for scp. */
  granted: string[];
  /** Scopes as the client asked for them, echoed back so MSAL's cache finds them. */
  echoed: string[];
  isDefault: boolean;
}

export type ScopeError = { error: 'invalid_scope' | 'invalid_grant'; code: number; message: string };

/**
 * Splits requested scopes into one resource and its permissions. Bare names mean Graph. More than one
 * resource in one request is refused (AADSTS28000), as are permissions the app was never granted
 * (AADSTS65001 for delegated consent).
 */
export function resolveScopes(
  requested: string[],
  app: ScenarioApp,
  kind: 'delegated' | 'application',
): ResolvedScopes | ScopeError {
  const resourceScopes = requested.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
  const parsed = resourceScopes.map((scope) => {
    const slash = scope.lastIndexOf('/');
    return slash > 8
      ? { resource: scope.slice(0, slash).toLowerCase(), name: scope.slice(slash + 1), raw: scope }
      : { resource: GRAPH_RESOURCE, name: scope, raw: scope };
  });
  const resources = new Set(parsed.map((p) => p.resource.replace(/\/$/, '')));
  if (resources.size > 1) {
    return {
      error: 'invalid_scope',
      code: 28000,
      message: 'Provided value for the input parameter scope is not valid because it contains more than one resource.',
    };
  }
  const resource = [...resources][0] ?? GRAPH_RESOURCE;
  if (resource !== GRAPH_RESOURCE && resource !== EXCHANGE_RESOURCE) {
    return {
      error: 'invalid_scope',
      code: 500011,
      message: `The resource principal named ${resource} was not found in the tenant.`,
    };
  }
  const available =
    resource === EXCHANGE_RESOURCE
      ? app.exchangePermissions.filter((p) =>
          kind === 'application' ? p === 'Exchange.ManageAsApp' : p === 'Exchange.Manage',
        )
      : kind === 'application'
        ? app.applicationPermissions
        : app.delegatedPermissions;
  const isDefault = parsed.some((p) => p.name === '.default');
  if (kind === 'application' && (!isDefault || parsed.length !== 1)) {
    return {
      error: 'invalid_scope',
      code: 1002012,
      message:
        'The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).',
    };
  }
  if (isDefault)
    return {
      resource,
      granted: [...available],
      echoed: [...parsed.map((p) => p.raw), ...available.map((a) => `${resource}/${a}`)],
      isDefault,
    };
  const missing = parsed.filter((p) => !available.some((a) => a.toLowerCase() === p.name.toLowerCase()));
  if (missing.length > 0) {
    return {
      error: 'invalid_grant',
      code: 65001,
      message: `The user or administrator has not consented to use the application with ID '${app.clientId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource (${missing.map((m) => m.name).join(', ')}).`,
    };
  }
  const granted = parsed.length > 0 ? parsed.map((p) => p.name) : available.filter((a) => a === 'User.Read');
  return { resource, granted, echoed: parsed.map((p) => p.raw), isDefault };
}
