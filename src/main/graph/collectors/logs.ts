import type { Collector } from '../../investigation/collector.ts';
import { CollectError } from '../../investigation/collect-error.ts';
import { instant, odata, pagedCollection } from './paged.ts';

export const signInsCollector: Collector = {
  source: 'signIns',
  collect: (ctx, cursor) =>
    pagedCollection(
      ctx,
      '/auditLogs/signIns',
      {
        $filter: `userId eq ${odata(ctx.user.id)} and createdDateTime ge ${instant(ctx.window.start)} and createdDateTime le ${instant(ctx.window.end)}`,
        $top: '1000',
      },
      cursor,
    ),
};

/** Changes to the user (target) and changes the user made (initiator): two queries, one source. */
export const directoryAuditsCollector: Collector = {
  source: 'directoryAudits',
  async *collect(ctx, cursor) {
    const since = `activityDateTime ge ${instant(ctx.window.start)}`;
    const phases = [
      { name: 'target', filter: `targetResources/any(t: t/id eq ${odata(ctx.user.id)}) and ${since}` },
      { name: 'initiator', filter: `initiatedBy/user/id eq ${odata(ctx.user.id)} and ${since}` },
    ];
    const [resumePhase, ...rest] = (cursor ?? '').split('|');
    const resumeLink = rest.join('|') || null;
    let started = cursor === null;
    for (const phase of phases) {
      if (!started && phase.name !== resumePhase) continue;
      const from = started ? null : resumeLink;
      started = true;
      for await (const page of pagedCollection(
        ctx,
        '/auditLogs/directoryAudits',
        { $filter: phase.filter, $top: '1000' },
        from,
      )) {
        const last = phase === phases.at(-1) && page.cursor === null;
        yield {
          ...page,
          cursor: last
            ? null
            : page.cursor
              ? `${phase.name}|${page.cursor}`
              : `${phases[phases.indexOf(phase) + 1]!.name}|`,
          fraction: (phases.indexOf(phase) + (page.cursor ? 0.5 : 1)) / phases.length,
        };
      }
    }
  },
};

export const riskyUserCollector: Collector = {
  source: 'riskyUser',
  keyOf: (item) =>
    `${String(item.id)}:${typeof item.riskLastUpdatedDateTime === 'string' ? item.riskLastUpdatedDateTime : ''}`,
  async *collect(ctx) {
    try {
      const body = await ctx.graph.get(`/identityProtection/riskyUsers/${ctx.user.id}`, ctx.observer);
      yield { request: `GET /identityProtection/riskyUsers/${ctx.user.id}`, items: [body], cursor: null };
    } catch (error) {
      // Never at risk: Identity Protection has no record of the user, which is an answer, not a failure.
      if (error instanceof CollectError && error.reason === 'not_found')
        yield { request: `GET /identityProtection/riskyUsers/${ctx.user.id}`, items: [], cursor: null };
      else throw error;
    }
  },
};

export const riskDetectionsCollector: Collector = {
  source: 'riskDetections',
  collect: (ctx, cursor) =>
    pagedCollection(
      ctx,
      '/identityProtection/riskDetections',
      { $filter: `userId eq ${odata(ctx.user.id)} and activityDateTime ge ${instant(ctx.window.start)}`, $top: '500' },
      cursor,
    ),
};

/** alerts_v2 cannot be filtered by user or title on the server: the window's alerts, kept when they name the user. */
export const alertsCollector: Collector = {
  source: 'alerts',
  async *collect(ctx, cursor) {
    const needles = [ctx.user.id.toLowerCase(), ctx.user.upn.toLowerCase()];
    for await (const page of pagedCollection(
      ctx,
      '/security/alerts_v2',
      { $filter: `createdDateTime ge ${instant(ctx.window.start)}` },
      cursor,
    )) {
      const mine = page.items.filter((alert) => {
        const text = JSON.stringify(alert).toLowerCase();
        return needles.some((n) => text.includes(n));
      });
      yield { ...page, items: mine };
    }
  },
};
