import type { SourceId } from '../../shared/domain/investigation.ts';
import type { GraphApi, RequestObserver } from '../graph/graph-api.ts';
import type { TenantConnection } from '../tenant/tenant-connection.ts';

export interface InvestigatedUser {
  id: string;
  upn: string;
}

export interface CollectContext {
  graph: GraphApi;
  tenant: TenantConnection;
  user: InvestigatedUser;
  /** UTC ISO instants: what happened to the account between these is collected. */
  window: { start: string; end: string };
  signal: AbortSignal;
  observer: RequestObserver;
  now: () => number;
}

export interface CollectedPage {
  request: string;
  items: unknown[];
  /** Where to resume after this page is stored; null when the source is complete. */
  cursor: string | null;
  /** How much of the source is done (0–1), where the collector can tell: it gives the ETA. */
  fraction?: number;
  /** How the source was collected, where there is more than one way (shown with its coverage). */
  detail?: string;
}

/**
 * One evidence source. It yields pages; the runner stores each (evidence and cursor in one transaction)
 * before asking for the next, so a crash or lost connection resumes from the last stored page.
 */
export interface Collector {
  source: SourceId;
  collect(ctx: CollectContext, cursor: string | null): AsyncGenerator<CollectedPage>;
  /** The identity of a record within the source; default: its `id`. */
  keyOf?(item: Record<string, unknown>): string;
}
