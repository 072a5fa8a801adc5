import type { SourceCoverage, SourceId } from '../../shared/domain/investigation.ts';
import { GraphApi } from '../graph/graph-api.ts';
import { Pacer } from '../graph/pacer.ts';
import type { InvestigationStore } from '../store/case-file/investigation-store.ts';
import type { TenantConnection } from '../tenant/tenant-connection.ts';
import { CollectError } from './collect-error.ts';
import type { CollectContext, Collector } from './collector.ts';
import { COLLECTORS } from './collectors.ts';
import { evidenceKey } from './evidence-key.ts';
import { str } from './evidence-set.ts';
import { SOURCES } from './sources.ts';

export interface SourceProgress {
  source: SourceId;
  status: SourceCoverage['status'];
  records: number;
  pages: number;
  throttleWaits: number;
  throttleMs: number;
  reason: string | null;
  etaMs?: number | null;
}

export interface CollectionOptions {
  store: InvestigationStore;
  tenant: TenantConnection;
  upn: string;
  window: { start: string; end: string };
  signal?: AbortSignal;
  onProgress?: (progress: SourceProgress) => void;
  /** Sources collected at the same time; each Graph service still throttles on its own. */
  concurrency?: number;
  collectors?: readonly Collector[];
  now?: () => number;
}

export interface CollectionResult {
  runId: number;
  userId: string;
  status: 'completed' | 'partial' | 'failed' | 'cancelled';
  coverage: SourceCoverage[];
  resumed: boolean;
}

/**
 * Collects every source for one user into the case file: the user first (to learn the object id), then
 * the rest a few at a time. Each page is stored with the source's cursor in one transaction, so an
 * interrupted run resumes where it stopped, without duplicates or gaps. Every source ends with a status
 * and, when it gave nothing, the reason and the fix.
 */
