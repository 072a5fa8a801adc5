import type { CollectContext, CollectedPage } from '../../investigation/collector.ts';

/** A collector body for one paged Graph collection: every page, resumable from its nextLink. */
export async function* pagedCollection(
  ctx: CollectContext,
  path: string,
  query: Record<string, string>,
  cursor: string | null,
): AsyncGenerator<CollectedPage> {
  for await (const page of ctx.graph.pages(path, query, cursor, ctx.observer)) {
    yield { request: page.request, items: page.value, cursor: page.nextLink };
  }
}

/** A collector body for one Graph object or list fetched in one call (current state). */
export async function* single(
  ctx: CollectContext,
  path: string,
  query: Record<string, string> = {},
  pick: (body: Record<string, unknown>) => unknown[] = (b) => (Array.isArray(b.value) ? (b.value as unknown[]) : [b]),
): AsyncGenerator<CollectedPage> {
  const body = await ctx.graph.get(path, ctx.observer, query);
  yield {
    request: `GET ${path}${Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : ''}`,
    items: pick(body),
    cursor: null,
  };
}

/** OData string literal: quotes doubled. */
export const odata = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Graph wants whole-second UTC instants in filters. */
export const instant = (iso: string) => new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z');
