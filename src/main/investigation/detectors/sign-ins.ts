import type { Finding } from '../../../shared/domain/investigation.ts';
import { at, str, suspiciousFrom, type EvidenceSet, type Rec } from '../evidence-set.ts';
import type { Detector } from './detector.ts';

/** Protocols that cannot do modern authentication (no MFA): a success over one is worth a look. */
export const LEGACY_CLIENTS = new Set([
  'authenticated smtp',
  'imap4',
  'pop3',
  'exchange activesync',
  'autodiscover',
  'exchange online powershell',
  'exchange web services',
  'mapi over http',
  'offline address book',
  'outlook anywhere (rpc over http)',
  'other clients',
  'reporting web services',
  'universal outlook',
]);

interface SignIn {
  rec: Rec;
  t: number;
  ok: boolean;
  ip: string;
  country: string;
  client: string;
  lat: number | null;
  lon: number | null;
}

const parsed = new WeakMap<EvidenceSet, SignIn[]>();

/** The set's sign-ins, read and sorted once per evidence set (four detectors walk them). */
export function signIns(set: EvidenceSet): SignIn[] {
  let cached = parsed.get(set);
  if (!cached) parsed.set(set, (cached = readSignIns(set)));
  return cached;
}

function readSignIns(set: EvidenceSet): SignIn[] {
  return set.records.signIns
    .map((rec) => {
      const b = rec.body;
      const location = (b.location ?? {}) as {
        countryOrRegion?: string;
        geoCoordinates?: { latitude?: number; longitude?: number } | null;
      };
      const status = (b.status ?? {}) as { errorCode?: number };
      return {
        rec,
        t: at(b.createdDateTime),
        ok: (status.errorCode ?? 0) === 0,
        ip: str(b.ipAddress),
        country: str(location.countryOrRegion).toUpperCase(),
        client: str(b.clientAppUsed),
        lat: typeof location.geoCoordinates?.latitude === 'number' ? location.geoCoordinates.latitude : null,
        lon: typeof location.geoCoordinates?.longitude === 'number' ? location.geoCoordinates.longitude : null,
      };
    })
    .filter((s) => !Number.isNaN(s.t))
    .sort((a, b) => a.t - b.t || a.rec.id - b.rec.id);
}

/** The /24 (IPv4) or /48 (IPv6) a sign-in came from: a stand-in for the network when no ASN is given. */
export function network(ip: string): string {
  if (ip.includes(':')) return ip.split(':').slice(0, 3).join(':');
  return ip.split('.').slice(0, 3).join('.');
}

type Baseline = ReturnType<typeof computeBaseline>;
const baselines = new WeakMap<EvidenceSet, Baseline>();

/** The user's sign-in history before the suspicious period, computed once per evidence set. */
function baseline(set: EvidenceSet): Baseline {
  let cached = baselines.get(set);
  if (!cached) baselines.set(set, (cached = computeBaseline(set)));
  return cached;
}

function computeBaseline(set: EvidenceSet) {
  const from = suspiciousFrom(set);
  const all = signIns(set);
  const before = all.filter((s) => s.t < from && s.ok);
  return {
    from,
    all,
    recent: all.filter((s) => s.t >= from),
    countries: new Set(before.map((s) => s.country).filter(Boolean)),
    networks: new Set(before.map((s) => network(s.ip)).filter(Boolean)),
    clients: new Set(before.map((s) => s.client.toLowerCase()).filter(Boolean)),
    hasBaseline: before.length >= 5,
  };
}