export async function runCollection(options: CollectionOptions): Promise<CollectionResult> {
  const { store, tenant } = options;
  const now = options.now ?? Date.now;
  const collectors = options.collectors ?? COLLECTORS;
  const controller = new AbortController();
  options.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const signal = controller.signal;

  const unfinished = store.unfinishedRun();
  const resumed = unfinished !== null && unfinished.window_start === options.window.start;
  const runId = resumed
    ? unfinished.id
    : store.startRun({
        startedAt: new Date(now()).toISOString(),
        windowStart: options.window.start,
        windowEnd: options.window.end,
        userId: null,
        sources: collectors.map((c) => c.source),
      });

  const graph = new GraphApi(tenant, { signal, pacer: new Pacer(now) });
  let userId: string | null = unfinished?.user_id ?? null;

  const runOne = async (collector: Collector): Promise<void> => {
    const saved = store.sourceCursor(runId, collector.source);
    if (saved?.status === 'completed' || saved?.status === 'unavailable') return;
    const progress: SourceProgress = {
      source: collector.source,
      status: 'running',
      records: saved?.records ?? 0,
      pages: saved?.pages ?? 0,
      throttleWaits: 0,
      throttleMs: 0,
      reason: null,
    };
    const started = now();
    store.updateSource(runId, collector.source, { status: 'running' });
    options.onProgress?.({ ...progress });
    const ctx: CollectContext = {
      graph,
      tenant,
      user: { id: userId ?? '', upn: options.upn },
      window: options.window,
      signal,
      now,
      observer: {
        onWait: (ms, throttled) => {
          if (!throttled) return;
          progress.throttleWaits++;
          progress.throttleMs += Math.round(ms);
          options.onProgress?.({ ...progress });
        },
      },
    };
    let detail: string | null = null;
    try {
      for await (const page of collector.collect(ctx, saved?.cursor ?? null)) {
        if (page.detail) detail = page.detail;
        const items = page.items.map((item) => {
          const body = item as Record<string, unknown>;
          return { key: evidenceKey(collector.source, body, runId, collector.keyOf?.(body)), body };
        });
        store.storePage(
          runId,
          collector.source,
          { request: page.request, fetchedAt: new Date(now()).toISOString(), items },
          page.cursor,
        );
        progress.records += items.length;
        progress.pages++;
        if (page.fraction !== undefined && page.fraction > 0) {
          const elapsed = now() - started;
          progress.etaMs = page.fraction >= 1 ? 0 : Math.round((elapsed * (1 - page.fraction)) / page.fraction);
        }
        options.onProgress?.({ ...progress });
      }
      progress.status = 'completed';
      // A resumed source that failed before keeps no stale reason; its detail says how it was collected.
      store.updateSource(runId, collector.source, {
        status: 'completed',
        cursor: null,
        reason: null,
        fix: null,
        detail,
      });
    } catch (error) {
      const e =
        error instanceof CollectError
          ? error
          : new CollectError('service', error instanceof Error ? error.message.slice(0, 300) : 'unknown failure');
      // Unavailable: the tenant or the grant does not allow it; failed: it could work and should be retried.
      const unavailable = ['licence', 'permission', 'exchange', 'not_found'].includes(e.reason);
      progress.status = e.reason === 'cancelled' ? 'pending' : unavailable ? 'unavailable' : 'failed';
      progress.reason = e.reason;
      const fix = e.fix ?? (e.reason === 'permission' || e.reason === 'licence' ? SOURCES[collector.source].fix : null);
      store.updateSource(runId, collector.source, {
        status: progress.status,
        reason: e.reason,
        detail: e.message,
        fix,
      });
    } finally {
      store.updateSource(runId, collector.source, {
        duration_ms:
          (store.coverage(runId).find((c) => c.source === collector.source)?.durationMs ?? 0) + (now() - started),
        throttle_waits: progress.throttleWaits,
        throttle_ms: progress.throttleMs,
      });
      options.onProgress?.({ ...progress });
    }
  };

  // The user first: everything else is keyed by the user's object id.
  const userCollector = collectors.find((c) => c.source === 'user');
  if (userCollector) {
    await runOne(userCollector);
    if (!userId) {
      for (const record of store.evidence(['user'])) {
        if (str(record.body.userPrincipalName).toLowerCase() === options.upn.toLowerCase())
          userId = String(record.body.id);
      }
    }
  }
  if (!userId) {
    store.finishRun(runId, 'failed', new Date(now()).toISOString());
    const coverage = store.coverage(runId);
    const user = coverage.find((c) => c.source === 'user');
    throw new CollectError(
      (user?.reason as CollectError['reason'] | null) ?? 'not_found',
      user?.detail ?? `No user ${options.upn} in the tenant.`,
      user?.fix ?? null,
    );
  }
  store.setRunUser(runId, userId);

  // Longest first: the audit-log query waits on Purview for minutes and message trace walks 10-day
  // slices, so they start before the quick snapshots that fill the gaps while they wait.
  const SLOW_FIRST: readonly string[] = ['auditLog', 'messageTrace', 'signIns', 'sentItems', 'directoryAudits'];
  const rank = (c: Collector) => (SLOW_FIRST.includes(c.source) ? SLOW_FIRST.indexOf(c.source) : SLOW_FIRST.length);
  const queue = collectors.filter((c) => c.source !== 'user').sort((a, b) => rank(a) - rank(b));
  const workers = Array.from({ length: Math.min(options.concurrency ?? 4, queue.length) }, async () => {
    for (let next = queue.shift(); next; next = queue.shift()) await runOne(next);
  });
  await Promise.all(workers);

  const coverage = store.coverage(runId);
  const status = signal.aborted ? 'cancelled' : coverage.some((c) => c.status === 'failed') ? 'partial' : 'completed';
  // A cancelled run stays resumable: it is left "running" for the next attempt to pick up.
  if (status !== 'cancelled') store.finishRun(runId, status, new Date(now()).toISOString());
  return { runId, userId, status, coverage, resumed };
}
