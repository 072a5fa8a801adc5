import type { EmulatorContext } from '../context.ts';
import type { EmuRequest, EmuResponse } from '../http/types.ts';
import { GRAPH_APP_ID, GRAPH_RESOURCE, type AccessTokenClaims } from '../identity/token-service.ts';
import { graphError } from './errors.ts';

export interface Principal {
  kind: 'app' | 'user';
  claims: AccessTokenClaims;
  permissions: ReadonlySet<string>;
  userId: string | null;
}

/** Reads and checks the bearer token as Graph does: 401 without, expired or foreign; the principal otherwise. */
export async function authenticate(
  req: EmuRequest,
  ctx: EmulatorContext,
  audiences: readonly string[] = [GRAPH_RESOURCE, GRAPH_APP_ID],
): Promise<Principal | EmuResponse> {
  const header = req.headers.authorization ?? '';
  if (!header.toLowerCase().startsWith('bearer ') || header.length <= 7) {
    return graphError(req, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
  }
  const outcome = await ctx.tokens.verify(header.slice(7).trim(), audiences);
  if (!outcome.ok) {
    const message =
      outcome.reason === 'expired'
        ? 'Lifetime validation failed, the token is expired.'
        : outcome.reason === 'audience'
          ? 'Invalid audience.'
          : 'Access token validation failure. Invalid signature.';
    return graphError(req, 401, 'InvalidAuthenticationToken', message, {
      'WWW-Authenticate': 'Bearer realm="", error="invalid_token"',
    });
  }
  const claims = outcome.claims;
  const isApp = Array.isArray(claims.roles) && !claims.scp;
  const permissions = new Set(isApp ? (claims.roles ?? []) : (claims.scp ?? '').split(' ').filter(Boolean));
  return { kind: isApp ? 'app' : 'user', claims, permissions, userId: isApp ? null : claims.oid };
}

export function isResponse(value: unknown): value is EmuResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    'status' in value &&
    typeof (value as EmuResponse).status === 'number'
  );
}

/** 403 with Graph's code unless the principal holds one of `anyOf`. */
export function requirePermission(req: EmuRequest, principal: Principal, anyOf: readonly string[]): EmuResponse | null {
  if (anyOf.some((p) => principal.permissions.has(p))) return null;
  return graphError(req, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
}
