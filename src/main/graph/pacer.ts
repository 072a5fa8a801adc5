import { abortableSleep } from './sleep.ts';

/** Microsoft's documented per-tenant request budgets (graph-api.md §4.2), the ones that bind in practice. */
export const DOCUMENTED_BUDGETS = {
  reports: { limit: 5, windowMs: 10_000 },
  identityProtection: { limit: 1, windowMs: 1_000 },
  security: { limit: 150, windowMs: 60_000 },
  messageTrace: { limit: 100, windowMs: 300_000 },
} as const;

export type PacedService = keyof typeof DOCUMENTED_BUDGETS;

/** Which budget a Graph request draws on, from its path. */
export function serviceOf(pathOrUrl: string): PacedService | null {
  const path = pathOrUrl.replace(/^https?:\/\/[^/]+/, '').replace(/^\/v1\.0/, '');
  if (path.startsWith('/auditLogs/')) return 'reports';
  if (path.startsWith('/identityProtection/')) return 'identityProtection';
  if (path.startsWith('/security/alerts')) return 'security';
  if (path.startsWith('/admin/exchange/tracing')) return 'messageTrace';
  return null;
}

/** A little slack so that clock and network jitter do not land a request just inside the old window. */
const MARGIN_MS = 60;

/**
 * Sends requests no faster than each service's documented budget, shared by every source of a run: the
 * 429s (which count against the budget too) are avoided rather than suffered, and the run approaches the
 * schedule the budgets allow. Retry-After still governs whatever throttling happens anyway.
 */
export class Pacer {
  private readonly sent = new Map<PacedService, number[]>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Waits for a free slot in the service's window; returns how long it waited. */
  async acquire(service: PacedService | null, signal?: AbortSignal): Promise<number> {
    if (!service) return 0;
    const { limit, windowMs } = DOCUMENTED_BUDGETS[service];
    let waited = 0;
    for (;;) {
      const now = this.now();
      const times = (this.sent.get(service) ?? []).filter((t) => t > now - windowMs - MARGIN_MS);
      if (times.length < limit) {
        times.push(now);
        this.sent.set(service, times);
        return waited;
      }
      const wait = times[times.length - limit]! + windowMs + MARGIN_MS - now;
      this.sent.set(service, times);
      await abortableSleep(Math.max(1, wait), signal);
      waited += Math.max(1, wait);
    }
  }
}
