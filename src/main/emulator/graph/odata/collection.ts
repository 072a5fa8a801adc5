import type { EmulatorContext } from '../../context.ts';
import type { EmuRequest, EmuResponse } from '../../http/types.ts';
import { badRequest } from '../errors.ts';
import {
  checkSupported,
  evaluate,
  filterPaths,
  FilterSyntaxError,
  parseFilter,
  UnsupportedFilterError,
  type FilterCapabilities,
} from './filter.ts';

export interface CollectionOptions {
  /** `@odata.context` after `$metadata#`, e.g. `auditLogs/signIns`. */
  context: string;
  filter?: FilterCapabilities;
  /** How this service reports a filter it does not support. */
  unsupportedFilter?: { code: string; message: string };
  defaultTop: number;
  maxTop: number;
  /** Properties `$orderby` accepts; none means `$orderby` is refused. */
  orderBy?: readonly string[];
  /** Outlook's rule: `$orderby` properties must also appear in `$filter`, first and in the same order. */
  outlookOrderRule?: boolean;
  /** The default sort, applied before paging (e.g. newest first). */
  defaultSort?: { path: string; direction: 'asc' | 'desc' };
  /** Anything besides the query that decides the rows (e.g. a time cut-off), for the result cache. */
  cacheKey?: string;
  /** The items already come in `defaultSort` order (the state keeps logs newest first). */
  presorted?: boolean;
  /** Outlook pages with `$skip`; directory and reports with `$skiptoken`. */
  paging?: 'skiptoken' | 'skip';
  count?: boolean;
  /** When no `$select` is given, only these properties come back (Graph's default property set). */
  defaultSelect?: readonly string[];
}

const token = {
  encode: (offset: number) => Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url'),
  decode: (value: string): number | null => {
    try {
      const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as { o?: unknown };
      return typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 ? parsed.o : null;
    } catch {
      return null;
    }
  },
};

function get(item: Record<string, unknown>, path: string): unknown {
  let node: unknown = item;
  for (const part of path.split('/'))
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
  return node;
}

function sortValue(v: unknown): number | string {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? v.toLowerCase() : t;
  }
  return '';
}

export function project(item: Record<string, unknown>, select: readonly string[] | null): Record<string, unknown> {
  if (!select) return item;
  const out: Record<string, unknown> = {};
  if ('@odata.type' in item) out['@odata.type'] = item['@odata.type'];
  if ('@odata.etag' in item) out['@odata.etag'] = item['@odata.etag'];
  for (const key of select) {
    const actual = Object.keys(item).find((k) => k.toLowerCase() === key.toLowerCase());
    if (actual !== undefined) out[actual] = item[actual];
  }
  if ('id' in item) out.id = item.id;
  return out;
}

export function selectOf(req: EmuRequest): string[] | null {
  const raw = req.url.searchParams.get('$select');
  return raw
    ? raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
}

/**
 * Serves a collection the way Graph does: `$filter` (declared subset only), `$orderby`, `$top` within the
 * endpoint's limit, `$select`, `$count`, and an absolute `@odata.nextLink` carrying a `$skiptoken` (or
 * Outlook's `$skip`) with every other query option preserved.
 */
export function serveCollection(
  req: EmuRequest,
  ctx: EmulatorContext,
  items: readonly Record<string, unknown>[],
  options: CollectionOptions,
): EmuResponse {
  const q = req.url.searchParams;
  const key = `${req.url.pathname}|${q.get('$filter') ?? ''}|${q.get('$orderby') ?? ''}|${options.cacheKey ?? ''}`;
  let rows = ctx.state.lookup(key);
  if (!rows) {
    const selected = selectRows(req, items, options);
    if (!Array.isArray(selected)) return selected as EmuResponse;
    rows = ctx.state.remember(key, selected);
  }
  return page(req, ctx.baseUrl, rows, options);
}