export const newSignInOrigin: Detector = {
  id: 'signin-new-origin',
  detect(set) {
    const b = baseline(set);
    if (!b.hasBaseline) return [];
    const findings: Finding[] = [];
    const groups = new Map<string, SignIn[]>();
    for (const s of b.recent.filter((x) => x.ok)) {
      const newCountry = s.country && !b.countries.has(s.country);
      const newNetwork = s.ip && !b.networks.has(network(s.ip));
      const newClient = s.client && !b.clients.has(s.client.toLowerCase());
      if (!newCountry && !newNetwork && !newClient) continue;
      const key = `${newCountry ? s.country : ''}|${newNetwork ? network(s.ip) : ''}|${newClient ? s.client : ''}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push(s);
    }
    for (const [key, list] of groups) {
      const [country, net, client] = key.split('|');
      const what = [country && `country ${country}`, net && `network ${net}.x`, client && `client “${client}”`]
        .filter(Boolean)
        .join(', ');
      findings.push({
        detector: this.id,
        severity: country ? 'high' : 'medium',
        weight: country ? 'moderate' : 'context',
        title: `Successful sign-in from a new ${[country && 'country', net && 'network', client && 'client'].filter(Boolean).join(' and ')}: ${what}`,
        explanation: `${list.length} successful sign-in(s) in the week before the block came from ${what}, never seen for this user in the ${Math.round((b.from - (b.all[0]?.t ?? b.from)) / 86_400_000)} days before.`,
        evidenceIds: list.map((s) => s.rec.id),
        at: new Date(list[0]!.t).toISOString(),
      });
    }
    return findings;
  },
};

export const legacyProtocolSuccess: Detector = {
  id: 'signin-legacy-protocol',
  detect(set) {
    const b = baseline(set);
    const legacy = b.all.filter((s) => s.ok && LEGACY_CLIENTS.has(s.client.toLowerCase()) && s.t >= b.from);
    if (legacy.length === 0) return [];
    const foreign = legacy.filter((s) => b.hasBaseline && s.country && !b.countries.has(s.country));
    return [
      {
        detector: this.id,
        severity: 'high',
        weight: foreign.length > 0 ? 'strong' : 'moderate',
        title: `Successful sign-in over a legacy protocol (${[...new Set(legacy.map((s) => s.client))].join(', ')})${foreign.length > 0 ? ` from ${[...new Set(foreign.map((s) => s.country))].join(', ')}` : ''}`,
        explanation: `Legacy protocols such as SMTP AUTH, IMAP and POP cannot ask for MFA, so a stolen password is enough. ${legacy.length} such sign-in(s) succeeded in the week before the block${foreign.length > 0 ? ', from a country never seen for this user' : ''}. Spam runs typically use SMTP AUTH.`,
        evidenceIds: legacy.map((s) => s.rec.id),
        at: new Date(legacy[0]!.t).toISOString(),
      },
    ];
  },
};

export const failuresThenSuccess: Detector = {
  id: 'signin-failure-burst',
  detect(set) {
    const all = signIns(set);
    const findings: Finding[] = [];
    // A sliding window over the failures of the last hour: linear, whatever the volume.
    const failures: SignIn[] = [];
    let quietUntil = -Infinity;
    for (const s of all) {
      while (failures.length > 0 && s.t - failures[0]!.t > 60 * 60_000) failures.shift();
      if (!s.ok) {
        failures.push(s);
        continue;
      }
      if (failures.length >= 5 && s.t > quietUntil) {
        findings.push({
          detector: this.id,
          severity: 'high',
          weight: 'moderate',
          title: `${failures.length} failed sign-ins, then a success`,
          explanation: `Within an hour before this successful sign-in from ${s.ip || 'an unknown address'}, ${failures.length} sign-ins failed. Password spraying or guessing followed by success.`,
          evidenceIds: [...failures.map((f) => f.rec.id), s.rec.id],
          at: new Date(s.t).toISOString(),
        });
        // One finding per burst: the next hour's successes belong to the same one.
        quietUntil = s.t + 60 * 60_000;
      }
    }
    return findings;
  },
};

function km(a: SignIn, b: SignIn): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat! - a.lat!) * rad;
  const dLon = (b.lon! - a.lon!) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat! * rad) * Math.cos(b.lat! * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** Two successful sign-ins too far apart for the time between them (faster than an airliner). */
export const impossibleTravel: Detector = {
  id: 'signin-impossible-travel',
  detect(set) {
    const located = signIns(set).filter((s) => s.ok && s.lat !== null && s.lon !== null);
    const findings: Finding[] = [];
    for (let i = 1; i < located.length; i++) {
      const a = located[i - 1]!;
      const b = located[i]!;
      const distance = km(a, b);
      const hours = Math.max((b.t - a.t) / 3_600_000, 1 / 60);
      if (distance > 500 && distance / hours > 900) {
        findings.push({
          detector: this.id,
          severity: 'high',
          weight: 'moderate',
          title: `Impossible travel: ${a.country || '?'} to ${b.country || '?'} (${Math.round(distance)} km in ${Math.round(hours * 60)} min)`,
          explanation: `Two successful sign-ins ${Math.round(distance)} km apart within ${Math.round(hours * 60)} minutes would need ${Math.round(distance / hours)} km/h. One of them is probably not the user (VPNs and mobile networks can also cause this).`,
          evidenceIds: [a.rec.id, b.rec.id],
          at: new Date(b.t).toISOString(),
        });
      }
    }
    return findings;
  },
};

/** For tenants without sign-in logs: logins recorded by the unified audit log from networks not seen before. */
export const auditLoginNewNetwork: Detector = {
  id: 'audit-login-new-network',
  detect(set) {
    if (set.records.signIns.length > 0) return [];
    const from = suspiciousFrom(set);
    const logins = set.records.auditLog
      .filter((r) => /^(UserLoggedIn|MailboxLogin|MailItemsAccessed|Send)$/i.test(str(r.body.operation)))
      .map((r) => ({
        rec: r,
        t: at(r.body.createdDateTime),
        ip: str(r.body.clientIp).replace(/:\d+$/, ''),
        ok: str(r.body.operation) !== 'UserLoginFailed',
      }));
    const known = new Set(logins.filter((l) => l.t < from).map((l) => network(l.ip)));
    if (known.size === 0) return [];
    const fresh = logins.filter((l) => l.t >= from && l.ip && !known.has(network(l.ip)));
    if (fresh.length === 0) return [];
    return [
      {
        detector: this.id,
        severity: 'medium',
        weight: 'moderate',
        title: `Mailbox activity from a new network: ${[...new Set(fresh.map((l) => l.ip))].slice(0, 3).join(', ')}`,
        explanation:
          'The unified audit log shows logins or mailbox activity from addresses whose network was not seen before the week of the block. Without sign-in logs this cannot be checked further.',
        evidenceIds: fresh.map((l) => l.rec.id),
        at: new Date(fresh.reduce((min, l) => Math.min(min, l.t), Infinity)).toISOString(),
      },
    ];
  },
};
