import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorContext } from './context.ts';
import { handleExchange } from './exchange/invoke-command.ts';
import { Faults, GRAPH_BUDGETS } from './faults.ts';
import { GraphService } from './graph/dispatch.ts';
import { graphError } from './graph/errors.ts';
import { routablePath } from './http/router.ts';
import type { EmuRequest, EmuResponse } from './http/types.ts';
import { approveDeviceCode, identityRouter, msalAuthority } from './identity/endpoints.ts';
import { TokenService } from './identity/token-service.ts';
import { expandGenerated } from './scenario/generate.ts';
import type { Scenario } from './scenario/schema.ts';
import { TenantState } from './state.ts';
import { makeCertificate } from './tls.ts';

export interface EmulatorOptions {
  scenario: Scenario;
  /** 0 (default) picks a free port. */
  port?: number;
  now?: () => number;
  /** Sign in the `login_hint` user at the authorize endpoint without the page (tests, scripted demos). */
  autoSignIn?: boolean;
  deviceCodeInterval?: number;
  /** Overrides the scenario's throttling choice. */
  limits?: 'graph' | 'none';
  /** The caller hands the scenario over and will not use it again: no private copy is made (large tenants). */
  owned?: boolean;
}

/** One request the emulator answered, as an observer sees it (tests that check what was asked and answered). */
export interface ServedExchange {
  method: string;
  /** Path and query, as received. */
  url: string;
  requestBody: string;
  status: number;
  /** The JSON body answered (undefined for an empty or non-JSON body). */
  responseBody: unknown;
}

export interface RunningEmulator {
  /** `https://127.0.0.1:PORT` */
  readonly baseUrl: string;
  /** The self-signed certificate clients must trust (PEM). */
  readonly certificate: string;
  readonly tenantId: string;
  /** Spread into MSAL's `auth` options: authority, knownAuthorities, authorityMetadata. */
  readonly msal: ReturnType<typeof msalAuthority>;
  readonly state: TenantState;
  readonly faults: Faults;
  readonly tokens: TokenService;
  /** The last requests served (`METHOD /path`), newest last: for tests that check how a client behaved. */
  readonly requestLog: readonly string[];
  /** Calls `listener` with every request answered from now on, until the returned function is called. */
  observe(listener: (exchange: ServedExchange) => void): () => void;
  approveDeviceCode(userCode: string, user: string): boolean;
  close(): Promise<void>;
}

