import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Label, LabelledCase, Weight } from '../evaluate.ts';

/**
 * Panther's labelled rule tests (tests/fixtures/panther/m365-entra-rule-tests.jsonl, Apache-2.0): 71 records,
 * each with the verdict of one Panther rule. Each record becomes its own case, written in the export layout
 * Microsoft produces for it and read by Clearance's importer for that layout:
 *
 * - Microsoft 365 audit records (`Microsoft365.Audit.*`) are unified audit log records. Panther stores the
 *   Exchange ones with lower-case keys and a space in CreationTime; they are written back as the Management
 *   Activity API's AuditData (PascalCase names from its schema, ISO time) and read as bare AuditData JSON.
 * - Entra records (`Azure.Audit`) arrive through diagnostic settings: an envelope around `properties`, which is
 *   Graph's signIn or directoryAudit. They are written as a Graph collection (`auditLogs/signIns` or
 *   `auditLogs/directoryAudits`), with what the envelope alone holds filled in: the time (Panther's space-
 *   separated form written as ISO UTC), the address (`callerIpAddress`), a numeric `resultType` as
 *   `status.errorCode` where `status` is missing, and an id where Panther's test record has none.
 * - Graph security alerts (`MicrosoftGraph.SecurityAlertV2`) have no importer: their rule is not covered.
 *
 * The case's user is the record's actor (as the analyst would name the blocked account); a record with no
 * user (a service principal's sign-in) is imported into an unrelated user's case, where it must count for
 * nothing. No block time is recorded, as an import without --blocked-at records none.
 */

interface PantherRecord {
  rule_id: string;
  test_name: string;
  expected_result: boolean;
  log_types: string[];
  log: Record<string, unknown>;
}

export const PANTHER_FIXTURE = join(
  import.meta.dirname,
  '..',
  '..',
  'fixtures',
  'panther',
  'm365-entra-rule-tests.jsonl',
);

export function pantherRecords(): PantherRecord[] {
  return readFileSync(PANTHER_FIXTURE, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as PantherRecord);
}

type Log = Record<string, unknown>;

/** A string or number as text; anything else (absent, an object) as ''. */
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

interface Mapping {
  detector: string;
  /** Which of the rule's records the detector reads (the rule spans two record kinds). */
  applies?: (log: Log) => boolean;
  flagAt?: Weight;
  note: string;
}

const operation = (log: Log) => text(log.operation ?? log.Operation);

/** Panther rules and the Clearance detectors that look for the same behaviour. */
export const PANTHER_COVERED: Readonly<Record<string, readonly Mapping[]>> = {
  'Microsoft365.Exchange.External.Forwarding': [
    {
      detector: 'mailbox-forwarding',
      applies: (log) => operation(log) === 'Set-Mailbox',
      flagAt: 'strong',
      note: 'forwarding outside the organisation is its strong finding; forwarding inside is moderate by design',
    },
    {
      detector: 'inbox-rule-created-recently',
      applies: (log) => /^(New|Set)-InboxRule$/.test(operation(log)),
      flagAt: 'strong',
      note: 'a rule forwarding outside is its strong finding',
    },
  ],
  'Azure.Audit.LegacyAuth': [
    { detector: 'signin-legacy-protocol', note: 'a successful sign-in over a protocol without MFA' },
  ],
  'Azure.Audit.ROPCLoginNoMFA': [
    {
      detector: 'signin-legacy-protocol',
      note: 'ROPC is password-only ("Other clients"), the behaviour legacy-protocol sign-ins share',
    },
  ],
  'Azure.Audit.HighRiskSignIn': [
    { detector: 'entra-risk', note: "Microsoft's own risk rating, read from the user's risk state and each sign-in's" },
  ],
  'Azure.Audit.MultipleProtectionAlerts': [
    { detector: 'entra-risk', note: "Microsoft's own risk rating, read from the user's risk state and each sign-in's" },
  ],
  'Azure.Audit.ExcessiveAccountLockouts': [
    {
      detector: 'signin-failure-burst',
      note: 'Panther counts failures toward a threshold; Clearance flags failures only when a success follows',
    },
  ],
  'Microsoft365.Brute.Force.Login.by.User': [
    {
      detector: 'audit-failure-then-success',
      note: 'Panther counts failures toward a threshold; Clearance flags failures only when a success follows',
    },
  ],
};

/** Panther rules no Clearance detector covers, and why. */
export const PANTHER_UNCOVERED: Readonly<Record<string, string>> = {
  'Azure.Audit.OIDC.Changed': 'tenant configuration (authentication methods policy); no detector reads it',
  'Azure.Audit.DeviceCodeBrokerClient':
    'device-code sign-in through the authentication broker; no detector reads the authentication protocol',
  'Azure.Audit.DomainSettingsModified': 'domain federation settings (tenant configuration); no detector reads them',
  'Azure.Audit.ElevateUserAccessAdministrator':
    'Azure role elevation in the directory audit log; admin-role-held reads only the roles the user holds now',
  'Azure.Audit.GraphSessionMultipleIPs': 'one session used from several addresses; no detector follows session ids',
  'Azure.Audit.InviteExternalUsers': 'guest invitations; no detector reads them',
  'Azure.Audit.MFADisabled':
    'a Conditional Access policy losing its MFA control; Conditional Access is read by the checklist, not a detector',
  'Azure.Audit.PolicyChanged': 'a Conditional Access policy deleted; no detector reads policy changes',
  'Azure.Audit.RoleChangedPIM':
    'a PIM role assignment in the directory audit log; admin-role-held reads only the roles the user holds now',
  'Azure.Audit.ServicePrincipalCredentialsAdded': 'credentials added to an application; no detector reads them',
  'Azure.Audit.VSCodeOAuthPhishing':
    'a first-party client (VS Code) used for Graph tokens; no detector reads the client application',
  'Azure.Audit.ManyFailedSignIns': "service principals' sign-ins: Clearance investigates user accounts",
  'Azure.Audit.RiskLevelPassthrough': "service principals' sign-ins: Clearance investigates user accounts",
  'Standard.SignInFromRogueState': "service principals' sign-ins: Clearance investigates user accounts",
  'Microsoft365.External.Document.Sharing':
    'sharing with a guest; sharing is read only when it comes from an address tied to the attacker',
  'Microsoft365.MFA.Disabled':
    'MFA methods removed (unified audit "Update user."); mfa-method-added reads methods added, in the directory audit log',
  'Microsoft.Graph.Passthrough': 'Defender alerts: Clearance has no importer for Graph security alerts',
};

