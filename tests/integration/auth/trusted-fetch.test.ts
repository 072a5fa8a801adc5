import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCertificate } from '../../../src/main/emulator/tls.ts';
import { trustedFetch, type TrustedFetch } from '../../../src/main/tenant/trusted-fetch.ts';

// A local https server with its own self-signed certificate: what the connection's fetch sends and does.
let server: https.Server;
let base: string;
let http: TrustedFetch;
const seen: Array<{ url: string; headers: Record<string, string | string[] | undefined>; body: string }> = [];

beforeAll(async () => {
  const { cert, key } = await makeCertificate();
  server = https.createServer({ cert, key }, (req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/redirect') {
        res.writeHead(302, { location: 'https://elsewhere.example/steal' }).end();
      } else if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(JSON.stringify({ value: ['Ærø'] })));
      } else {
        res.writeHead(204).end();
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  http = trustedFetch(cert);
});
afterAll(() => {
  http.close();
  server.close();
});

describe("a connection's own fetch", () => {
  it('sends a body with its length (not chunked) and answers a 204 with no body', async () => {
    const response = await http.fetch(`${base}/post`, { method: 'POST', body: 'grant_type=client_credentials' });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    const request = seen.find((r) => r.url === '/post')!;
    expect(request.headers['content-length']).toBe('29');
    expect(request.headers['transfer-encoding']).toBeUndefined();
    expect(request.body).toBe('grant_type=client_credentials');
  });

  it('returns a redirect instead of following it, with the URL it answered', async () => {
    const response = await http.fetch(`${base}/redirect`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://elsewhere.example/steal');
    expect(response.url).toBe(`${base}/redirect`);
  });

  it('decodes a gzip body as fetch would', async () => {
    const response = await http.fetch(`${base}/gzip`);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.json()).toEqual({ value: ['Ærø'] });
  });

  it('refuses plain http', async () => {
    await expect(http.fetch(base.replace('https:', 'http:'))).rejects.toThrow(/only https/);
  });
});
