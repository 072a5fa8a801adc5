import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app/create-app.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { startHttpBridge, type HttpBridge } from '../../src/main/server/http-bridge.ts';
import { makeTempDir } from '../support/temp-dir.ts';

let tmp: ReturnType<typeof makeTempDir>;
let app: App;
let bridge: HttpBridge;

beforeEach(async () => {
  tmp = makeTempDir();
  const renderer = join(tmp.dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(renderer, 'assets', 'a.js'), 'console.log(1)');
  writeFileSync(join(tmp.dir, 'secret.txt'), 'do not serve');
  app = createApp({ mode: 'browser', dataDir: join(tmp.dir, 'data'), logger: silentLogger });
  bridge = await startHttpBridge({ app, rendererDir: renderer });
});
afterEach(async () => {
  await bridge.close();
  await app.close();
  tmp.cleanup();
});

const json = { 'Content-Type': 'application/json' };
const auth = () => ({ Authorization: `Bearer ${bridge.token}` });

/** Raw HTTP, for headers fetch will not let us set (Host). */
function raw(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(bridge.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode bridge', () => {
  it('listens on 127.0.0.1 only, with the secret in the URL fragment', () => {
    expect(bridge.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bridge.url).toBe(`${bridge.origin}/#token=${bridge.token}`);
    expect(bridge.token.length).toBeGreaterThanOrEqual(43);
  });

  it('refuses API calls without the secret or with a wrong one', async () => {
    const none = await fetch(`${bridge.origin}/api/call/cases.list`, { method: 'POST', headers: json, body: '{}' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ ok: false, error: { code: 'unauthorized', message: 'errors.unauthorized' } });
    const wrong = await fetch(`${bridge.origin}/api/call/cases.list`, {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${bridge.token.slice(0, -1)}x` },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${bridge.origin}/api/events`)).status).toBe(401);
  });

  it('serves the contract to callers with the secret', async () => {
    const created = await fetch(`${bridge.origin}/api/call/cases.create`, {
      method: 'POST',
      headers: { ...json, ...auth() },
      body: JSON.stringify({ upn: 'anna@contoso.com', tenant: 'contoso.com' }),
    });
    expect(created.status).toBe(200);
    const list = await fetch(`${bridge.origin}/api/call/cases.list`, {
      method: 'POST',
      headers: { ...json, ...auth() },
      body: '{}',
    });
    expect(((await list.json()) as { value: unknown[] }).value).toHaveLength(1);
  });

  it('maps typed errors to HTTP statuses and rejects malformed requests', async () => {
    const post = (path: string, body: string, headers: Record<string, string> = json) =>
      fetch(`${bridge.origin}${path}`, { method: 'POST', headers: { ...headers, ...auth() }, body });
    const bad = await post('/api/call/cases.create', JSON.stringify({ upn: 'x', tenant: 'y' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: unknown[] } }).error.issues.length).toBe(2);
    expect((await post('/api/call/nope', '{}')).status).toBe(404);
    expect((await post('/api/call/cases.list', '{not json')).status).toBe(400);
    expect((await post('/api/call/cases.list', '{}', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await post('/api/call/cases.list', JSON.stringify({ pad: 'x'.repeat(1_100_000) }))).status).toBe(413);
    expect((await fetch(`${bridge.origin}/api/call/cases.list`, { headers: auth() })).status).toBe(405);
  });

  it('answers 405 with the Allow header naming the methods the resource takes', async () => {
    const cases = [
      ['/api/call/cases.list', 'GET', 'POST'],
      ['/api/call/cases.list', 'PUT', 'POST'],
      ['/api/events', 'POST', 'GET'],
      ['/', 'POST', 'GET, HEAD'],
      ['/index.html', 'DELETE', 'GET, HEAD'],
    ] as const;
    for (const [path, method, allow] of cases) {
      const res = await fetch(`${bridge.origin}${path}`, { method, headers: auth() });
      expect([path, method, res.status, res.headers.get('allow')]).toEqual([path, method, 405, allow]);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('errors.methodNotAllowed');
    }
  });

  it('refuses foreign Host headers (DNS rebinding) and foreign origins, and never sends CORS headers', async () => {
    const port = new URL(bridge.origin).port;
    const rebound = await raw('/api/call/cases.list', { Host: `evil.test:${port}`, ...auth(), ...json }, 'POST');
    expect(rebound.status).toBe(421);
    const foreign = await raw(
      '/api/call/cases.list',
      { Host: `127.0.0.1:${port}`, Origin: 'http://evil.test', ...auth(), ...json },
      'POST',
    );
    expect(foreign.status).toBe(403);
    const preflight = await raw(
      '/api/call/cases.list',
      { Host: `127.0.0.1:${port}`, Origin: 'http://evil.test' },
      'OPTIONS',
    );
    expect(preflight.status).toBe(403);
    for (const res of [rebound, foreign, preflight]) {
      expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('serves the renderer with the security headers, and nothing outside it', async () => {
    const index = await fetch(`${bridge.origin}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    expect(index.headers.get('cache-control')).toBe('no-store');
    const asset = await fetch(`${bridge.origin}/assets/a.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00']) {
      const res = await raw(path, { Host: new URL(bridge.origin).host });
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('do not serve');
    }
  });

  it('streams app events to authorised listeners', async () => {
    const controller = new AbortController();
    const res = await fetch(`${bridge.origin}/api/events`, { headers: auth(), signal: controller.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += decoder.decode(value);
      }
    };
    await readUntil('event: ready');
    await fetch(`${bridge.origin}/api/call/cases.create`, {
      method: 'POST',
      headers: { ...json, ...auth() },
      body: JSON.stringify({ upn: 'anna@contoso.com', tenant: 'contoso.com' }),
    });
    await readUntil('"name":"cases.changed"');
    controller.abort();
  });
});
