import { GraphApi } from '../graph/graph-api.ts';
import { odata } from '../graph/collectors/paged.ts';
import { messageTraceV2 } from '../exchange/message-trace.ts';
import { listRestrictedSenders } from '../exchange/restricted-senders.ts';
import { CollectError } from '../investigation/collect-error.ts';
import type { TenantConnection } from '../tenant/tenant-connection.ts';

/** Statuses that mean a message left the organisation normally. */
const SENT = new Set(['delivered', 'expanded']);

export interface SendingCheck {
  blockedAgain: { blockedAt: string | null; reason: string } | null;
  resumedAt: string | null;
}

type Traced = Array<{ receivedDateTime?: unknown; status?: unknown }>;

/** The user's traced messages in [since, to]: Graph's message trace, or Exchange's cmdlet where Graph refuses it. */
async function tracedSince(tenant: TenantConnection, upn: string, since: string, to: string): Promise<Traced> {
  const graph = new GraphApi(tenant, { maxAttempts: 4 });
  try {
    const found = await graph.get<{ value?: Traced }>(
      '/admin/exchange/tracing/messageTraces',
      {},
      {
        $filter: `senderAddress eq ${odata(upn)} and receivedDateTime ge ${since} and receivedDateTime le ${to}`,
        $top: '1000',
      },
    );
    return found.value ?? [];
  } catch (error) {
    if (!(error instanceof CollectError && ['permission', 'licence', 'not_found'].includes(error.reason))) throw error;
    const rows: Traced = [];
    for await (const page of messageTraceV2(tenant, { sender: upn, start: since, end: to })) rows.push(...page.rows);
    return rows;
  }
}

/**
 * One look at whether sending resumed since `since`: the restricted list (blocked again?) and message
 * trace for the user's delivered messages. Message trace's own limits apply: at most 10 days per query,
 * which covers the 24 hours Microsoft allows for sending to resume.
 */
export async function checkSending(
  tenant: TenantConnection,
  upn: string,
  since: string,
  now: Date,
): Promise<SendingCheck> {
  const listed = (await listRestrictedSenders(tenant)).find((r) => r.senderAddress === upn);
  // A block from before the release is the one being lifted (the list can lag); only a newer one is a re-block.
  const blockedAgain =
    listed && (!listed.blockedAt || Date.parse(listed.blockedAt) >= Date.parse(since))
      ? { blockedAt: listed.blockedAt, reason: listed.reason }
      : null;
  const to = new Date(Math.min(now.getTime(), Date.parse(since) + 10 * 86_400_000)).toISOString();
  const sent = (await tracedSince(tenant, upn, since, to))
    .flatMap((m) =>
      typeof m.receivedDateTime === 'string' && typeof m.status === 'string' && SENT.has(m.status.toLowerCase())
        ? [m.receivedDateTime]
        : [],
    )
    .sort();
  return { blockedAgain, resumedAt: sent[0] ?? null };
}
