import type { CsvFormat } from './format.ts';
import { get } from './columns.ts';

/** Exchange admin center message trace export (old and new column names). */
export const messageTraceCsv: CsvFormat = {
  id: 'message-trace-csv',
  label: 'Message trace export (CSV)',
  source: 'messageTrace',
  signature: ['recipient_address|recipient address|recipientaddress', 'sender_address|sender address|senderaddress'],
  convert(row, ctx) {
    const received = ctx.time(get(row, 'date_time_utc', 'Received', 'Date', 'origin_timestamp_utc'));
    const sender = get(row, 'sender_address', 'Sender address', 'SenderAddress');
    const recipient = get(row, 'recipient_address', 'Recipient address', 'RecipientAddress');
    if (!received || !sender || !recipient) return { ok: false, reason: 'no readable time, sender or recipient' };
    const messageId = get(row, 'message_id', 'Message ID', 'MessageId');
    const traceId = get(row, 'message_trace_id', 'Message trace ID', 'MessageTraceId');
    return {
      ok: true,
      record: {
        id: `${traceId || messageId}|${recipient.toLowerCase()}`,
        senderAddress: sender.toLowerCase(),
        recipientAddress: recipient.toLowerCase(),
        receivedDateTime: received,
        subject: get(row, 'subject', 'Subject'),
        status: get(row, 'status', 'Status', 'delivery_status').toLowerCase(),
        fromIP: get(row, 'from_ip', 'From IP', 'original_client_ip', 'FromIP'),
        toIP: get(row, 'to_ip', 'To IP', 'ToIP'),
        size: Number(get(row, 'message_size', 'Size') || '0'),
        messageId,
      },
    };
  },
};
