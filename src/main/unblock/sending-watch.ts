import { GraphApi } from '../graph/graph-api.ts';
import { odata } from '../graph/collectors/paged.ts';
import { listRestrictedSenders } from '../exchange/restricted-senders.ts';
import type { TenantConnection } from '../tenant/tenant-connection.ts';

/** Statuses that mean a message left the organisation normally. */
const SENT = new Set(['delivered', 'expanded']);

export interface SendingCheck {
  blockedAgain: { blockedAt: string | null; reason: string } | null;
  resumedAt: string | null;
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
  const graph = new GraphApi(tenant, { maxAttempts: 4 });
  const found = await graph.get<{ value?: Array<{ receivedDateTime?: string; status?: string }> }>(
    '/admin/exchange/tracing/messageTraces',
    {},
    {
      $filter: `senderAddress eq ${odata(upn)} and receivedDateTime ge ${since} and receivedDateTime le ${to}`,
      $top: '1000',
    },
  );
  const sent = (found.value ?? [])
    .filter((m) => m.receivedDateTime && SENT.has((m.status ?? '').toLowerCase()))
    .map((m) => m.receivedDateTime!)
    .sort();
  return { blockedAgain, resumedAt: sent[0] ?? null };
}
