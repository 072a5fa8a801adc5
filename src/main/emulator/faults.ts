/**
 * Faults and limits: what can go wrong between Clearance and Microsoft, on purpose. Throttling budgets
 * follow Graph's documented limits per service (reports 5 per 10 s, identity protection 1 per second with
 * no Retry-After, security 150 per minute, message trace 100 per 5 minutes, Outlook 10,000 per 10 min per
 * mailbox). Injected faults match a method and path and fire a number of times.
 */
export type Service =
  | 'directory'
  | 'reports'
  | 'identityProtection'
  | 'security'
  | 'messageTrace'
  | 'outlook'
  | 'auditQuery'
  | 'exchange'
  | 'identity';

export interface Budget {
  limit: number;
  windowMs: number;
  /** Seconds; null means the service sends no Retry-After (identity protection). */
  retryAfter: number | null;
}

export const GRAPH_BUDGETS: Readonly<Partial<Record<Service, Budget>>> = {
  reports: { limit: 5, windowMs: 10_000, retryAfter: 10 },
  identityProtection: { limit: 1, windowMs: 1_000, retryAfter: null },
  security: { limit: 150, windowMs: 60_000, retryAfter: 60 },
  messageTrace: { limit: 100, windowMs: 300_000, retryAfter: 300 },
  outlook: { limit: 10_000, windowMs: 600_000, retryAfter: 60 },
  directory: { limit: 3_500, windowMs: 10_000, retryAfter: 10 },
  exchange: { limit: 10_000, windowMs: 600_000, retryAfter: 60 },
};

export type FaultKind =
  | { kind: 'status'; status: number; code?: string; retryAfter?: number }
  | { kind: 'latency'; ms: number }
  | { kind: 'reset' }
  | { kind: 'slowBody'; bytesPerSecond: number }
  | { kind: 'expireToken' };

export interface FaultRule {
  method?: string;
  /** Regular expression on the request path. */
  path?: string;
  /** How many matching requests it affects; omitted means every one. */
  times?: number;
  fault: FaultKind;
}

export class Faults {
  private readonly rules: Array<FaultRule & { used: number; pattern: RegExp | null }> = [];
  private readonly windows = new Map<string, number[]>();
  private budgets: Partial<Record<Service, Budget>>;
  private readonly now: () => number;

  constructor(budgets: Partial<Record<Service, Budget>>, now: () => number = Date.now) {
    this.budgets = { ...budgets };
    this.now = now;
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, used: 0, pattern: rule.path ? new RegExp(rule.path, 'i') : null });
  }

  clear(): void {
    this.rules.length = 0;
    this.windows.clear();
  }

  setBudget(service: Service, budget: Budget | null): void {
    if (budget) this.budgets[service] = budget;
    else delete this.budgets[service];
  }

  /** Faults that apply to this request, in the order they were added; each use is counted. */
  take(method: string, path: string): FaultKind[] {
    const out: FaultKind[] = [];
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.pattern && !rule.pattern.test(path)) continue;
      if (rule.times !== undefined && rule.used >= rule.times) continue;
      rule.used++;
      out.push(rule.fault);
    }
    return out;
  }

  /**
   * Counts a request against its service's sliding window. Returns the Retry-After (seconds, or null
   * when the service sends none) if the budget is spent; undefined when the request may proceed.
   * Rejected requests count too, as Graph's do.
   */
  throttle(service: Service, key: string): number | null | undefined {
    const budget = this.budgets[service];
    if (!budget) return undefined;
    const id = `${service}:${key}`;
    const now = this.now();
    const hits = (this.windows.get(id) ?? []).filter((t) => t > now - budget.windowMs);
    hits.push(now);
    this.windows.set(id, hits);
    if (hits.length <= budget.limit) return undefined;
    const oldest = hits[hits.length - 1 - budget.limit] ?? now;
    return budget.retryAfter === null
      ? null
      : Math.max(1, Math.min(budget.retryAfter, Math.ceil((oldest + budget.windowMs - now) / 1000)));
  }
}
