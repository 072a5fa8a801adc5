import type { TenantInfo } from '../../shared/domain/tenant.ts';
import type { Fetch } from './trusted-fetch.ts';

export const GRAPH = 'https://graph.microsoft.com';
export const EXCHANGE = 'https://outlook.office365.com';

/**
 * A connected tenant as the services use it: where Graph and Exchange are, and how to get a token for
 * each. Tokens and credentials stay behind `accessToken`; nothing here crosses to the renderer.
 */
export interface TenantConnection {
  readonly info: TenantInfo;
  readonly graphBaseUrl: string;
  /** Exchange's admin REST `InvokeCommand` endpoint for this tenant. */
  readonly exchangeInvokeUrl: string;
  /** `forceRefresh` bypasses the token cache (after a 401: the service no longer accepts the cached token). */
  /** The HTTP client for this tenant when it trusts more than the system does (a profile's extra CA); else fetch. */
  readonly fetch?: Fetch;
  accessToken(resource: typeof GRAPH | typeof EXCHANGE, options?: { forceRefresh?: boolean }): Promise<string>;
  close(): Promise<void>;
}