/** Records Panther labels benign only through one organisation's allow-list: not scored. */
export const PANTHER_NOT_SCORED = /KNOWN_EXCEPTION/;

const UNRELATED_USER = 'unrelated.user@example.com';

/** Panther's "2023-07-26 22:58:30.983201900" as ISO 8601 (fractions to the 7 digits Graph writes). */
function isoTime(raw: unknown, zone: 'Z' | ''): string {
  const value = text(raw);
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  if (!m) return value;
  const fraction = zone === 'Z' && m[3] ? m[3].slice(0, 8) : '';
  return `${m[1]}T${m[2]}${fraction}${m[4] ?? zone}`;
}

/** An envelope property in either spelling Panther's test records use (callerIpAddress, calleripaddress). */
function envelope(log: Log, name: string): unknown {
  const key = Object.keys(log).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : log[key];
}

/** The Management Activity API's names for the AuditData properties Panther lower-cases. */
const AUDIT_DATA_NAMES = [
  'ClientIP',
  'CreationTime',
  'ExternalAccess',
  'Id',
  'ObjectId',
  'Operation',
  'OrganizationId',
  'OrganizationName',
  'OriginatingServer',
  'Parameters',
  'RecordType',
  'ResultStatus',
  'UserId',
  'UserKey',
  'UserType',
  'Workload',
];

function auditData(log: Log): Log {
  const named = new Map(AUDIT_DATA_NAMES.map((n) => [n.toLowerCase(), n]));
  const data: Log = {};
  for (const [key, value] of Object.entries(log)) data[named.get(key) ?? key] = value;
  data.CreationTime = isoTime(data.CreationTime, '').replace(/\.0+$/, '');
  return data;
}

const UPN = /^[^@\s]+@[^@\s]+$/;
const upnOr = (...values: unknown[]) =>
  (values.find((v): v is string => typeof v === 'string' && UPN.test(v)) ?? UNRELATED_USER).toLowerCase();

const SIGN_IN_CATEGORIES = /^(SignInLogs|NonInteractiveUserSignInLogs|ServicePrincipalSignInLogs)$/i;

function entraRecord(log: Log, index: number): { file: LabelledCase['files'][number]; upn: string } {
  const properties = { ...((log.properties ?? {}) as Log) };
  const time = isoTime(envelope(log, 'time'), 'Z');
  properties.id ??= envelope(log, 'correlationId') ?? `panther-${index}`;
  if (SIGN_IN_CATEGORIES.test(text(envelope(log, 'category')))) {
    properties.createdDateTime = isoTime(properties.createdDateTime ?? time, 'Z');
    properties.ipAddress ??= envelope(log, 'callerIpAddress');
    const resultType = text(envelope(log, 'resultType'));
    if (properties.status === undefined && /^\d+$/.test(resultType))
      properties.status = { errorCode: Number(resultType) };
    return {
      upn: upnOr(properties.userPrincipalName),
      file: {
        name: 'signins.json',
        text: JSON.stringify({
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
          value: [properties],
        }),
      },
    };
  }
  properties.activityDateTime = isoTime(properties.activityDateTime ?? time, 'Z');
  properties.activityDisplayName ??= envelope(log, 'operationName');
  const by = properties.initiatedBy as { user?: { userPrincipalName?: unknown } } | undefined;
  return {
    upn: upnOr(by?.user?.userPrincipalName),
    file: {
      name: 'directoryaudits.json',
      text: JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/directoryAudits',
        value: [properties],
      }),
    },
  };
}

function auditRecord(log: Log): { file: LabelledCase['files'][number]; upn: string } {
  const data = auditData(log);
  return { upn: upnOr(data.UserId, data.ObjectId), file: { name: 'auditdata.json', text: JSON.stringify([data]) } };
}

/** Every Panther record as a case; labels only for the rules Clearance covers. */
export function pantherCases(): LabelledCase[] {
  return pantherRecords().map((r, index) => {
    const kind = r.log_types[0] ?? '';
    const native = kind.startsWith('Microsoft365.Audit')
      ? auditRecord(r.log)
      : kind === 'Azure.Audit'
        ? entraRecord(r.log, index)
        : null;
    const labels: Label[] = PANTHER_NOT_SCORED.test(r.test_name)
      ? []
      : (PANTHER_COVERED[r.rule_id] ?? [])
          .filter((m) => !m.applies || m.applies(r.log))
          .map((m) => ({
            record: `${r.rule_id}: ${r.test_name}`,
            detector: m.detector,
            expected: r.expected_result,
            note: m.note,
            ...(m.flagAt ? { flagAt: m.flagAt } : {}),
          }));
    return {
      set: 'panther',
      name: `${r.rule_id}: ${r.test_name}`,
      upn: native?.upn ?? UNRELATED_USER,
      files: native ? [native.file] : [],
      labels,
    };
  });
}