const MAX_BODY = 4 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function serialise(res: EmuResponse): { body: Buffer; contentType: string } {
  if (res.body === undefined) return { body: Buffer.alloc(0), contentType: res.contentType ?? 'text/plain' };
  if (typeof res.body === 'string' || Buffer.isBuffer(res.body))
    return { body: Buffer.from(res.body), contentType: res.contentType ?? 'text/plain; charset=utf-8' };
  return {
    body: Buffer.from(JSON.stringify(res.body)),
    contentType:
      res.contentType ??
      'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8',
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts the Microsoft 365 emulator: identity (OIDC, token, authorize, device code), Graph v1.0 and
 * Exchange's admin REST on one HTTPS port on 127.0.0.1, serving one scenario's tenant.
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  // A private copy: writes change this emulator's tenant, never the caller's scenario object.
  const scenario = expandGenerated(options.owned ? options.scenario : structuredClone(options.scenario));
  const state = new TenantState(scenario);
  const limits = options.limits ?? scenario.tenant.limits;
  const faults = new Faults(limits === 'graph' ? GRAPH_BUDGETS : {}, now);
  for (const rule of scenario.faults) faults.add(rule);
  const tokens = await TokenService.create(scenario.tenant.id, scenario.tenant.tokenLifetimeSeconds, now);
  const certificate = await makeCertificate();
  const graph = new GraphService();
  const requestLog: string[] = [];
  // Opt-in: nothing is kept or copied unless a test observes.
  const observers = new Set<(exchange: ServedExchange) => void>();
  const identity = identityRouter({
    autoSignIn: options.autoSignIn ?? false,
    deviceCodeInterval: options.deviceCodeInterval ?? 5,
  });
  const ctx: EmulatorContext = {
    state,
    tokens,
    faults,
    baseUrl: '',
    now,
    pending: { codes: new Map(), deviceCodes: new Map(), refreshTokens: new Map() },
  };

  const route = async (req: EmuRequest): Promise<EmuResponse> => {
    if (/^\/(v1\.0|beta)(\/|$)/i.test(req.path)) {
      if (/^\/beta/i.test(req.path)) return graphError(req, 400, 'BadRequest', 'The emulator serves Graph v1.0 only.');
      return graph.handle(req, ctx);
    }
    if (/^\/adminapi\//i.test(req.path)) return handleExchange(req, ctx);
    const match = identity.match(req.method, req.path);
    if (match && match !== 'methodNotAllowed') {
      req.params = match.params;
      return match.handler(req, ctx);
    }
    return { status: 404, body: { error: { code: 'NotFound', message: `No emulated endpoint at ${req.path}` } } };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    if (body === null) {
      res.writeHead(413).end();
      return;
    }
    const url = new URL(req.url ?? '/', ctx.baseUrl);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    requestLog.push(`${(req.method ?? 'GET').toUpperCase()} ${path}`);
    if (requestLog.length > 10_000) requestLog.splice(0, 1_000);
    const emuReq: EmuRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      url,
      path: routablePath(url.pathname),
      headers: req.headers,
      body,
      params: {},
    };

    let slowBody: number | null = null;
    for (const fault of faults.take(emuReq.method, path)) {
      if (fault.kind === 'latency') await sleep(fault.ms);
      else if (fault.kind === 'expireToken') tokens.expireAll();
      else if (fault.kind === 'reset') {
        req.socket.destroy();
        return;
      } else if (fault.kind === 'slowBody') slowBody = fault.bytesPerSecond;
      else if (fault.kind === 'status') {
        const injected = graphError(
          emuReq,
          fault.status,
          fault.code ?? (fault.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable'),
          'Injected fault.',
          fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {},
        );
        const out = serialise(injected);
        res.writeHead(injected.status, { ...injected.headers, 'Content-Type': out.contentType }).end(out.body);
        return;
      }
    }

    const response = await route(emuReq);
    const out = serialise(response);
    for (const observer of observers) {
      observer({
        method: emuReq.method,
        url: `${path}${url.search}`,
        requestBody: body.toString('utf8'),
        status: response.status,
        // As sent on the wire, so the observer sees exactly what a client parses.
        responseBody:
          /json/i.test(out.contentType) && out.body.length > 0 ? JSON.parse(out.body.toString('utf8')) : undefined,
      });
    }
    res.writeHead(response.status, {
      ...(response.headers ?? {}),
      'Content-Type': out.contentType,
      'Content-Length': String(out.body.length),
    });
    if (slowBody === null || out.body.length === 0) {
      res.end(out.body);
      return;
    }
    // A slow body: the headers arrive, the bytes trickle.
    const chunk = Math.max(1, Math.floor(slowBody / 10));
    for (let i = 0; i < out.body.length; i += chunk) {
      if (res.destroyed) return;
      res.write(out.body.subarray(i, i + chunk));
      await sleep(100);
    }
    res.end();
  };

  const server: Server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        res
          .writeHead(500, { 'Content-Type': 'application/json' })
          .end(JSON.stringify({ error: { code: 'InternalServerError', message: 'Emulator error.' } }));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  ctx.baseUrl = `https://127.0.0.1:${port}`;

  return {
    baseUrl: ctx.baseUrl,
    certificate: certificate.cert,
    tenantId: state.tenantId,
    msal: msalAuthority(ctx.baseUrl, state.tenantId),
    state,
    faults,
    tokens,
    requestLog,
    observe: (listener) => {
      observers.add(listener);
      return () => observers.delete(listener);
    },
    approveDeviceCode: (userCode, user) => approveDeviceCode(ctx, userCode, user),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
