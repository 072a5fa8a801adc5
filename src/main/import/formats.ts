import type { SourceId } from '../../shared/domain/investigation.ts';
import { parseExportTime } from './export-time.ts';

/** One row turned into the Graph shape the detectors read, or the reason it could not be. */
export type RowResult = { ok: true; record: Record<string, unknown> } | { ok: false; reason: string };

export interface CsvFormat {
  id: string;
  label: string;
  source: SourceId;
  /** Column names (lower-case) whose presence identifies the format. */
  signature: string[];
  convert(row: Record<string, string>): RowResult;
}

const get = (row: Record<string, string>, ...names: string[]): string => {
  for (const name of names) {
    const key = Object.keys(row).find((k) => k.trim().toLowerCase() === name.toLowerCase());
    if (key !== undefined && row[key] !== undefined && row[key] !== '') return row[key];
  }
  return '';
};

/** Purview / Compliance portal audit search export: CreationDate, UserIds, Operations, AuditData (JSON). */
const purviewAudit: CsvFormat = {
  id: 'purview-audit-csv',
  label: 'Purview audit log export (CSV)',
  source: 'auditLog',
  signature: ['auditdata', 'operations'],
  convert(row) {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(get(row, 'AuditData')) as Record<string, unknown>;
    } catch {
      return { ok: false, reason: 'the AuditData column is not valid JSON' };
    }
    const created = parseExportTime(
      typeof data.CreationTime === 'string' ? data.CreationTime : get(row, 'CreationDate'),
    );
    if (!created) return { ok: false, reason: 'no readable CreationTime/CreationDate' };
    const operation = typeof data.Operation === 'string' ? data.Operation : get(row, 'Operations');
    const upn = typeof data.UserId === 'string' ? data.UserId : get(row, 'UserIds');
    const id = typeof data.Id === 'string' ? data.Id : get(row, 'RecordId', 'Identity');
    if (!operation || !id) return { ok: false, reason: 'no operation or record id' };
    const ip =
      typeof data.ClientIP === 'string'
        ? data.ClientIP
        : typeof data.ClientIPAddress === 'string'
          ? data.ClientIPAddress
          : '';
    return {
      ok: true,
      record: {
        '@odata.type': '#microsoft.graph.security.auditLogRecord',
        id,
        createdDateTime: created,
        operation,
        userPrincipalName: upn.toLowerCase(),
        userId: upn,
        clientIp: ip,
        service: typeof data.Workload === 'string' ? data.Workload : '',
        auditLogRecordType: String((data.RecordType as string | number | undefined) ?? get(row, 'RecordType')),
        auditData: data,
      },
    };
  },
};

/** Entra admin center sign-in log download (CSV). */
const entraSignInsCsv: CsvFormat = {
  id: 'entra-signins-csv',
  label: 'Entra sign-in log download (CSV)',
  source: 'signIns',
  signature: ['request id', 'ip address', 'client app'],
  convert(row) {
    const created = parseExportTime(get(row, 'Date (UTC)', 'Date'));
    const id = get(row, 'Request ID', 'Id');
    if (!created || !id) return { ok: false, reason: 'no readable date or request id' };
    const [city = '', state = '', country = ''] = get(row, 'Location')
      .split(',')
      .map((s) => s.trim());
    const code = Number(get(row, 'Sign-in error code', 'Error code') || '0');
    const lat = Number(get(row, 'Latitude'));
    const lon = Number(get(row, 'Longitude'));
    return {
      ok: true,
      record: {
        id,
        createdDateTime: created,
        userPrincipalName: get(row, 'Username', 'User principal name').toLowerCase(),
        userDisplayName: get(row, 'User'),
        userId: get(row, 'User ID'),
        appDisplayName: get(row, 'Application'),
        appId: get(row, 'Application ID'),
        ipAddress: get(row, 'IP address'),
        clientAppUsed: get(row, 'Client app'),
        correlationId: get(row, 'Correlation ID'),
        status: { errorCode: Number.isFinite(code) ? code : 0, failureReason: get(row, 'Failure reason') || null },
        location: {
          city,
          state,
          countryOrRegion: country,
          geoCoordinates:
            Number.isFinite(lat) && Number.isFinite(lon) && get(row, 'Latitude')
              ? { latitude: lat, longitude: lon }
              : null,
        },
        deviceDetail: {
          browser: get(row, 'Browser'),
          operatingSystem: get(row, 'Operating System', 'Operating system'),
        },
        userAgent: get(row, 'User agent'),
      },
    };
  },
};

