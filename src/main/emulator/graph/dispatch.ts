import type { EmulatorContext } from '../context.ts';
import { routablePath, Router } from '../http/router.ts';
import type { EmuRequest, EmuResponse } from '../http/types.ts';
import { authenticate, isResponse, requirePermission, type Principal } from './auth.ts';
import { badRequest, graphError } from './errors.ts';
import { licenceError, type GraphRoute } from './route.ts';
import { auditLogRoutes } from './routes/audit-logs.ts';
import { authMethodRoutes } from './routes/auth-methods.ts';
import { directoryAccessRoutes } from './routes/directory-access.ts';
import { mailRoutes } from './routes/mail.ts';
import { messageTraceRoutes } from './routes/message-trace.ts';
import { riskRoutes } from './routes/risk.ts';
import { policyRoutes } from './routes/policies.ts';
import { securityRoutes } from './routes/security.ts';
import { userRoutes } from './routes/users.ts';

export const graphRoutes: readonly GraphRoute[] = [
  ...userRoutes,
  ...auditLogRoutes,
  ...mailRoutes,
  ...authMethodRoutes,
  ...directoryAccessRoutes,
  ...riskRoutes,
  ...securityRoutes,
  ...messageTraceRoutes,
  ...policyRoutes,
];

type Bound = (req: EmuRequest, ctx: EmulatorContext, principal: Principal) => Promise<EmuResponse>;

const BATCH_LIMIT = 20;

/**
 * Microsoft Graph v1.0: authentication, routing, licence and permission checks, throttling per service,
 * and JSON `$batch` over the same pipeline (each item authorised and throttled on its own).
 */
export class GraphService {
  private readonly router = new Router<EmulatorContext>();
  private readonly bound = new Map<unknown, Bound>();

  constructor(routes: readonly GraphRoute[] = graphRoutes) {
    for (const route of routes) {
      const run: Bound = async (req, ctx, principal) => {
        if (route.licence && !ctx.state.licences[route.licence]) return licenceError(req, route.licence);
        const denied = requirePermission(req, principal, route.permissions);
        if (denied) return denied;
        const key =
          route.service === 'outlook'
            ? `${ctx.state.tenantId}:${(req.params.id ?? '').toLowerCase()}`
            : ctx.state.tenantId;
        const retryAfter = ctx.faults.throttle(route.service, key);
        if (retryAfter !== undefined) {
          return graphError(
            req,
            429,
            'TooManyRequests',
            'Too many requests.',
            retryAfter === null ? {} : { 'Retry-After': String(retryAfter) },
          );
        }
        try {
          const response = await route.handler(req, ctx, principal);
          // Any write may change what a query returns: no cached collection result outlives it.
          if (req.method !== 'GET') ctx.state.touch();
          return response;
        } catch (error) {
          if (error instanceof SyntaxError)
            return badRequest(
              req,
              'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
            );
          throw error;
        }
      };
      const handler = () => ({ status: 500 });
      this.router.add(route.method, `/v1.0${route.path}`, handler);
      this.bound.set(handler, run);
    }
  }

  async handle(req: EmuRequest, ctx: EmulatorContext): Promise<EmuResponse> {
    const principal = await authenticate(req, ctx);
    if (isResponse(principal)) return principal;
    if (/^\/v1\.0\/\$batch$/i.test(req.path)) {
      return req.method === 'POST'
        ? this.batch(req, ctx)
        : graphError(req, 405, 'Request_BadRequest', 'The batch endpoint accepts POST only.');
    }
    return this.route(req, ctx, principal);
  }

  private async route(req: EmuRequest, ctx: EmulatorContext, principal: Principal): Promise<EmuResponse> {
    const match = this.router.match(req.method, req.path);
    if (match === 'methodNotAllowed')
      return graphError(
        req,
        405,
        'Request_BadRequest',
        `The requested HTTP method '${req.method}' is not supported on this resource.`,
      );
    if (!match) {
      const segment = req.path.split('/').filter(Boolean).at(-1) ?? '';
      return graphError(req, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`);
    }
    req.params = match.params;
    return this.bound.get(match.handler)!(req, ctx, principal);
  }

  private async batch(req: EmuRequest, ctx: EmulatorContext): Promise<EmuResponse> {
    let body: { requests?: unknown };
    try {
      body = JSON.parse(req.body.toString('utf8')) as { requests?: unknown };
    } catch {
      return badRequest(req, 'Invalid batch payload format.');
    }
    const requests = body.requests;
    if (!Array.isArray(requests)) return badRequest(req, 'Invalid batch payload format.');
    if (requests.length > BATCH_LIMIT)
      return badRequest(req, `The batch request limit of ${BATCH_LIMIT} was exceeded.`);
    const ids = new Set<string>();
    for (const item of requests as Array<Record<string, unknown>>) {
      const id = typeof item?.id === 'string' ? item.id : '';
      if (!id || ids.has(id)) return badRequest(req, `Batch request ids must be unique and present ('${id}').`);
      if (typeof item.method !== 'string' || typeof item.url !== 'string')
        return badRequest(req, `Batch request '${id}' needs a method and a url.`);
      if (
        item.body !== undefined &&
        !Object.keys((item.headers as object | undefined) ?? {}).some((h) => h.toLowerCase() === 'content-type')
      ) {
        return badRequest(req, `Batch request '${id}': a Content-Type header is required when a body is present.`);
      }
      for (const dep of (item.dependsOn as string[] | undefined) ?? []) {
        if (!ids.has(dep))
          return badRequest(req, `Batch request '${id}' depends on '${dep}', which does not come before it.`);
      }
      ids.add(id);
    }

    const statuses = new Map<string, number>();
    const responses: unknown[] = [];
    for (const item of requests as Array<{
      id: string;
      method: string;
      url: string;
      headers?: Record<string, string>;
      body?: unknown;
      dependsOn?: string[];
    }>) {
      const failedDependency = (item.dependsOn ?? []).some((d) => (statuses.get(d) ?? 500) >= 400);
      if (failedDependency) {
        statuses.set(item.id, 424);
        responses.push({
          id: item.id,
          status: 424,
          headers: {},
          body: graphError(req, 424, 'FailedDependency', 'A request this request depends on failed.').body,
        });
        continue;
      }
      // Item URLs are relative to the version ("/users/x"); the JS SDK sends "/v1.0/users/x" when built from
      // absolute Requests, which the emulator accepts too.
      const relative = (item.url.startsWith('/') ? item.url : `/${item.url}`).replace(/^\/v1\.0(?=\/)/i, '');
      const url = new URL(`/v1.0${relative}`, ctx.baseUrl);
      const inner: EmuRequest = {
        method: item.method.toUpperCase(),
        url,
        path: routablePath(url.pathname),
        headers: {
          ...Object.fromEntries(Object.entries(item.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
          authorization: req.headers.authorization,
        },
        body:
          item.body === undefined
            ? Buffer.alloc(0)
            : Buffer.from(typeof item.body === 'string' ? item.body : JSON.stringify(item.body)),
        params: {},
      };
      const principal = await authenticate(inner, ctx);
      const res = isResponse(principal) ? principal : await this.route(inner, ctx, principal);
      statuses.set(item.id, res.status);
      responses.push({
        id: item.id,
        status: res.status,
        headers: { 'Content-Type': 'application/json', ...(res.headers ?? {}) },
        ...(res.body === undefined ? {} : { body: res.body }),
      });
    }
    return { status: 200, body: { responses } };
  }
}
