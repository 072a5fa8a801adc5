import {
  AuthenticationHandler,
  Client,
  GraphError,
  type GraphRequest,
  type Middleware,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { CollectError } from '../investigation/collect-error.ts';
import { GRAPH, type TenantConnection } from '../tenant/tenant-connection.ts';
import type { Pacer } from './pacer.ts';
import { serviceOf } from './pacer.ts';
import { retryAfterMs } from './retry-after.ts';
import { abortableSleep } from './sleep.ts';
import { cursorOf, resumeUrl } from './page-cursor.ts';

export interface RequestObserver {
  /** A throttled or failed call about to be retried after `ms`. */
  onWait?(ms: number, throttled: boolean): void;
}

export interface GraphApiOptions {
  signal?: AbortSignal;
  /** Shared by the sources of one run, so together they stay within each service's budget. */
  pacer?: Pacer;
  maxAttempts?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface Page<T = Record<string, unknown>> {
  /** The request that produced the page, as recorded with the evidence (no token, no secret). */
  request: string;
  value: T[];
  /** The next page as a resume cursor: path and query relative to the Graph base (page-cursor.ts). */
  nextLink: string | null;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const MAX_WAIT_MS = 180_000;

function classify(error: GraphError, innerCode?: string): CollectError {
  const code = innerCode ?? error.code ?? '';
  const status = error.statusCode;
  if (code === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant') {
    return new CollectError(
      'licence',
      'The tenant has no Microsoft Entra ID P1 licence, which this log requires.',
      'Assign Microsoft Entra ID P1 (or P2) licences in the tenant.',
      status,
    );
  }
  if (code === 'MailboxNotEnabledForRESTAPI')
    return new CollectError('not_found', 'The user has no Exchange Online mailbox.', null, status);
  if (status === 403 && code === 'Forbidden')
    return new CollectError('licence', error.message, 'The tenant is not licensed for this source.', status);
  if (status === 403)
    return new CollectError(
      'permission',
      'Access denied: the app lacks the permission this source needs.',
      null,
      status,
    );
  if (status === 404) return new CollectError('not_found', error.message || 'Not found.', null, status);
  if (status === 429)
    return new CollectError(
      'throttled',
      'Microsoft kept throttling the requests.',
      'Run the collection again later; it resumes where it stopped.',
      status,
    );
  if (status >= 500)
    return new CollectError(
      'service',
      `The service failed (HTTP ${status}).`,
      'Run the collection again; it resumes where it stopped.',
      status,
    );
  return new CollectError('service', `${code || 'Error'}: ${error.message}`.slice(0, 300), null, status);
}

/**
 * Microsoft Graph through the official client, with Clearance's own retry policy on top: honour
 * Retry-After, back off on 5xx and dropped connections, refresh the token once on 401, and report every
 * wait so the run can say how much throttling cost. The SDK's own retries are off so none is hidden.
 */
export class GraphApi {
  private readonly client: Client;
  private readonly options: Required<Omit<GraphApiOptions, 'signal' | 'pacer'>> & {
    signal?: AbortSignal;
    pacer?: Pacer;
  };
  private forceRefresh = false;
  private readonly graphBaseUrl: string;

  constructor(tenant: TenantConnection, options: GraphApiOptions = {}) {
    this.graphBaseUrl = tenant.graphBaseUrl;
    this.options = {
      maxAttempts: options.maxAttempts ?? 8,
      sleep: options.sleep ?? abortableSleep,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.pacer ? { pacer: options.pacer } : {}),
    };
    const authProvider = {
      getAccessToken: async () => {
        const force = this.forceRefresh;
        this.forceRefresh = false;
        return tenant.accessToken(GRAPH, { forceRefresh: force });
      },
    };
    const send = tenant.fetch;
    this.client = Client.initWithMiddleware({
      // The SDK's default chain, ending in the connection's own fetch when it has one (its own trust).
      ...(send
        ? {
            middleware: [
              new AuthenticationHandler(authProvider),
              new RetryHandler(new RetryHandlerOptions()),
              new RedirectHandler(new RedirectHandlerOptions()),
              new TelemetryHandler(),
              {
                execute: async (context) => {
                  context.response = await send(context.request, context.options);
                },
              } satisfies Middleware,
            ],
          }
        : { authProvider }),
      baseUrl: tenant.graphBaseUrl,
      // The SDK attaches tokens only to hosts it knows: a non-Microsoft Graph host (the emulator) is named
      // here by its bare hostname (graph-api.md §4.4).
      customHosts: new Set([new URL(tenant.graphBaseUrl).hostname]),
    });
  }

  private async send<T>(path: string, build: (client: Client) => Promise<T>, observer: RequestObserver): Promise<T> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      if (this.options.signal?.aborted) throw new CollectError('cancelled', 'cancelled');
      const paced = (await this.options.pacer?.acquire(serviceOf(path), this.options.signal)) ?? 0;
      if (paced > 0) observer.onWait?.(paced, true);
      try {
        return await build(this.client);
      } catch (error) {
        const graphError = error instanceof GraphError ? error : null;
        const status = graphError?.statusCode ?? 0;
        if (status === 401 && !refreshed) {
          refreshed = true;
          this.forceRefresh = true;
          continue;
        }
        const transient = graphError === null || status <= 0 || RETRY_STATUSES.has(status);
        if (!transient || attempt >= this.options.maxAttempts) {
          if (graphError && status > 0) throw classify(graphError);
          throw new CollectError(
            'network',
            'The connection to Microsoft Graph failed.',
            'Check the network connection and run the collection again; it resumes where it stopped.',
          );
        }
        const advised = retryAfterMs(graphError?.headers?.get('retry-after'));
        const backoff = Math.min(MAX_WAIT_MS, 1000 * 2 ** (attempt - 1) + Math.random() * 250);
        const wait = Math.min(MAX_WAIT_MS, advised ?? backoff);
        observer.onWait?.(wait, status === 429);
        await this.options.sleep(wait, this.options.signal);
      }
    }
  }

  get<T = Record<string, unknown>>(
    path: string,
    observer: RequestObserver = {},
    query: Record<string, string> = {},
  ): Promise<T> {
    return this.call(
      path,
      (request) => (Object.keys(query).length > 0 ? request.query(query) : request).get() as Promise<T>,
      observer,
    );
  }

  post<T = Record<string, unknown>>(path: string, body: unknown, observer: RequestObserver = {}): Promise<T> {
    return this.call(path, (request) => request.post(body) as Promise<T>, observer);
  }

  /** A partial update. Containment writes are idempotent (set a value), so the retry policy applies as to reads. */
  patch<T = Record<string, unknown>>(path: string, body: unknown, observer: RequestObserver = {}): Promise<T> {
    return this.call(path, (request) => request.patch(body) as Promise<T>, observer);
  }

  delete(path: string, observer: RequestObserver = {}): Promise<void> {
    return this.call(path, (request) => request.delete() as Promise<void>, observer);
  }

  /** One request with the SDK's own retries off: ours (Retry-After, budgets, cancellation) apply instead. */
  private call<T>(path: string, run: (request: GraphRequest) => Promise<T>, observer: RequestObserver): Promise<T> {
    return this.send(
      path,
      (client) => run(client.api(path).middlewareOptions([new RetryHandlerOptions(0, 0)])),
      observer,
    );
  }

  /**
   * Several GETs in JSON `$batch` calls of up to 20: one round trip instead of many. Items Graph throttled
   * are sent again after their own Retry-After (the SDK's retry handler only sees the outer response).
   * Returns each body, or null where the object does not exist; other item failures are thrown.
   */
  async batchGet(
    paths: readonly string[],
    observer: RequestObserver = {},
  ): Promise<Array<Record<string, unknown> | null>> {
    const results: Array<Record<string, unknown> | null> = new Array<Record<string, unknown> | null>(paths.length).fill(
      null,
    );
    for (let offset = 0; offset < paths.length; offset += 20) {
      let pending = paths.slice(offset, offset + 20).map((url, i) => ({ id: String(offset + i), url }));
      for (let attempt = 1; pending.length > 0; attempt++) {
        const body = await this.post<{
          responses?: Array<{
            id: string;
            status: number;
            headers?: Record<string, string>;
            body?: Record<string, unknown>;
          }>;
        }>('/$batch', { requests: pending.map((p) => ({ id: p.id, method: 'GET', url: p.url })) }, observer);
        const retry: typeof pending = [];
        let wait = 0;
        for (const item of body.responses ?? []) {
          const request = pending.find((p) => p.id === item.id);
          if (!request) continue;
          if (item.status >= 200 && item.status < 300) results[Number(item.id)] = item.body ?? {};
          else if (item.status === 404) results[Number(item.id)] = null;
          else if ((item.status === 429 || item.status >= 500) && attempt < this.options.maxAttempts) {
            retry.push(request);
            const header = Object.entries(item.headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after')?.[1];
            wait = Math.max(wait, retryAfterMs(header) ?? 1000 * 2 ** (attempt - 1));
          } else {
            const inner = (item.body?.error ?? {}) as { code?: string; message?: string };
            throw classify(new GraphError(item.status, inner.message ?? ''), inner.code);
          }
        }
        if (retry.length > 0) {
          observer.onWait?.(Math.min(wait, MAX_WAIT_MS), true);
          await this.options.sleep(Math.min(wait, MAX_WAIT_MS), this.options.signal);
        }
        pending = retry;
      }
    }
    return results;
  }

  /**
   * Walks a collection page by page from `path` + `query`, or from a saved nextLink when resuming. Each
   * page is yielded before the next is requested, so the caller can store it first.
   */
  async *pages<T = Record<string, unknown>>(
    path: string,
    query: Record<string, string>,
    resumeFrom: string | null,
    observer: RequestObserver = {},
  ): AsyncGenerator<Page<T>> {
    // The stored cursor is a path on this tenant's Graph (page-cursor.ts); one that is not starts over.
    let next: string | null = resumeFrom;
    let first = resumeFrom === null || resumeUrl(resumeFrom, this.graphBaseUrl) === null;
    while (first || next) {
      const request = first ? `GET ${path}?${new URLSearchParams(query).toString()}` : `GET ${next}`;
      const body = first
        ? await this.get<{ value?: T[]; '@odata.nextLink'?: string }>(path, observer, query)
        : await this.get<{ value?: T[]; '@odata.nextLink'?: string }>(resumeUrl(next!, this.graphBaseUrl)!, observer);
      first = false;
      const link = body['@odata.nextLink'] ?? null;
      next = link === null ? null : cursorOf(link, this.graphBaseUrl);
      if (link !== null && next === null)
        throw new CollectError(
          'service',
          'Microsoft Graph answered with a next-page link outside Microsoft Graph; it was not followed.',
        );
      yield { request, value: body.value ?? [], nextLink: next };
    }
  }
}
