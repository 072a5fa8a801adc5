import type { SourceId } from '../../shared/domain/investigation.ts';
import type { EvidenceRecord, TimelineEvent } from '../store/case-file/investigation-store.ts';
import { actorLabel, actorOf, scopeOf, type UserIdentity } from './actors.ts';
import { str } from './readers.ts';
import { ipOf } from '../network/ip-address.ts';
import { lookupIp } from '../network/ip-intel.ts';
import { signInOutcome } from './sign-in-status.ts';
import { LEGACY_CLIENTS } from './detectors/sign-ins.ts';

type Draft = Omit<TimelineEvent, 'evidenceId' | 'source'>;
type Normaliser = (body: Record<string, unknown>) => Draft | null;

const iso = (value: unknown): string | null => {
  const t = Date.parse(str(value));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
};

function draft(at: string | null, kind: string, summary: string, extra: Partial<Draft> = {}): Draft | null {
  if (!at) return null;
  return {
    at,
    kind,
    summary,
    actor: null,
    ip: null,
    country: null,
    client: null,
    userAgent: null,
    severity: 'info',
    ...extra,
  };
}

const NORMALISERS: Partial<Record<SourceId, Normaliser>> = {
  signIns: (b) => {
    const status = (b.status ?? {}) as { errorCode?: number; failureReason?: string | null };
    const location = (b.location ?? {}) as { city?: string; countryOrRegion?: string };
    const device = (b.deviceDetail ?? {}) as { browser?: string; operatingSystem?: string };
    const outcome = signInOutcome(status.errorCode);
    const ok = outcome === 'success';
    const client = str(b.clientAppUsed);
    const where = [location.city, location.countryOrRegion].filter(Boolean).join(', ');
    const verb = {
      success: 'Signed in',
      interrupt: `Sign-in interrupted (${status.errorCode ?? '?'}: a further step, not a failure)`,
      failure: `Sign-in failed (${status.errorCode ?? '?'})`,
    }[outcome];
    return draft(
      iso(b.createdDateTime),
      `signin.${outcome}`,
      `${verb} to ${str(b.appDisplayName) || 'an app'}${where ? ` from ${where}` : ''} via ${client || 'unknown client'}`,
      {
        actor: actorLabel(actorOf('signIns', b)),
        ip: ipOf(b.ipAddress) || str(b.ipAddress) || null,
        country: str(location.countryOrRegion) || null,
        client: client || null,
        userAgent: [device.browser, device.operatingSystem].filter(Boolean).join(' / ') || null,
        severity: ok && LEGACY_CLIENTS.has(client.toLowerCase()) ? 'medium' : ok ? 'info' : 'low',
      },
    );
  },
  directoryAudits: (b) => {
    const by = (b.initiatedBy ?? {}) as {
      user?: { userPrincipalName?: string; ipAddress?: string } | null;
      app?: { displayName?: string } | null;
    };
    return draft(
      iso(b.activityDateTime),
      `directory.${str(b.category).toLowerCase() || 'change'}`,
      `${str(b.activityDisplayName)} (${str(b.result)})`,
      {
        actor: actorLabel(actorOf('directoryAudits', b)),
        ip: ipOf(by.user?.ipAddress) || null,
        severity: /security info|authentication method|consent|role/i.test(str(b.activityDisplayName))
          ? 'medium'
          : 'info',
      },
    );
  },
  auditLog: (b) => {
    const op = str(b.operation);
    return draft(iso(b.createdDateTime), `mailbox.${op}`, `${op}${str(b.objectId) ? ` ${str(b.objectId)}` : ''}`, {
      actor: actorLabel(actorOf('auditLog', b)),
      ip: ipOf(b.clientIp) || ipOf((b.auditData as { ClientIP?: unknown } | undefined)?.ClientIP) || null,
      severity: /InboxRule|Set-Mailbox|Permission|AuditBypass|AdminAuditLog/i.test(op) ? 'medium' : 'info',
    });
  },
  messageTrace: (b) =>
    draft(
      iso(b.receivedDateTime),
      `mail.${str(b.status).toLowerCase() || 'sent'}`,
      `Sent “${str(b.subject)}” to ${str(b.recipientAddress)} (${str(b.status)})`,
      {
        actor: str(b.senderAddress) || null,
        ip: ipOf(b.fromIP) || null,
        severity: str(b.status).toLowerCase() === 'failed' ? 'low' : 'info',
      },
    ),
  sentItems: (b) => {
    const to =
      (b.toRecipients as Array<{ emailAddress?: { address?: string } }> | undefined)
        ?.map((r) => r.emailAddress?.address)
        .filter(Boolean) ?? [];
    return draft(
      iso(b.sentDateTime),
      'mail.sentItem',
      `Sent Items: “${str(b.subject)}” to ${to.slice(0, 3).join(', ')}${to.length > 3 ? ` and ${to.length - 3} more` : ''}`,
    );
  },
  riskDetections: (b) =>
    draft(iso(b.activityDateTime), 'risk.detection', `Risk detection: ${str(b.riskEventType)} (${str(b.riskLevel)})`, {
      ip: ipOf(b.ipAddress) || null,
      country: str((b.location as { countryOrRegion?: string } | undefined)?.countryOrRegion) || null,
      severity: str(b.riskLevel) === 'high' ? 'high' : 'medium',
    }),
  alerts: (b) =>
    draft(iso(b.createdDateTime), 'alert', `Defender alert: ${str(b.title)} (${str(b.severity)})`, {
      severity: str(b.severity) === 'high' ? 'high' : 'medium',
    }),
  authMethods: (b) =>
    draft(
      iso(b.createdDateTime),
      'auth.method',
      `Authentication method registered: ${str(b['@odata.type']).replace('#microsoft.graph.', '')}${str(b.phoneNumber) ? ` ${str(b.phoneNumber)}` : ''}`,
    ),
  blockedSender: (b) =>
    draft(iso(b.CreatedDatetime), 'block', `Blocked from sending (Restricted entities): ${str(b.Reason)}`, {
      severity: 'high',
    }),
};

/**
 * Every evidence record that has a time becomes a timeline event; the rest (state snapshots) do not.
 * Given the case's user, other people's and the service's events keep their actor but never a severity:
 * a tenant-wide export's SYSTEM housekeeping is not the user's "medium" event.
 */
export function* normalise(records: Iterable<EvidenceRecord>, user?: UserIdentity): Generator<TimelineEvent> {
  for (const record of records) {
    const normaliser = NORMALISERS[record.source];
    const event = normaliser?.(record.body);
    if (!event) continue;
    // The unified audit log and message trace give no country: the offline data says where the address is
    // registered, so every event with an address can be filtered and read by country.
    if (event.ip && !event.country) event.country = lookupIp(event.ip)?.country ?? null;
    if (
      user &&
      event.severity !== 'info' &&
      scopeOf(record.source, { id: record.id, body: record.body }, user) !== 'user'
    )
      event.severity = 'info';
    yield { ...event, source: record.source, evidenceId: record.id };
  }
}
