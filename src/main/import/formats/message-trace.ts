import type { CsvFormat, RowResult } from './format.ts';
import { get, numberCell } from './columns.ts';
import { quoted } from '../quoted.ts';

/**
 * Message trace exports as Graph `exchangeMessageTrace` records (the shape the collector stores): one record
 * per message and recipient, `status` in Graph's `exchangeMessageTraceStatus` names.
 */

const STATUSES = ['gettingStatus', 'pending', 'failed', 'delivered', 'expanded', 'quarantined', 'filteredAsSpam'];
const BY_LOWER = new Map(STATUSES.map((s) => [s.toLowerCase(), s]));

/** A delivery status as Graph names it ("FilteredAsSpam" → "filteredAsSpam"); others lower-cased. */
export function graphTraceStatus(raw: string): string {
  const lower = raw.trim().toLowerCase().replace(/\s+/g, '');
  return BY_LOWER.get(lower) ?? lower;
}

/** A message trace record with the properties every export shares; extras keep what the export adds. */
function traceRecord(fields: {
  id: string;
  sender: string;
  recipient: string;
  received: string;
  subject: string;
  status: string;
  fromIP: string;
  toIP: string;
  size: number | null;
  messageId: string;
  extras?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    id: fields.id,
    senderAddress: fields.sender.toLowerCase(),
    recipientAddress: fields.recipient.toLowerCase(),
    receivedDateTime: fields.received,
    subject: fields.subject,
    status: fields.status,
    // As Graph and the emulator: null where the export has no address (toIP of mail delivered inside).
    fromIP: fields.fromIP || null,
    toIP: fields.toIP || null,
    size: fields.size,
    messageId: fields.messageId,
    ...fields.extras,
  };
}

/** One row, several recipients: the first record, and the others as `more`. */
function rowOf(records: Array<Record<string, unknown>>): RowResult {
  const [record, ...more] = records;
  if (!record) return { ok: false, reason: 'no recipient' };
  return more.length > 0 ? { ok: true, record, more } : { ok: true, record };
}

/**
 * `Get-MessageTrace | Export-Csv` and `Get-MessageTraceV2 | Export-Csv` (Exchange Online PowerShell; Windows
 * PowerShell writes a `#TYPE` line first), as Hawk (`Message_Trace.csv`) and Microsoft-Extractor-Suite
 * (`Get-MessageTraceLog`) save them. Microsoft documents the output times as UTC; Export-Csv writes them in
 * the session's date format.
 */
export const getMessageTraceCsv: CsvFormat = {
  id: 'get-messagetrace-csv',
  label: 'Get-MessageTrace / Get-MessageTraceV2 | Export-Csv',
  source: 'messageTrace',
  signature: ['received', 'senderaddress', 'recipientaddress'],
  columns: [
    'PSComputerName',
    'RunspaceId',
    'PSShowComputerName',
    'Organization',
    'MessageId',
    'Received',
    'SenderAddress',
    'RecipientAddress',
    'Subject',
    'Status',
    'ToIP',
    'FromIP',
    'Size',
    'MessageTraceId',
    'StartDate',
    'EndDate',
    'Index',
  ],
  utc: true,
  convert(row, ctx) {
    const received = ctx.time(get(row, 'Received'));
    const sender = get(row, 'SenderAddress');
    const recipient = get(row, 'RecipientAddress');
    const traceId = get(row, 'MessageTraceId');
    if (!received) return { ok: false, reason: 'no readable Received time' };
    if (!sender || !recipient) return { ok: false, reason: 'no SenderAddress or RecipientAddress' };
    // A trimmed export (Select-Object Received, SenderAddress, …) has no trace id: the row's content is its key.
    const key = traceId || `${received}|${sender.toLowerCase()}|${get(row, 'MessageId') || get(row, 'Subject')}`;
    return {
      ok: true,
      record: traceRecord({
        id: `${key}|${recipient.toLowerCase()}`,
        sender,
        recipient,
        received,
        subject: get(row, 'Subject'),
        status: graphTraceStatus(get(row, 'Status')),
        fromIP: get(row, 'FromIP'),
        toIP: get(row, 'ToIP'),
        size: numberCell(get(row, 'Size')) ?? null,
        messageId: get(row, 'MessageId'),
        extras: { messageTraceId: traceId, organization: get(row, 'Organization') },
      }),
    };
  },
};

