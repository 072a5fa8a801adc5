import type { SourceId } from '../../../shared/domain/investigation.ts';

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
