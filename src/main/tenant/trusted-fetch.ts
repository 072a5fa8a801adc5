import https from 'node:https';
import { Readable } from 'node:stream';
import tls from 'node:tls';
import zlib from 'node:zlib';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** `fetch`'s shape: what the Graph SDK, MSAL and the Exchange client call to reach one tenant. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A fetch with its own trust, and a way to let its kept-alive sockets go when the connection closes. */
export interface TrustedFetch {
  readonly fetch: Fetch;
  close(): void;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A fetch that trusts the system's certificate authorities plus one extra (a profile's lab or proxy CA),
 * through an https.Agent of its own: the extra CA holds for this connection only, never for the process
 * (other tenants, update checks, IP data). https only, and redirects are returned, not followed, so a
 * bearer token is never carried to another host by this client; the Graph SDK handles its own redirects.
 */
export function trustedFetch(extraCaPem: string): TrustedFetch {
  const agent = new https.Agent({ ca: [...tls.getCACertificates('default'), extraCaPem], keepAlive: true });
  // fetch's Response carries the URL it answered; the Graph SDK's redirect handler compares it with the
  // redirect target to drop the bearer token when the host changes, so ours must carry it too.
  const withUrl = (response: Response, url: string): Response =>
    Object.defineProperty(response, 'url', { value: url, enumerable: true });
  const send: Fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.protocol !== 'https:') throw new TypeError('only https is allowed for a tenant connection');
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : null;
    const headers: Record<string, string> = Object.fromEntries(request.headers);
    headers['accept-encoding'] = 'gzip, deflate, br';
    return new Promise<Response>((resolve, reject) => {
      const outgoing = https.request(
        url,
        { method: request.method, headers, agent, signal: request.signal },
        (incoming) => {
          const status = incoming.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (let i = 0; i + 1 < incoming.rawHeaders.length; i += 2)
            responseHeaders.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
          if (NULL_BODY_STATUSES.has(status) || request.method === 'HEAD') {
            incoming.resume();
            resolve(
              withUrl(
                new Response(null, { status, statusText: incoming.statusMessage ?? '', headers: responseHeaders }),
                url.href,
              ),
            );
            return;
          }
          // Decoded here as fetch would; the length and encoding no longer describe the body we hand on.
          const encoding = (incoming.headers['content-encoding'] ?? '').trim().toLowerCase();
          const decoder =
            encoding === 'gzip' || encoding === 'x-gzip'
              ? zlib.createGunzip()
              : encoding === 'deflate'
                ? zlib.createInflate()
                : encoding === 'br'
                  ? zlib.createBrotliDecompress()
                  : null;
          if (decoder) {
            responseHeaders.delete('content-encoding');
            responseHeaders.delete('content-length');
            incoming.on('error', (error) => decoder.destroy(error));
          }
          const stream = decoder ? incoming.pipe(decoder) : incoming;
          resolve(
            withUrl(
              new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
                status,
                statusText: incoming.statusMessage ?? '',
                headers: responseHeaders,
              }),
              url.href,
            ),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body ?? undefined);
    });
  };
  return { fetch: send, close: () => agent.destroy() };
}

/** MSAL's network client on a given fetch, so sign-in trusts exactly what the connection trusts. */
export function msalNetworkClient(send: Fetch): INetworkModule {
  const call = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions = {},
    timeout?: number,
  ): Promise<NetworkResponse<T>> => {
    const response = await send(url, {
      method,
      headers: options.headers ?? {},
      ...(method === 'POST' ? { body: options.body ?? '' } : {}),
      ...(timeout ? { signal: AbortSignal.timeout(timeout) } : {}),
    });
    return {
      headers: Object.fromEntries(response.headers),
      body: (await response.json()) as T,
      status: response.status,
    };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => call('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => call('POST', url, options),
  };
}