/** The last event of an Enhanced summary `recipient_status` ("Receive, Send") as a delivery status. */
const EVENT_STATUS: Record<string, string> = {
  send: 'delivered',
  deliver: 'delivered',
  fail: 'failed',
  expand: 'expanded',
  defer: 'pending',
  receive: 'pending',
};

const DIRECTION: Record<string, string> = { '1': 'inbound', '2': 'outbound' };

/** A record from either admin center report: both name the subject, size, message id and direction alike. */
function eacRecord(
  row: Record<string, string>,
  fields: {
    networkId: string;
    sender: string;
    recipient: string;
    received: string;
    status: string;
    fromIP: string;
    toIP: string;
    extras: Record<string, unknown>;
  },
): Record<string, unknown> {
  const direction = get(row, 'directionality');
  return traceRecord({
    id: `${fields.networkId}|${fields.recipient.toLowerCase()}`,
    sender: fields.sender,
    recipient: fields.recipient,
    received: fields.received,
    subject: get(row, 'message_subject'),
    status: fields.status,
    fromIP: fields.fromIP,
    toIP: fields.toIP,
    size: numberCell(get(row, 'total_bytes')) ?? null,
    messageId: get(row, 'message_id'),
    extras: { networkMessageId: fields.networkId, ...fields.extras, direction: DIRECTION[direction] ?? direction },
  });
}

/**
 * The Exchange admin center's Enhanced summary report (downloadable CSV, also `Get-HistoricalSearch`): one
 * row per message, every recipient with its events in `recipient_status` (`a@x##Receive, Send;b@y##…`).
 * https://learn.microsoft.com/exchange/monitoring/trace-an-email-message/message-trace-modern-eac
 */
