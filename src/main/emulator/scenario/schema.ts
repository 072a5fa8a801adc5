import { z } from 'zod';

// A scenario is a tenant as data: Graph and Exchange objects in the real APIs' JSON shapes. Each
// collection's items are checked for the fields the emulator relies on (id, times, owners) and otherwise
// kept exactly as written, so real sample records can be dropped in unchanged.

const Guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');
const Instant = z.iso.datetime({ offset: true, local: false, precision: undefined });
const Email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an e-mail address');

/** A Graph object: the listed fields are required, anything else is kept as is. */
function graphObject<T extends z.ZodRawShape>(shape: T) {
  return z.looseObject(shape);
}

export const Licences = z
  .object({
    /** Entra ID P1: sign-in logs, signInActivity. */
    entraIdP1: z.boolean().default(true),
    /** Entra ID P2: full Identity Protection (risky users, detections, confirmCompromised). */
    entraIdP2: z.boolean().default(true),
    exchangeOnline: z.boolean().default(true),
    defenderForOffice365: z.boolean().default(true),
    purviewAudit: z.boolean().default(true),
  })
  .strict();

/**
 * Identity and mail policies (playbook step 3). Graph objects as Graph returns them; Exchange settings as
 * the cmdlets' rows. Defaults are Microsoft's defaults for an enterprise tenant that has switched
 * security defaults off in favour of Conditional Access.
 */
export const Policies = z
  .object({
    /** GET /policies/identitySecurityDefaultsEnforcementPolicy */
    securityDefaults: z.looseObject({ isEnabled: z.boolean() }).default({ isEnabled: false }),
    /** GET /identity/conditionalAccess/policies (needs Entra ID P1). */
    conditionalAccess: z.array(graphObject({ id: z.string(), displayName: z.string(), state: z.string() })).default([]),
    /** GET /policies/authorizationPolicy: who may consent to apps. */
    authorizationPolicy: z
      .looseObject({
        defaultUserRolePermissions: z.looseObject({ permissionGrantPoliciesAssigned: z.array(z.string()) }),
      })
      .default({
        defaultUserRolePermissions: {
          permissionGrantPoliciesAssigned: ['ManagePermissionGrantsForSelf.microsoft-user-default-low'],
        },
      }),
    /** Get-HostedOutboundSpamFilterPolicy rows. */
    outboundSpamPolicies: z
      .array(z.looseObject({ Name: z.string(), AutoForwardingMode: z.string() }))
      .default([{ Name: 'Default', AutoForwardingMode: 'Automatic', IsDefault: true }]),
    /** Get-OrganizationConfig (AuditDisabled) and Get-AdminAuditLogConfig (UnifiedAuditLogIngestionEnabled). */
    organizationConfig: z.looseObject({ AuditDisabled: z.boolean() }).default({ AuditDisabled: false }),
    adminAuditLogConfig: z
      .looseObject({ UnifiedAuditLogIngestionEnabled: z.boolean() })
      .default({ UnifiedAuditLogIngestionEnabled: true }),
    /** Get-ProtectionAlert rows (alert policies). */
    protectionAlerts: z.array(z.looseObject({ Name: z.string(), Disabled: z.boolean() })).default([
      { Name: 'User restricted from sending email', Disabled: false, Severity: 'High', Category: 'ThreatManagement' },
      {
        Name: 'Suspicious email sending patterns detected',
        Disabled: false,
        Severity: 'Medium',
        Category: 'ThreatManagement',
      },
      {
        Name: 'Suspicious email forwarding activity',
        Disabled: false,
        Severity: 'Medium',
        Category: 'ThreatManagement',
      },
    ]),
    /** Get-TransportConfig: SMTP AUTH for the organisation. */
    transportConfig: z
      .looseObject({ SmtpClientAuthenticationDisabled: z.boolean() })
      .default({ SmtpClientAuthenticationDisabled: false }),
  })
  .strict();

export const App = z
  .object({
    clientId: Guid,
    displayName: z.string(),
    /** A client secret, for confidential clients. Scenario data, never a real secret. */
    secret: z.string().optional(),
    /** PEM certificate(s) whose private key may sign client assertions. */
    certificates: z.array(z.string()).default([]),
    /** Public client: interactive and device-code sign-in allowed. */
    publicClient: z.boolean().default(false),
    /** Application permissions (roles in app-only tokens), e.g. "AuditLog.Read.All". */
    applicationPermissions: z.array(z.string()).default([]),
    /** Delegated permissions consented for this app (scp in user tokens). */
    delegatedPermissions: z.array(z.string()).default([]),
    /** Exchange Online permissions: "Exchange.ManageAsApp" (app-only) or "Exchange.Manage" (delegated). */
    exchangePermissions: z.array(z.enum(['Exchange.ManageAsApp', 'Exchange.Manage'])).default([]),
  })
  .strict();

