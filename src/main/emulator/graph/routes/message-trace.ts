import { badRequest, graphError } from '../errors.ts';
import { caps, parseFilter, type FilterNode } from '../odata/filter.ts';
import { serveCollection } from '../odata/collection.ts';
import type { GraphRoute } from '../route.ts';

const DAY = 86_400_000;

function receivedBounds(node: FilterNode, out: { ge?: number; le?: number } = {}): { ge?: number; le?: number } {
  if (node.type === 'and' || node.type === 'or') {
    receivedBounds(node.left, out);
    receivedBounds(node.right, out);
  } else if (
    node.type === 'compare' &&
    node.path.toLowerCase() === 'receiveddatetime' &&
    typeof node.value === 'string'
  ) {
    if (node.op === 'ge' || node.op === 'gt') out.ge = Date.parse(node.value);
    if (node.op === 'le' || node.op === 'lt') out.le = Date.parse(node.value);
  }
  return out;
}

/**
 * Message trace's own rules: a date filter needs both bounds, spans at most 10 days and reaches back at
 * most 90; without one, the last 48 hours are returned.
 */
export const messageTraceRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/admin/exchange/tracing/messageTraces',
    permissions: ['ExchangeMessageTrace.Read.All'],
    service: 'messageTrace',
    licence: 'exchangeOnline',
    handler: (req, ctx) => {
      if (!ctx.state.scenario.tenant.graphMessageTrace)
        return graphError(req, 404, 'ResourceNotFound', 'Message trace is not available for this tenant.');
      const raw = req.url.searchParams.get('$filter');
      const now = ctx.now();
      // Nothing from the future: rows scheduled ahead (sending resuming after an unblock) appear on time.
      let rows = ctx.state.scenario.messageTraces.filter((r) => Date.parse(String(r.receivedDateTime)) <= now);
      let bounds: { ge?: number; le?: number } = {};
      if (raw) {
        try {
          bounds = receivedBounds(parseFilter(raw));
        } catch {
          bounds = {}; // syntax errors are reported by serveCollection below
        }
      }
      if (bounds.ge !== undefined || bounds.le !== undefined) {
        if (bounds.ge === undefined || bounds.le === undefined) {
          return badRequest(
            req,
            'Both a start (receivedDateTime ge) and an end (receivedDateTime le) are required when filtering by date.',
          );
        }
        if (bounds.le - bounds.ge > 10 * DAY) return badRequest(req, 'The date range cannot be more than 10 days.');
        if (bounds.ge < now - 90 * DAY)
          return badRequest(req, 'The start date cannot be more than 90 days in the past.');
      } else {
        rows = rows.filter((r) => Date.parse(String(r.receivedDateTime)) >= now - 2 * DAY);
      }
      return serveCollection(req, ctx, rows, {
        context: 'admin/exchange/tracing/messageTraces',
        cacheKey: raw ? '' : String(Math.floor(now / 60_000)),
        filter: caps(
          'receivedDateTime:ge',
          'receivedDateTime:le',
          'receivedDateTime:gt',
          'receivedDateTime:lt',
          'senderAddress:eq',
          'recipientAddress:eq',
          'status:eq',
          'messageId:eq',
          'fromIP:eq',
          'toIP:eq',
          'subject:contains',
          'subject:startswith',
          'subject:endswith',
        ),
        defaultTop: 1000,
        maxTop: 5000,
        defaultSort: { path: 'receivedDateTime', direction: 'desc' },
        presorted: true,
      });
    },
  },
];