export const eacEnhancedSummary: CsvFormat = {
  id: 'message-trace-enhanced-summary-csv',
  label: 'Exchange admin center message trace, Enhanced summary report (CSV)',
  source: 'messageTrace',
  signature: ['origin_timestamp_utc|origin_timestamp', 'sender_address', 'recipient_status', 'network_message_id'],
  columns: [
    'origin_timestamp_utc',
    'sender_address',
    'recipient_status',
    'message_subject',
    'total_bytes',
    'message_id',
    'network_message_id',
    'original_client_ip',
    'directionality',
    'connector_id',
    'delivery_priority',
  ],
  utc: true,
  convert(row, ctx) {
    const received = ctx.time(get(row, 'origin_timestamp_utc', 'origin_timestamp'));
    const sender = get(row, 'sender_address');
    const networkId = get(row, 'network_message_id');
    if (!received) return { ok: false, reason: 'no readable origin_timestamp' };
    if (!sender || !networkId) return { ok: false, reason: 'no sender_address or network_message_id' };
    const entries = get(row, 'recipient_status')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = entries.find((e) => !/^[^#\s]+##/.test(e));
    if (bad) return { ok: false, reason: `recipient_status ${quoted(bad)} is not address##events` };
    return rowOf(
      entries.map((entry) => {
        const [recipient = '', events = ''] = entry.split('##');
        const last = events.split(',').at(-1)?.trim().toLowerCase() ?? '';
        return eacRecord(row, {
          networkId,
          sender,
          recipient,
          received,
          status: EVENT_STATUS[last] ?? last,
          fromIP: get(row, 'original_client_ip'),
          toIP: '',
          extras: { events: events.trim() },
        });
      }),
    );
  },
};

const FINAL_EVENTS: Record<string, string> = { SEND: 'delivered', DELIVER: 'delivered', FAIL: 'failed' };

/**
 * The Exchange admin center's Extended report (downloadable CSV): one row per event of a message. Where a
 * message went is its SEND (out of the organisation), DELIVER (to a mailbox) and FAIL events, one record per
 * recipient they name; the other events (RECEIVE, AGENTINFO, EXPAND…) are reported as not imported.
 */
export const eacExtendedReport: CsvFormat = {
  id: 'message-trace-extended-csv',
  label: 'Exchange admin center message trace, Extended report (CSV)',
  source: 'messageTrace',
  signature: ['date_time_utc', 'event_id', 'sender_address', 'recipient_address', 'internal_message_id'],
  columns: [
    'date_time_utc',
    'client_ip',
    'client_hostname',
    'server_ip',
    'server_hostname',
    'source_context',
    'connector_id',
    'source',
    'event_id',
    'internal_message_id',
    'message_id',
    'network_message_id',
    'recipient_address',
    'recipient_status',
    'total_bytes',
    'recipient_count',
    'related_recipient_address',
    'reference',
    'message_subject',
    'sender_address',
    'return_path',
    'message_info',
    'directionality',
    'tenant_id',
    'original_client_ip',
    'original_server_ip',
    'custom_data',
  ],
  utc: true,
  convert(row, ctx) {
    const event = get(row, 'event_id').toUpperCase();
    const status = FINAL_EVENTS[event];
    if (!status)
      return {
        ok: false,
        reason: `${event ? quoted(event, 30) : 'a blank'} event: only SEND, DELIVER and FAIL events say where a message went`,
      };
    const received = ctx.time(get(row, 'date_time_utc'));
    const sender = get(row, 'sender_address');
    const networkId = get(row, 'network_message_id') || get(row, 'internal_message_id');
    if (!received) return { ok: false, reason: 'no readable date_time_utc' };
    if (!sender || !networkId) return { ok: false, reason: 'no sender_address or message id' };
    return rowOf(
      get(row, 'recipient_address')
        .split(';')
        .map((r) => r.trim())
        .filter(Boolean)
        .map((recipient) =>
          eacRecord(row, {
            networkId,
            sender,
            recipient,
            received,
            status,
            fromIP: get(row, 'original_client_ip', 'client_ip'),
            toIP: event === 'SEND' ? get(row, 'server_ip') : '',
            extras: { event },
          }),
        ),
    );
  },
};

/**
 * A message trace summary with underscore column names (`date_time_utc`, `sender_address`,
 * `recipient_address`, `status`, `to_ip`, `from_ip`, `message_size`, `message_trace_id`), as Clearance has
 * read since its first import; after the layouts above, so it never takes their files.
 */
export const messageTraceCsv: CsvFormat = {
  id: 'message-trace-csv',
  label: 'Message trace summary export (CSV)',
  source: 'messageTrace',
  signature: ['date_time_utc', 'sender_address', 'recipient_address', 'status'],
  columns: [
    'date_time_utc',
    'sender_address',
    'recipient_address',
    'subject',
    'status',
    'to_ip',
    'from_ip',
    'message_size',
    'message_id',
    'message_trace_id',
  ],
  utc: true,
  convert(row, ctx) {
    const received = ctx.time(get(row, 'date_time_utc'));
    const sender = get(row, 'sender_address');
    const recipient = get(row, 'recipient_address');
    if (!received || !sender || !recipient) return { ok: false, reason: 'no readable time, sender or recipient' };
    const messageId = get(row, 'message_id');
    const traceId = get(row, 'message_trace_id');
    if (!messageId && !traceId) return { ok: false, reason: 'no message_trace_id or message_id' };
    return {
      ok: true,
      record: traceRecord({
        id: `${traceId || messageId}|${recipient.toLowerCase()}`,
        sender,
        recipient,
        received,
        subject: get(row, 'subject'),
        status: graphTraceStatus(get(row, 'status')),
        fromIP: get(row, 'from_ip'),
        toIP: get(row, 'to_ip'),
        size: numberCell(get(row, 'message_size')) ?? null,
        messageId,
      }),
    };
  },
};

/** Every message trace layout, most specific first. */
export const MESSAGE_TRACE_FORMATS: readonly CsvFormat[] = [
  getMessageTraceCsv,
  eacEnhancedSummary,
  eacExtendedReport,
  messageTraceCsv,
];