const Recipient = z
  .object({ emailAddress: z.object({ address: z.string(), name: z.string().optional() }).loose() })
  .loose();

export const Mailbox = z
  .object({
    /** Graph messageRule objects of the inbox. */
    messageRules: z.array(graphObject({ id: z.string(), displayName: z.string() })).default([]),
    /** Rules Graph cannot see (MAPI-hidden); Exchange shows them. Exchange InboxRule shape (PascalCase). */
    hiddenRules: z.array(z.looseObject({ Identity: z.string(), Name: z.string() })).default([]),
    mailboxSettings: z.looseObject({}).default({}),
    /** Graph message objects in Sent Items. */
    sentItems: z
      .array(graphObject({ id: z.string(), sentDateTime: Instant, toRecipients: z.array(Recipient) }))
      .default([]),
    /** Exchange Get-Mailbox forwarding fields. */
    forwarding: z
      .object({
        ForwardingSmtpAddress: z.string().nullable().default(null),
        ForwardingAddress: z.string().nullable().default(null),
        DeliverToMailboxAndForward: z.boolean().default(false),
      })
      .strict()
      .default({ ForwardingSmtpAddress: null, ForwardingAddress: null, DeliverToMailboxAndForward: false }),
    /** Get-MailboxPermission rows (FullAccess etc.). */
    mailboxPermissions: z.array(z.looseObject({ User: z.string(), AccessRights: z.array(z.string()) })).default([]),
    /** Get-RecipientPermission rows (SendAs). */
    recipientPermissions: z
      .array(z.looseObject({ Trustee: z.string(), AccessRights: z.array(z.string()) }))
      .default([]),
    grantSendOnBehalfTo: z.array(z.string()).default([]),
  })
  .strict();

export const User = z
  .object({
    /** The Graph user object (id and userPrincipalName required; any other user property allowed). */
    user: graphObject({ id: Guid, userPrincipalName: Email, displayName: z.string() }),
    /** Lets the emulator's sign-in page and device-code page sign this user in. */
    password: z.string().optional(),
    mailbox: Mailbox.optional(),
    authenticationMethods: z.array(graphObject({ '@odata.type': z.string(), id: z.string() })).default([]),
    appRoleAssignments: z.array(graphObject({ id: z.string(), resourceId: Guid })).default([]),
  })
  .strict();

export const BlockedSender = z.looseObject({
  SenderAddress: Email,
  Reason: z.string(),
  CreatedDatetime: Instant,
  ChangedDatetime: Instant.optional(),
  TemporaryBlock: z.boolean().default(false),
});

/** Background volume for one user: ordinary activity spread over `days` before the anchor. */
const NoiseSpec = z
  .object({
    userPrincipalName: Email,
    days: z.number().int().min(1).max(365).default(30),
    signIns: z.number().int().min(0).default(0),
    directoryAudits: z.number().int().min(0).default(0),
    auditRecords: z.number().int().min(0).default(0),
    messageTraces: z.number().int().min(0).default(0),
    sentItems: z.number().int().min(0).default(0),
    /** Where the user's ordinary sign-ins come from (ISO 3166 alpha-2) and with which public IPv4 prefix. */
    homeCountry: z.string().length(2).default('DK'),
    homeIpPrefix: z
      .string()
      .regex(/^\d{1,3}\.\d{1,3}\.\d{1,3}$/)
      .default('62.107.40'),
  })
  .strict();

/** A burst of outbound mail: `count` messages with one subject over `minutes` from `start`. */
const BurstSpec = z
  .object({
    userPrincipalName: Email,
    start: Instant,
    minutes: z.number().int().min(1),
    count: z.number().int().min(1),
    subject: z.string(),
    /** Recipients are drawn from these domains (external ones make an external ratio). */
    recipientDomains: z.array(z.string()).min(1),
    fromIP: z.string(),
    /** Into message trace, Sent Items, or both. */
    into: z.array(z.enum(['messageTraces', 'sentItems'])).default(['messageTraces', 'sentItems']),
    /** Message-trace status of the messages sent after the block, e.g. "failed" (NDR 5.1.8). */
    statusAfter: z.object({ at: Instant, status: z.string() }).optional(),
  })
  .strict();

export const Generator = z
  .object({
    /** Same seed, same data: generated records are reproducible across machines and runs. */
    seed: z.number().int(),
    noise: z.array(NoiseSpec).default([]),
    bursts: z.array(BurstSpec).default([]),
  })
  .strict();

export const Limits = z.enum(['graph', 'none']);

