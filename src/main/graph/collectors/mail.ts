import type { Collector } from '../../investigation/collector.ts';
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

/**
 * Message trace allows at most 10 days per query and 90 days back: the window is walked in 10-day slices,
 * newest first; the cursor names the slice and the page within it.
 */
export const messageTraceCollector: Collector = {
  source: 'messageTrace',
  async *collect(ctx, cursor) {
    const end = Date.parse(ctx.window.end);
    const start = Math.max(Date.parse(ctx.window.start), ctx.now() - 90 * DAY + 60_000);
    const slices: Array<[number, number]> = [];
    for (let to = end; to > start; to -= 10 * DAY) slices.push([Math.max(start, to - 10 * DAY), to]);
    const [resumeSlice, ...rest] = (cursor ?? '').split('|');
    const resumeIndex = cursor === null ? 0 : Number(resumeSlice);
    for (let i = resumeIndex; i < slices.length; i++) {
      const [from, to] = slices[i]!;
      const link = i === resumeIndex && cursor !== null ? rest.join('|') || null : null;
      const filter = `senderAddress eq ${odata(ctx.user.upn)} and receivedDateTime ge ${instant(new Date(from).toISOString())} and receivedDateTime le ${instant(new Date(to).toISOString())}`;
      for await (const page of pagedCollection(
        ctx,
        '/admin/exchange/tracing/messageTraces',
        { $filter: filter, $top: '5000' },
        link,
      )) {
        const done = page.cursor === null && i === slices.length - 1;
        yield {
          ...page,
          cursor: done ? null : page.cursor ? `${i}|${page.cursor}` : `${i + 1}|`,
          fraction: (i + (page.cursor ? 0.5 : 1)) / slices.length,
        };
      }
    }
    if (slices.length === 0) yield { request: 'message trace: empty window', items: [], cursor: null };
  },
};