/** Exchange admin center message trace export (old and new column names). */
const messageTraceCsv: CsvFormat = {
  id: 'message-trace-csv',
  label: 'Message trace export (CSV)',
  source: 'messageTrace',
  signature: ['recipient_address|recipient address|recipientaddress', 'sender_address|sender address|senderaddress'],
  convert(row) {
    const received = parseExportTime(get(row, 'date_time_utc', 'Received', 'Date', 'origin_timestamp_utc'));
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

/** Entra audit log download (CSV). */
const entraAuditCsv: CsvFormat = {
  id: 'entra-audit-csv',
  label: 'Entra audit log download (CSV)',
  source: 'directoryAudits',
  signature: ['activity', 'target', 'initiated by (actor)|actor'],
  convert(row) {
    const at = parseExportTime(get(row, 'Date (UTC)', 'Date'));
    const id = get(row, 'Id', 'ID', 'Correlation ID');
    if (!at || !id) return { ok: false, reason: 'no readable date or id' };
    return {
      ok: true,
      record: {
        id,
        activityDateTime: at,
        activityDisplayName: get(row, 'Activity'),
        category: get(row, 'Category'),
        result: get(row, 'Result', 'Status').toLowerCase(),
        correlationId: get(row, 'Correlation ID'),
        initiatedBy: {
          user: {
            userPrincipalName: get(row, 'Initiated By (Actor)', 'Actor', 'Initiated by (actor)'),
            ipAddress: get(row, 'IP address'),
          },
        },
        targetResources: [{ displayName: get(row, 'Target'), userPrincipalName: get(row, 'Target') }],
      },
    };
  },
};

export const CSV_FORMATS: readonly CsvFormat[] = [purviewAudit, entraSignInsCsv, messageTraceCsv, entraAuditCsv];

export function detectCsvFormat(columns: string[]): CsvFormat | null {
  const present = new Set(columns.map((c) => c.trim().toLowerCase()));
  return (
    CSV_FORMATS.find((f) =>
      f.signature.every((alternatives) => alternatives.split('|').some((name) => present.has(name))),
    ) ?? null
  );
}

/** Graph JSON (a collection response, or a plain array from the Entra JSON download): which source is it? */
export function detectJsonSource(body: unknown): { source: SourceId; items: unknown[] } | null {
  const items = Array.isArray(body)
    ? body
    : Array.isArray((body as { value?: unknown })?.value)
      ? (body as { value: unknown[] }).value
      : null;
  if (!items) return null;
  const rawContext = Array.isArray(body) ? undefined : (body as { '@odata.context'?: unknown })['@odata.context'];
  const context = typeof rawContext === 'string' ? rawContext : '';
  const bySource: Array<[SourceId, RegExp, (item: Record<string, unknown>) => boolean]> = [
    [
      'signIns',
      /auditLogs\/signIns/i,
      (i) => 'createdDateTime' in i && ('clientAppUsed' in i || 'appDisplayName' in i) && 'ipAddress' in i,
    ],
    ['directoryAudits', /auditLogs\/directoryAudits/i, (i) => 'activityDateTime' in i && 'activityDisplayName' in i],
    ['auditLog', /auditLog\/queries.*records/i, (i) => 'operation' in i && 'auditData' in i],
    ['messageTrace', /messageTraces/i, (i) => 'senderAddress' in i && 'recipientAddress' in i],
    ['inboxRules', /messageRules/i, (i) => 'actions' in i && 'displayName' in i],
  ];
  for (const [source, contextPattern] of bySource) {
    if (contextPattern.test(context)) return { source, items };
  }
  const first = items.find((i) => i && typeof i === 'object') as Record<string, unknown> | undefined;
  if (!first) return null;
  for (const [source, , shape] of bySource) if (shape(first)) return { source, items };
  return null;
}
