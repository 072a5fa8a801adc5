import { createHash } from 'node:crypto';
import type { GraphObject, Scenario } from './schema.ts';

/** mulberry32: small, fast, and the same sequence on every machine for the same seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A GUID-shaped id derived from the seed and a label, stable across runs. */
export function stableId(...parts: (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const APPS = [
  {
    appId: '00000002-0000-0ff1-ce00-000000000000',
    appDisplayName: 'Office 365 Exchange Online',
    clientAppUsed: 'Browser',
  },
  {
    appId: 'd3590ed6-52b3-4102-aeff-aad2292ab01c',
    appDisplayName: 'Microsoft Office',
    clientAppUsed: 'Mobile Apps and Desktop clients',
  },
  {
    appId: '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
    appDisplayName: 'Microsoft Teams',
    clientAppUsed: 'Mobile Apps and Desktop clients',
  },
  {
    appId: '00000003-0000-0ff1-ce00-000000000000',
    appDisplayName: 'Office 365 SharePoint Online',
    clientAppUsed: 'Browser',
  },
];
const BROWSERS = ['Edge 131.0.0', 'Chrome 131.0.0', 'Rich Client 16.0.18129'];
const SYSTEMS = ['Windows 10', 'Windows 11', 'iOS 18', 'MacOs'];
const CITIES: Record<string, { city: string; state: string; lat: number; lon: number }[]> = {
  DK: [
    { city: 'Copenhagen', state: 'Hovedstaden', lat: 55.6761, lon: 12.5683 },
    { city: 'Aarhus', state: 'Midtjylland', lat: 56.1629, lon: 10.2039 },
  ],
};
const SUBJECTS = [
  'Re: Q4 forecast',
  'Meeting notes',
  'Fwd: contract draft',
  'Lunch on Friday?',
  'Re: customer follow-up',
  'Weekly report',
];
const INTERNAL_OPS = ['MailItemsAccessed', 'Send', 'FolderBind', 'SoftDelete', 'MailboxLogin'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/**
 * Expands `generate` into records: background noise for each listed user across the window before the
 * anchor, and bursts of outbound mail. Deterministic for a seed; records are appended to the scenario's
 * collections (newest-first ordering is applied by the endpoints, not here).
 */
export function expandGenerated(scenario: Scenario): Scenario {
  const spec = scenario.generate;
  if (!spec) return scenario;
  const anchor = Date.parse(scenario.scenario.anchor);
  const domain =
    scenario.tenant.verifiedDomains.find((d) => d.isDefault)?.name ?? scenario.tenant.verifiedDomains[0]!.name;
  const colleagues = scenario.users.map((u) => String(u.user.userPrincipalName));

  for (const [n, noise] of spec.noise.entries()) {
    const rand = prng(spec.seed + n * 7919);
    const user = scenario.users.find(
      (u) => String(u.user.userPrincipalName).toLowerCase() === noise.userPrincipalName.toLowerCase(),
    );
    if (!user) throw new Error(`generate.noise[${n}].userPrincipalName: no such user in users`);
    const id = String(user.user.id);
    const upn = String(user.user.userPrincipalName);
    const name = String(user.user.displayName);
    const span = noise.days * 86_400_000;
    // Office hours, weekdays mostly: activity that looks like a person, so attacks stand out.
    const when = () => {
      const day = Math.floor(rand() * noise.days);
      const hour = 7 + Math.floor(rand() * 10);
      return new Date(
        anchor - span + day * 86_400_000 + hour * 3_600_000 + Math.floor(rand() * 3_600_000),
      ).toISOString();
    };
    const city = () => pick(rand, CITIES[noise.homeCountry] ?? [{ city: '', state: '', lat: 0, lon: 0 }]);

    for (let i = 0; i < noise.signIns; i++) {
      const app = pick(rand, APPS);
      const place = city();
      scenario.signIns.push({
        id: stableId(spec.seed, 'signin', id, i),
        createdDateTime: when(),
        userDisplayName: name,
        userPrincipalName: upn,
        userId: id,
        appId: app.appId,
        appDisplayName: app.appDisplayName,
        ipAddress: `${noise.homeIpPrefix}.${10 + Math.floor(rand() * 40)}`,
        clientAppUsed: app.clientAppUsed,
        correlationId: stableId(spec.seed, 'corr', id, i),
        conditionalAccessStatus: 'success',
        isInteractive: true,
        riskDetail: 'none',
        riskLevelAggregated: 'none',
        riskLevelDuringSignIn: 'none',
        riskState: 'none',
        riskEventTypes: [],
        riskEventTypes_v2: [],
        resourceDisplayName: app.appDisplayName,
        resourceId: app.appId,
        status: { errorCode: 0, failureReason: null, additionalDetails: null },
        deviceDetail: {
          deviceId: '',
          displayName: null,
          operatingSystem: pick(rand, SYSTEMS),
          browser: pick(rand, BROWSERS),
          isCompliant: true,
          isManaged: true,
          trustType: 'Azure AD joined',
        },
        location: {
          city: place.city,
          state: place.state,
          countryOrRegion: noise.homeCountry,
          geoCoordinates: { altitude: null, latitude: place.lat, longitude: place.lon },
        },
        appliedConditionalAccessPolicies: [],
      });
    }
    for (let i = 0; i < noise.directoryAudits; i++) {
      scenario.directoryAudits.push({
        id: `Directory_${stableId(spec.seed, 'audit', id, i)}`,
        category: 'UserManagement',
        correlationId: stableId(spec.seed, 'auditcorr', id, i),
        result: 'success',
        resultReason: '',
        activityDisplayName: pick(rand, [
          'Update user',
          'Change user license',
          'Update StsRefreshTokenValidFrom Timestamp',
        ]),
        activityDateTime: when(),
        loggedByService: 'Core Directory',
        operationType: 'Update',
        initiatedBy: {
          app: {
            appId: null,
            displayName: 'Microsoft Substrate Management',
            servicePrincipalId: stableId('sp', 'substrate'),
            servicePrincipalName: null,
          },
          user: null,
        },
        targetResources: [
          { id, displayName: null, type: 'User', userPrincipalName: upn, groupType: null, modifiedProperties: [] },
        ],
        additionalDetails: [],
      });
    }
    for (let i = 0; i < noise.auditRecords; i++) {
      const operation = pick(rand, INTERNAL_OPS);
      const created = when();
      scenario.auditRecords.push({
        '@odata.type': '#microsoft.graph.security.auditLogRecord',
        id: stableId(spec.seed, 'ual', id, i),
        createdDateTime: created,
        auditLogRecordType: operation === 'MailItemsAccessed' ? 'ExchangeItemAggregated' : 'ExchangeItem',
        operation,
        organizationId: scenario.tenant.id,
        userType: 'Regular',
        userId: upn,
        service: 'Exchange',
        objectId: '',
        userPrincipalName: upn,
        clientIp: `${noise.homeIpPrefix}.${10 + Math.floor(rand() * 40)}`,
        administrativeUnits: [],
        auditData: {
          '@odata.type': '#microsoft.graph.security.defaultAuditData',
          Operation: operation,
          MailboxOwnerUPN: upn,
          CreationTime: created.replace(/\.\d+Z$/, ''),
          ClientInfoString: 'Client=OWA',
        },
      });
    }
    const mailbox = user.mailbox;
    for (let i = 0; i < Math.max(noise.messageTraces, noise.sentItems); i++) {
      const sent = when();
      const internal = rand() < 0.7;
      const to = internal
        ? pick(rand, colleagues)
        : `contact${Math.floor(rand() * 400)}@partner${Math.floor(rand() * 30)}.example`;
      const subject = pick(rand, SUBJECTS);
      const messageId = `<${stableId(spec.seed, 'msg', id, i)}@${domain}>`;
      if (i < noise.messageTraces) {
        scenario.messageTraces.push({
          id: stableId(spec.seed, 'trace', id, i),
          senderAddress: upn,
          recipientAddress: to,
          messageId,
          receivedDateTime: sent,
          subject,
          size: 8_000 + Math.floor(rand() * 90_000),
          fromIP: `${noise.homeIpPrefix}.${10 + Math.floor(rand() * 40)}`,
          toIP: internal ? null : `198.51.100.${Math.floor(rand() * 250)}`,
          status: 'delivered',
        });
      }
      if (mailbox && i < noise.sentItems) {
        mailbox.sentItems.push(message(stableId(spec.seed, 'sent', id, i), sent, subject, to, messageId));
      }
    }
  }

  for (const [n, burst] of spec.bursts.entries()) {
    const rand = prng(spec.seed + 104_729 * (n + 1));
    const user = scenario.users.find(
      (u) => String(u.user.userPrincipalName).toLowerCase() === burst.userPrincipalName.toLowerCase(),
    );
    if (!user) throw new Error(`generate.bursts[${n}].userPrincipalName: no such user in users`);
    const upn = String(user.user.userPrincipalName);
    const start = Date.parse(burst.start);
    const stepMs = (burst.minutes * 60_000) / burst.count;
    const statusAt = burst.statusAfter ? Date.parse(burst.statusAfter.at) : Infinity;
    for (let i = 0; i < burst.count; i++) {
      const at = new Date(start + Math.floor(i * stepMs + rand() * stepMs)).toISOString();
      const to = `${pick(rand, ['info', 'sales', 'office', 'contact', 'admin', 'j.smith', 'orders'])}${Math.floor(rand() * 900)}@${pick(rand, burst.recipientDomains)}`;
      const messageId = `<${stableId(spec.seed, 'burst', n, i)}@${domain}>`;
      if (burst.into.includes('messageTraces')) {
        scenario.messageTraces.push({
          id: stableId(spec.seed, 'bursttrace', n, i),
          senderAddress: upn,
          recipientAddress: to,
          messageId,
          receivedDateTime: at,
          subject: burst.subject,
          size: 21_000 + Math.floor(rand() * 4000),
          fromIP: burst.fromIP,
          toIP: `203.0.113.${Math.floor(rand() * 250)}`,
          status: Date.parse(at) >= statusAt ? burst.statusAfter!.status : 'delivered',
        });
      }
      if (burst.into.includes('sentItems') && user.mailbox && Date.parse(at) < statusAt) {
        user.mailbox.sentItems.push(message(stableId(spec.seed, 'burstsent', n, i), at, burst.subject, to, messageId));
      }
    }
  }
  return scenario;
}

function message(
  id: string,
  sent: string,
  subject: string,
  to: string,
  internetMessageId: string,
): GraphObject & {
  id: string;
  sentDateTime: string;
  toRecipients: { emailAddress: { address: string; name?: string } }[];
} {
  return {
    '@odata.etag': `W/"${id.slice(0, 16)}"`,
    id: `AAMkA${Buffer.from(id).toString('base64url').slice(0, 40)}=`,
    createdDateTime: sent,
    sentDateTime: sent,
    subject,
    internetMessageId,
    from: null,
    toRecipients: [{ emailAddress: { name: to, address: to } }],
    ccRecipients: [],
    bccRecipients: [],
  };
}