/** Filter and sort: the part of a query whose result paging re-uses. Errors come back as responses. */
function selectRows(
  req: EmuRequest,
  items: readonly Record<string, unknown>[],
  options: CollectionOptions,
): readonly Record<string, unknown>[] | EmuResponse {
  const q = req.url.searchParams;
  let rows = items;

  const rawFilter = q.get('$filter');
  let filterOrder: string[] = [];
  if (rawFilter) {
    try {
      const tree = parseFilter(rawFilter);
      if (!options.filter) throw new UnsupportedFilterError('this collection does not support $filter');
      checkSupported(tree, options.filter);
      filterOrder = filterPaths(tree).map((p) => p.toLowerCase());
      rows = rows.filter((item) => evaluate(tree, item));
    } catch (error) {
      if (error instanceof FilterSyntaxError) return badRequest(req, `Invalid filter clause: ${error.message}.`);
      if (error instanceof UnsupportedFilterError) {
        const { code, message } = options.unsupportedFilter ?? { code: 'BadRequest', message: 'Invalid filter clause' };
        return badRequest(req, `${message}: ${error.message}.`, code);
      }
      throw error;
    }
  }

  const rawOrder = q.get('$orderby');
  let sort = options.defaultSort;
  if (rawOrder) {
    const [path, dir = 'asc'] = rawOrder.trim().split(/\s+/);
    const allowed = options.orderBy?.find((p) => p.toLowerCase() === path?.toLowerCase());
    if (!allowed || !['asc', 'desc'].includes(dir.toLowerCase())) {
      return badRequest(req, `OrderBy not supported for '${rawOrder}'.`, 'Request_UnsupportedQuery');
    }
    if (options.outlookOrderRule && filterOrder[0] !== allowed.toLowerCase()) {
      return badRequest(req, 'The restriction or sort order is too complex for this operation.', 'InefficientFilter');
    }
    sort = { path: allowed, direction: dir.toLowerCase() as 'asc' | 'desc' };
  }
  if (sort && !(options.presorted && sort === options.defaultSort)) {
    const { path, direction } = sort;
    const factor = direction === 'asc' ? 1 : -1;
    rows = [...rows].sort((a, b) => {
      const va = sortValue(get(a, path));
      const vb = sortValue(get(b, path));
      return va < vb ? -factor : va > vb ? factor : 0;
    });
  }

  return rows;
}

function page(
  req: EmuRequest,
  baseUrl: string,
  rows: readonly Record<string, unknown>[],
  options: CollectionOptions,
): EmuResponse {
  const q = req.url.searchParams;
  const rawTop = q.get('$top');
  let top = options.defaultTop;
  if (rawTop !== null) {
    top = Number(rawTop);
    if (!Number.isInteger(top) || top < 1 || top > options.maxTop) {
      return badRequest(req, `Invalid value '${rawTop}' for $top: it must be between 1 and ${options.maxTop}.`);
    }
  }

  const paging = options.paging ?? 'skiptoken';
  let offset = 0;
  if (paging === 'skiptoken' && q.has('$skiptoken')) {
    const decoded = token.decode(q.get('$skiptoken') ?? '');
    if (decoded === null) return badRequest(req, 'Invalid $skiptoken.', 'Request_BadRequest');
    offset = decoded;
  } else if (paging === 'skip' && q.has('$skip')) {
    offset = Number(q.get('$skip'));
    if (!Number.isInteger(offset) || offset < 0) return badRequest(req, 'Invalid $skip.');
  }

  const wantCount = (q.get('$count') ?? '').toLowerCase() === 'true';
  if (wantCount && !options.count)
    return badRequest(req, '$count is not supported on this collection.', 'Request_UnsupportedQuery');

  const slice = rows.slice(offset, offset + top);
  const select = selectOf(req) ?? options.defaultSelect ?? null;
  const body: Record<string, unknown> = {
    '@odata.context': `${baseUrl}/v1.0/$metadata#${options.context}`,
  };
  if (wantCount) body['@odata.count'] = rows.length;
  if (offset + top < rows.length) {
    // Graph writes the `$` of query options unencoded; values are percent-encoded.
    const pairs = [...q].filter(([key]) => key !== '$skiptoken' && key !== '$skip');
    if (!q.has('$top')) pairs.push(['$top', String(top)]);
    pairs.push(paging === 'skip' ? ['$skip', String(offset + top)] : ['$skiptoken', token.encode(offset + top)]);
    const query = pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
    body['@odata.nextLink'] = `${baseUrl}${req.url.pathname}?${query}`;
  }
  body.value = slice.map((item) => project(item, select));
  return { status: 200, body };
}
