import { MESSAGE_TRACE_CMDLET, messageTraceV2, type TracePage } from '../../exchange/message-trace.ts';
import { CollectError } from '../../investigation/collect-error.ts';
import type { CollectContext, CollectedPage, Collector } from '../../investigation/collector.ts';
import { SOURCES } from '../../investigation/sources.ts';
import { instant, odata, pagedCollection, single } from './paged.ts';

const DAY = 86_400_000;

export const inboxRulesCollector: Collector = {
  source: 'inboxRules',
  collect: (ctx) => single(ctx, `/users/${ctx.user.id}/mailFolders/inbox/messageRules`),
};

export const sentItemsCollector: Collector = {
  source: 'sentItems',
  collect: (ctx, cursor) =>
    pagedCollection(
      ctx,
      `/users/${ctx.user.id}/mailFolders/sentitems/messages`,
      {
        // Outlook refuses an $orderby whose property does not lead the $filter (InefficientFilter).
        $filter: `sentDateTime ge ${instant(ctx.window.start)}`,
        $orderby: 'sentDateTime desc',
        $select: 'subject,sentDateTime,toRecipients,ccRecipients,bccRecipients,internetMessageId,from',
        $top: '1000',
      },
      cursor,
    ),
};

/** Graph's answers that mean "not here, not for this app": Exchange's cmdlet may still be allowed. */
const REFUSED: ReadonlySet<string> = new Set(['permission', 'licence', 'not_found']);
const EXCHANGE_CURSOR = 'exchange|';
const GRAPH_PATH = 'Collected through Microsoft Graph (/admin/exchange/tracing/messageTraces).';
const exchangePath = (refusal: string | null) =>
  `Collected through Exchange Online (${MESSAGE_TRACE_CMDLET}): Graph's message trace was refused${refusal ? ` (${refusal})` : ''}.`;

/** The window in 10-day slices, newest first, no further back than message trace keeps (90 days). */
function traceSlices(ctx: CollectContext): Array<[number, number]> {
  const end = Date.parse(ctx.window.end);
  const start = Math.max(Date.parse(ctx.window.start), ctx.now() - 90 * DAY + 60_000);
  const slices: Array<[number, number]> = [];
  for (let to = end; to > start; to -= 10 * DAY) slices.push([Math.max(start, to - 10 * DAY), to]);
  return slices;
}

async function* graphTrace(
  ctx: CollectContext,
  slices: Array<[number, number]>,
  from: number,
  resumeLink: string | null,
): AsyncGenerator<CollectedPage> {
  for (let i = from; i < slices.length; i++) {
    const [start, end] = slices[i]!;
    const filter = `senderAddress eq ${odata(ctx.user.upn)} and receivedDateTime ge ${instant(new Date(start).toISOString())} and receivedDateTime le ${instant(new Date(end).toISOString())}`;
    for await (const page of pagedCollection(
      ctx,
      '/admin/exchange/tracing/messageTraces',
      { $filter: filter, $top: '5000' },
      i === from ? resumeLink : null,
    )) {
      const done = page.cursor === null && i === slices.length - 1;
      yield {
        ...page,
        cursor: done ? null : page.cursor ? `${i}|${page.cursor}` : `${i + 1}|`,
        fraction: (i + (page.cursor ? 0.5 : 1)) / slices.length,
        detail: GRAPH_PATH,
      };
    }
  }
}

/** The same slices through Get-MessageTraceV2; a slice is stored whole before the cursor moves past it. */
async function* exchangeTrace(
  ctx: CollectContext,
  slices: Array<[number, number]>,
  from: number,
  refusal: string | null,
): AsyncGenerator<CollectedPage> {
  const detail = exchangePath(refusal);
  for (let i = from; i < slices.length; i++) {
    const [start, end] = slices[i]!;
    let held: TracePage | null = null;
    for await (const page of messageTraceV2(
      ctx.tenant,
      { sender: ctx.user.upn, start: new Date(start).toISOString(), end: new Date(end).toISOString() },
      { signal: ctx.signal },
    )) {
      if (held)
        yield {
          request: held.request,
          items: held.rows,
          cursor: `${EXCHANGE_CURSOR}${i}`,
          fraction: (i + 0.5) / slices.length,
          detail,
        };
      held = page;
    }
    const last = i === slices.length - 1;
    yield {
      request: held?.request ?? `${MESSAGE_TRACE_CMDLET}: no answer`,
      items: held?.rows ?? [],
      cursor: last ? null : `${EXCHANGE_CURSOR}${i + 1}`,
      fraction: (i + 1) / slices.length,
      detail,
    };
  }
}

/**
 * Message trace allows at most 10 days per query and 90 days back: the window is walked in 10-day slices,
 * newest first; the cursor names the slice and the page within it. Graph's messageTraces first; where the
 * tenant or the grant refuses it (not provisioned, no permission), Exchange's Get-MessageTraceV2 answers the
 * same question, mapped to Graph's record, and the coverage detail says which way it came.
 */
export const messageTraceCollector: Collector = {
  source: 'messageTrace',
  // One message has a row per recipient (and Exchange repeats trace ids across them).
  keyOf: (row) => [row.id, row.recipientAddress, row.status].map((v) => (typeof v === 'string' ? v : '')).join('|'),
  async *collect(ctx, cursor) {
    const slices = traceSlices(ctx);
    if (slices.length === 0) {
      yield { request: 'message trace: empty window', items: [], cursor: null };
      return;
    }
    if (cursor?.startsWith(EXCHANGE_CURSOR)) {
      yield* exchangeTrace(ctx, slices, Number(cursor.slice(EXCHANGE_CURSOR.length)), null);
      return;
    }
    const [resumeSlice, ...rest] = (cursor ?? '').split('|');
    let at = cursor === null ? 0 : Number(resumeSlice);
    try {
      for await (const page of graphTrace(ctx, slices, at, cursor === null ? null : rest.join('|') || null)) {
        yield page;
        if (page.cursor) at = Number(page.cursor.split('|')[0]);
      }
    } catch (error) {
      if (!(error instanceof CollectError && REFUSED.has(error.reason))) throw error;
      try {
        yield* exchangeTrace(ctx, slices, at, error.message);
      } catch (fallback) {
        if (!(fallback instanceof CollectError && (REFUSED.has(fallback.reason) || fallback.reason === 'exchange')))
          throw fallback;
        throw new CollectError(
          error.reason,
          `Graph refused message trace (${error.message}), and Exchange Online refused ${MESSAGE_TRACE_CMDLET} (${fallback.message}).`,
          SOURCES.messageTrace.fix,
          error.status,
        );
      }
    }
  },
};
