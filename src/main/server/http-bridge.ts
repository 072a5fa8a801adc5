import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { ErrorCode, Result } from '../../shared/api/errors.ts';
import type { App } from '../app/create-app.ts';
import { SECURITY_HEADERS } from '../security/content-policy.ts';
import { readStaticFile } from './static-files.ts';

export interface HttpBridgeOptions {
  app: App;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed only in tests that need to know it; normally a fresh random secret per launch. */
  token?: string;
}

export interface HttpBridge {
  readonly origin: string;
  /** The URL to open: the secret travels in the fragment, which browsers never send to a server. */
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_method: 404,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  case_file_invalid: 422,
  case_busy: 409,
  not_connected: 409,
  upstream: 502,
  unavailable: 503,
  internal: 500,
};

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  contentType: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function sendResult(res: ServerResponse, result: Result<unknown>): void {
  const status = result.ok ? 200 : STATUS_BY_CODE[result.error.code];
  send(res, status, JSON.stringify(result), 'application/json; charset=utf-8');
}

function sendError(res: ServerResponse, code: ErrorCode, message: string, status = STATUS_BY_CODE[code]): void {
  send(res, status, JSON.stringify({ ok: false, error: { code, message } }), 'application/json; charset=utf-8');
}

/** 405 with the `Allow` header RFC 9110 requires: which methods the resource does take. */
function sendMethodNotAllowed(res: ServerResponse, allow: string): void {
  send(
    res,
    405,
    JSON.stringify({ ok: false, error: { code: 'invalid_input', message: 'errors.methodNotAllowed' } }),
    'application/json; charset=utf-8',
    { Allow: allow },
  );
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return 'too_large';
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Browser mode: the same handler table as the desktop app, served on 127.0.0.1 to a renderer in any
 * browser. Every API call must carry the per-launch secret; the Host header must name this server
 * (defeats DNS rebinding); cross-origin requests are refused and no CORS header is ever sent.
 */
export async function startHttpBridge(options: HttpBridgeOptions): Promise<HttpBridge> {
  const { app } = options;
  const rendererDir = resolve(options.rendererDir);
  const token = options.token ?? randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const streams = new Set<ServerResponse>();
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    const presented = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    return presented.length === tokenBytes.length && timingSafeEqual(presented, tokenBytes);
  };

  const unsubscribe = app.events.subscribe((event) => {
    const frame = `event: app\ndata: ${JSON.stringify(event)}\n\n`;
    for (const res of streams) res.write(frame);
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      sendError(res, 'unauthorized', 'errors.wrongHost', 421);
      return;
    }
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && !allowedOrigins.has(requestOrigin)) {
      sendError(res, 'unauthorized', 'errors.crossOrigin', 403);
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const path = url.pathname;

    if (path.startsWith('/api/')) {
      if (!authorized(req)) {
        sendError(res, 'unauthorized', 'errors.unauthorized');
        return;
      }
      if (path.startsWith('/api/call/')) {
        if (req.method !== 'POST') {
          sendMethodNotAllowed(res, 'POST');
          return;
        }
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          sendError(res, 'invalid_input', 'errors.contentType', 415);
          return;
        }
        const body = await readBody(req);
        if (body === 'too_large') {
          sendError(res, 'invalid_input', 'errors.tooLarge', 413);
          return;
        }
        let input: unknown;
        try {
          input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
        } catch {
          sendError(res, 'invalid_input', 'errors.invalidJson');
          return;
        }
        sendResult(res, await app.dispatch(path.slice('/api/call/'.length), input));
        return;
      }
      if (path === '/api/events' && req.method !== 'GET') {
        sendMethodNotAllowed(res, 'GET');
        return;
      }
      if (path === '/api/events') {
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          'Content-Type': 'text/event-stream; charset=utf-8',
          'Cache-Control': 'no-store',
          Connection: 'keep-alive',
        });
        res.write('retry: 2000\n\nevent: ready\ndata: {}\n\n');
        streams.add(res);
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
        req.on('close', () => {
          clearInterval(heartbeat);
          streams.delete(res);
        });
        return;
      }
      sendError(res, 'unknown_method', 'errors.unknownMethod');
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendMethodNotAllowed(res, 'GET, HEAD');
      return;
    }
    const file = await readStaticFile(rendererDir, path);
    if (!file) {
      if (path === '/') {
        send(res, 503, 'The user interface has not been built yet: run `npm run build`.', 'text/plain; charset=utf-8');
      } else {
        send(res, 404, 'Not found', 'text/plain; charset=utf-8');
      }
      return;
    }
    // Hashed asset names never change content; index.html must always be fresh.
    const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store';
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.contentType, 'Cache-Control': cache });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      app.logger.log('error', 'bridge request failed', { error: error instanceof Error ? error.name : 'unknown' });
      if (!res.headersSent) sendError(res, 'internal', 'errors.internal');
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ready());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));

  return {
    origin,
    url: `${origin}/#token=${token}`,
    token,
    close: async () => {
      unsubscribe();
      for (const res of streams) res.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
