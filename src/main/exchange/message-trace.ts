import { z } from 'zod';
import type { TenantConnection } from '../tenant/tenant-connection.ts';
import { invokeCommand } from './admin-client.ts';
import { cmdletError } from './cmdlet-error.ts';

/**
 * Message trace through Exchange's `Get-MessageTraceV2` (exchange.md §4.8), for tenants where Graph's
 * `/admin/exchange/tracing/messageTraces` is refused: each row mapped to Graph's `exchangeMessageTrace`
 * shape, so evidence, timeline and detectors see one kind of record whichever way it came.
 *
 * The cmdlet does not page: a cut answer carries only a warning ("There are more results, use the
 * following command to get more. …"), and the next call keeps StartDate and moves EndDate to the last row's
 * Received with StartingRecipientAddress set to its recipient. That boundary row comes again, and one
 * message yields a row per recipient (sometimes twice), so rows are de-duplicated.
 */

export const MESSAGE_TRACE_CMDLET = 'Get-MessageTraceV2';
/** The cmdlet's own maximum (1–5000, default 1000). */
const RESULT_SIZE = 5000;
/** A runaway continuation (a service that keeps warning) stops here rather than looping. */
const MAX_CALLS = 200;
const MORE = /There are more results/i;

const Row = z.looseObject({
  MessageTraceId: z.string().nullish(),
  MessageId: z.string().nullish(),
  Received: z.string(),
  SenderAddress: z.string().nullish(),
  RecipientAddress: z.string().nullish(),
  Subject: z.string().nullish(),
  Status: z.string().nullish(),
  FromIP: z.string().nullish(),
  ToIP: z.string().nullish(),
  Size: z.union([z.number(), z.string()]).nullish(),
});
type Row = z.output<typeof Row>;

/**
 * Exchange's .NET round-trip times ("2026-08-19T22:01:22.0480000Z"; no zone means UTC, as the cmdlet reports
 * in UTC) as ISO instants; null when unreadable.
 */
function receivedAt(raw: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/i.exec(raw.trim());
  if (!m) return null;
  const at = Date.parse(`${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}${m[3] ?? 'Z'}`);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/** `FilteredAsSpam` → `filteredAsSpam`: Graph's enumeration names the same statuses in camel case. */
const graphStatus = (status: string) => status.charAt(0).toLowerCase() + status.slice(1);

/** One cmdlet row as Graph's exchangeMessageTrace (v1.0 property names, empty strings as null). */
export function asGraphMessageTrace(row: Row): Record<string, unknown> | null {
  const received = receivedAt(row.Received);
  if (!received) return null;
  const text = (value: string | null | undefined) => (value ? value : null);
  const size = typeof row.Size === 'number' ? row.Size : Number.parseInt(row.Size ?? '', 10);
  return {
    id: text(row.MessageTraceId),
    senderAddress: text(row.SenderAddress?.toLowerCase()),
    recipientAddress: text(row.RecipientAddress?.toLowerCase()),
    messageId: text(row.MessageId),
    receivedDateTime: received,
    subject: row.Subject ?? null,
    size: Number.isFinite(size) ? size : 0,
    status: row.Status ? graphStatus(row.Status) : null,
    fromIP: text(row.FromIP),
    toIP: text(row.ToIP),
  };
}

/** The cmdlet's date parameters: UTC, second precision, no zone (what CIPP sends, `ToString('s')`). */
const cmdletDate = (iso: string) => new Date(iso).toISOString().slice(0, 19);

export interface TracePage {
  request: string;
  rows: Record<string, unknown>[];
}

/**
 * The sender's messages received in [start, end] (at most 10 days, at most 90 days back: the caller slices),
 * one page per cmdlet call, continued while Exchange says there are more. Refusals arrive as CollectErrors.
 */
export async function* messageTraceV2(
  tenant: TenantConnection,
  query: { sender: string; start: string; end: string },
  options: { signal?: AbortSignal; resultSize?: number } = {},
): AsyncGenerator<TracePage> {
  const resultSize = options.resultSize ?? RESULT_SIZE;
  const seen = new Set<string>();
  let parameters: Record<string, unknown> = {
    SenderAddress: query.sender,
    StartDate: cmdletDate(query.start),
    EndDate: cmdletDate(query.end),
    ResultSize: resultSize,
  };
  for (let call = 0; call < MAX_CALLS; call++) {
    let result;
    try {
      result = await invokeCommand(tenant, MESSAGE_TRACE_CMDLET, parameters, options.signal);
    } catch (error) {
      throw cmdletError(error, MESSAGE_TRACE_CMDLET);
    }
    const rows = result.rows.map((r) => Row.safeParse(r)).flatMap((r) => (r.success ? [r.data] : []));
    const fresh: Record<string, unknown>[] = [];
    for (const row of rows) {
      const key = `${row.MessageTraceId ?? ''}|${row.RecipientAddress ?? ''}|${row.Status ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const mapped = asGraphMessageTrace(row);
      if (mapped) fresh.push(mapped);
    }
    yield { request: `POST InvokeCommand ${MESSAGE_TRACE_CMDLET} ${JSON.stringify(parameters)}`, rows: fresh };
    const last = rows.at(-1);
    const more = result.warnings.some((w) => MORE.test(w));
    if (!more || !last || rows.length < resultSize) return;
    parameters = { ...parameters, EndDate: last.Received, StartingRecipientAddress: last.RecipientAddress ?? '' };
  }
}