/** A fault the emulator injects from the start: `{ "path": "^/v1.0/auditLogs", "times": 2, "fault": { "kind": "status", "status": 503 } }`. */
export const FaultRule = z
  .object({
    method: z.string().optional(),
    path: z.string().optional(),
    times: z.number().int().min(1).optional(),
    fault: z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('status'),
          status: z.number().int().min(400).max(599),
          code: z.string().optional(),
          retryAfter: z.number().min(0).optional(),
        })
        .strict(),
      z.object({ kind: z.literal('latency'), ms: z.number().int().min(0).max(120_000) }).strict(),
      z.object({ kind: z.literal('reset') }).strict(),
      z.object({ kind: z.literal('slowBody'), bytesPerSecond: z.number().int().min(1) }).strict(),
      z.object({ kind: z.literal('expireToken') }).strict(),
    ]),
  })
  .strict();

export const Scenario = z
  .object({
    $schema: z.string().optional(),
    scenario: z
      .object({
        name: z.string().min(1),
        description: z.string().default(''),
        /**
         * The instant the story is written around (typically the block). With `shiftToNow`, every
         * timestamp in the file moves by the same amount so that the anchor lands `anchorAgeMinutes` ago.
         */
        anchor: Instant,
        shiftToNow: z.boolean().default(true),
        anchorAgeMinutes: z.number().int().min(0).default(90),
      })
      .strict(),
    tenant: z
      .object({
        id: Guid,
        displayName: z.string(),
        verifiedDomains: z
          .array(
            z
              .object({
                name: z.string(),
                isDefault: z.boolean().default(false),
                isInitial: z.boolean().default(false),
              })
              .loose(),
          )
          .min(1),
        licences: Licences.default(Licences.parse({})),
        /** Throttling budgets: Graph's documented limits, or none (for tests that test something else). */
        limits: Limits.default('graph'),
        tokenLifetimeSeconds: z.number().int().min(10).default(3600),
        /** After an unblock, when the user's next message is delivered (Microsoft: usually within an hour). */
        sendingResumesAfterSeconds: z.number().min(0).default(2400),
        /**
         * Graph's message trace (`/admin/exchange/tracing/messageTraces`): false for a tenant where it is not
         * provisioned (404), so clients fall back to Exchange's Get-MessageTraceV2, which serves the same rows.
         */
        graphMessageTrace: z.boolean().default(true),
      })
      .strict(),
    apps: z.array(App).default([]),
    users: z.array(User).min(1),
    servicePrincipals: z.array(graphObject({ id: Guid, appId: z.string(), displayName: z.string() })).default([]),
    signIns: z
      .array(graphObject({ id: z.string(), createdDateTime: Instant, userId: Guid, userPrincipalName: z.string() }))
      .default([]),
    directoryAudits: z
      .array(graphObject({ id: z.string(), activityDateTime: Instant, activityDisplayName: z.string() }))
      .default([]),
    roleDefinitions: z.array(graphObject({ id: Guid, displayName: z.string() })).default([]),
    roleAssignments: z.array(graphObject({ id: z.string(), principalId: Guid, roleDefinitionId: Guid })).default([]),
    oauth2PermissionGrants: z
      .array(graphObject({ id: z.string(), clientId: Guid, principalId: Guid.nullable(), scope: z.string() }))
      .default([]),
    riskyUsers: z.array(graphObject({ id: Guid, riskLevel: z.string(), riskState: z.string() })).default([]),
    riskDetections: z.array(graphObject({ id: z.string(), userId: Guid, activityDateTime: Instant })).default([]),
    alerts: z.array(graphObject({ id: z.string(), title: z.string(), createdDateTime: Instant })).default([]),
    /** security.auditLogRecord objects returned by audit-log queries. */
    auditRecords: z
      .array(
        graphObject({ id: z.string(), createdDateTime: Instant, operation: z.string(), userPrincipalName: z.string() }),
      )
      .default([]),
    messageTraces: z
      .array(
        graphObject({
          id: z.string(),
          senderAddress: z.string(),
          recipientAddress: z.string(),
          receivedDateTime: Instant,
        }),
      )
      .default([]),
    /** Exchange Get-BlockedSenderAddress records (Restricted entities). */
    blockedSenders: z.array(BlockedSender).default([]),
    /** Tenant-wide settings the prevention checks read (defaults: Microsoft's, for a tenant with P1). */
    policies: Policies.default(Policies.parse({})),
    generate: Generator.optional(),
    faults: z.array(FaultRule).default([]),
  })
  .strict();

export type Scenario = z.output<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
export type ScenarioUser = z.output<typeof User>;
export type ScenarioApp = z.output<typeof App>;
export type GraphObject = Record<string, unknown>;
