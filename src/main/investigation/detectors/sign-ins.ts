import { at, periodName, str, suspiciousFrom, type EvidenceSet, type Rec } from '../evidence-set.ts';
import { ipOf } from '../../network/ip-address.ts';
import { MICROSOFT_ASN, originOf, type Origin } from '../origin.ts';
import { auditLogonInterrupted, signInOutcome } from '../sign-in-status.ts';
import type { Detector, DetectorFinding } from './detector.ts';

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
  /** A failed attempt (wrong password, locked, blocked): interrupts are neither this nor `ok`. */
  failed: boolean;
  ip: string;
  country: string;
  client: string;
  lat: number | null;
  lon: number | null;
  origin: Origin;
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
      const outcome = signInOutcome(status.errorCode);
      return {
        rec,
        t: at(b.createdDateTime),
        ok: outcome === 'success',
        failed: outcome === 'failure',
        ip: ipOf(b.ipAddress),
        origin: originOf(ipOf(b.ipAddress), b.autonomousSystemNumber),
        country: str(location.countryOrRegion).toUpperCase(),
        client: str(b.clientAppUsed),
        lat: typeof location.geoCoordinates?.latitude === 'number' ? location.geoCoordinates.latitude : null,
        lon: typeof location.geoCoordinates?.longitude === 'number' ? location.geoCoordinates.longitude : null,
      };
    })
    .filter((s) => !Number.isNaN(s.t))
    .sort((a, b) => a.t - b.t || a.rec.id - b.rec.id);
}

/** The network an address belongs to: its ASN where known, else the /24 or /48 (see origin.ts). */
export function network(ip: string): string {
  return ip ? originOf(ip).network : '';
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
    networks: new Set(before.map((s) => s.origin.network).filter(Boolean)),
    clients: new Set(before.map((s) => s.client.toLowerCase()).filter(Boolean)),
    hasBaseline: before.length >= 5,
  };
}

export const newSignInOrigin: Detector = {
  id: 'signin-new-origin',
  detect(set) {
    const b = baseline(set);
    if (!b.hasBaseline) return [];
    const findings: DetectorFinding[] = [];
    const groups = new Map<string, SignIn[]>();
    for (const s of b.recent.filter((x) => x.ok)) {
      const newCountry = s.country && !b.countries.has(s.country);
      const newNetwork = s.ip && !b.networks.has(s.origin.network);
      const newClient = s.client && !b.clients.has(s.client.toLowerCase());
      if (!newCountry && !newNetwork && !newClient) continue;
      const key = `${newCountry ? s.country : ''}|${newNetwork ? s.origin.label : ''}|${newClient ? s.client : ''}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push(s);
    }
    for (const [key, list] of groups) {
      const [country, net, client] = key.split('|');
      const what = [country && `country ${country}`, net && `network ${net}`, client && `client “${client}”`]
        .filter(Boolean)
        .join(', ');
      findings.push({
        detector: this.id,
        severity: country ? 'high' : 'medium',
        weight: country ? 'moderate' : 'context',
        title: `Successful sign-in from a new ${[country && 'country', net && 'network', client && 'client'].filter(Boolean).join(' and ')}: ${what}`,
        explanation: `${list.length} successful sign-in(s) in ${periodName(set)} came from ${what}, never seen for this user in the ${Math.round((b.from - (b.all[0]?.t ?? b.from)) / 86_400_000)} days before.`,
        evidenceIds: list.map((s) => s.rec.id),
        at: new Date(list[0]!.t).toISOString(),
        ...(country ? { addresses: [...new Set(list.map((s) => s.ip).filter(Boolean))] } : {}),
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
        explanation: `Legacy protocols such as SMTP AUTH, IMAP and POP cannot ask for MFA, so a stolen password is enough. ${legacy.length} such sign-in(s) succeeded in ${periodName(set)}${foreign.length > 0 ? ', from a country never seen for this user' : ''}. Spam runs typically use SMTP AUTH.`,
        evidenceIds: legacy.map((s) => s.rec.id),
        at: new Date(legacy[0]!.t).toISOString(),
        addresses: [...new Set((foreign.length > 0 ? foreign : legacy).map((s) => s.ip).filter(Boolean))],
      },
    ];
  },
};

/**
 * Failed sign-ins and then a success: five failures within the hour from anywhere (spraying, guessing), or
 * two from the very address that then succeeds when its network is not one the user signed in from before
 * the period under suspicion (people mistype, but from where they usually are; with no earlier sign-ins
 * nothing is "usual", and five are needed). Interrupts are not failures.
 */
export const failuresThenSuccess: Detector = {
  id: 'signin-failure-burst',
  detect(set) {
    const b = baseline(set);
    const findings: DetectorFinding[] = [];
    // A sliding window over the failures of the last hour: linear, whatever the volume.
    const failures: SignIn[] = [];
    let quietUntil = -Infinity;
    for (const s of b.all) {
      while (failures.length > 0 && s.t - failures[0]!.t > 60 * 60_000) failures.shift();
      if (s.failed) {
        failures.push(s);
        continue;
      }
      if (!s.ok || s.t <= quietUntil) continue;
      const fromHere = s.ip ? failures.filter((f) => f.ip === s.ip) : [];
      // Without any earlier sign-in there is no "usual" to differ from: then only the five-failure rule.
      const strangeNetwork = b.networks.size > 0 && s.ip !== '' && !b.networks.has(s.origin.network) && s.t >= b.from;
      const burst = failures.length >= 5 ? failures : strangeNetwork && fromHere.length >= 2 ? fromHere : null;
      if (!burst) continue;
      findings.push({
        detector: this.id,
        severity: 'high',
        weight: 'moderate',
        title:
          burst === failures
            ? `${failures.length} failed sign-ins, then a success`
            : `${burst.length} failed sign-ins from ${s.ip}, then a successful one`,
        explanation:
          burst === failures
            ? `Within an hour before this successful sign-in from ${s.ip || 'an unknown address'}, ${failures.length} sign-ins failed. Password spraying or guessing followed by success.`
            : `${burst.length} sign-ins from ${s.ip} failed within the hour before one from the same address succeeded, on a network this user did not sign in from before ${periodName(set)}. A guessed or sprayed password looks like this.`,
        evidenceIds: [...burst.map((f) => f.rec.id), s.rec.id],
        at: new Date(s.t).toISOString(),
        addresses: s.ip ? [s.ip] : [],
      });
      // One finding per burst: the next hour's successes belong to the same one.
      quietUntil = s.t + 60 * 60_000;
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
    const findings: DetectorFinding[] = [];
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

/** Unified audit log logins and mailbox access, as far as they say where they came from. */
interface AuditLogin {
  rec: Rec;
  t: number;
  ip: string;
  failed: boolean;
  interrupted: boolean;
}

const AUDIT_LOGIN = /^(UserLoggedIn|UserLoginFailed|MailboxLogin|MailItemsAccessed|Send|SendAs|SendOnBehalf)$/i;

function auditLogins(set: EvidenceSet): AuditLogin[] {
  return set.records.auditLog
    .filter((r) => AUDIT_LOGIN.test(str(r.body.operation)))
    .map((r) => {
      const data = (r.body.auditData ?? {}) as {
        ClientIP?: unknown;
        ClientIPAddress?: unknown;
        LogonError?: unknown;
        ErrorNumber?: unknown;
      };
      const failed = /^UserLoginFailed$/i.test(str(r.body.operation));
      return {
        rec: r,
        t: at(r.body.createdDateTime),
        ip: ipOf(r.body.clientIp) || ipOf(data.ClientIP) || ipOf(data.ClientIPAddress),
        failed,
        interrupted: failed && auditLogonInterrupted(data.LogonError, data.ErrorNumber),
      };
    })
    .filter((l) => !Number.isNaN(l.t) && !l.interrupted)
    .sort((a, b) => a.t - b.t || a.rec.id - b.rec.id);
}

/** For tenants without sign-in logs: logins recorded by the unified audit log from networks not seen before. */
export const auditLoginNewNetwork: Detector = {
  id: 'audit-login-new-network',
  detect(set) {
    if (set.records.signIns.length > 0) return [];
    const from = suspiciousFrom(set);
    const logins = auditLogins(set).filter((l) => !l.failed);
    const known = new Set(logins.filter((l) => l.t < from).map((l) => network(l.ip)));
    if (known.size === 0) return [];
    const fresh = logins.filter((l) => l.t >= from && l.ip && !known.has(network(l.ip)));
    if (fresh.length === 0) return [];
    const addresses = [...new Set(fresh.map((l) => l.ip))];
    return [
      {
        detector: this.id,
        severity: 'medium',
        weight: 'moderate',
        title: `Mailbox activity from a new network: ${addresses.slice(0, 3).join(', ')}`,
        explanation: `The unified audit log shows logins or mailbox activity in ${periodName(set)} from addresses whose network was not seen before. Without sign-in logs this cannot be checked further.`,
        evidenceIds: fresh.map((l) => l.rec.id),
        at: new Date(fresh[0]!.t).toISOString(),
        addresses,
      },
    ];
  },
};

/**
 * Failed logins and then a success from the same address, in the unified audit log (UserLoginFailed →
 * UserLoggedIn): a guessed or sprayed password. Interrupts (MFA, "keep me signed in") are not failures.
 * Two failures suffice from a network the user never used; five from a known one (people mistype), or when
 * the case holds no earlier logins to know the user's networks by.
 */
export const auditFailuresThenSuccess: Detector = {
  id: 'audit-failure-then-success',
  detect(set) {
    const from = suspiciousFrom(set);
    const logins = auditLogins(set).filter(
      (l) => l.ip && /^(UserLoggedIn|UserLoginFailed)$/i.test(str(l.rec.body.operation)),
    );
    const known = new Set(logins.filter((l) => l.t < from && !l.failed).map((l) => network(l.ip)));
    const failures = new Map<string, AuditLogin[]>();
    const findings: DetectorFinding[] = [];
    for (const login of logins) {
      const recent = (failures.get(login.ip) ?? []).filter((f) => login.t - f.t <= 60 * 60_000);
      if (login.failed) {
        failures.set(login.ip, [...recent, login]);
        continue;
      }
      failures.delete(login.ip);
      const needed = known.size > 0 && !known.has(network(login.ip)) ? 2 : 5;
      if (recent.length < needed || login.t < from) continue;
      findings.push({
        detector: this.id,
        severity: 'high',
        weight: 'moderate',
        title: `${recent.length} failed logins from ${login.ip}, then a successful one`,
        explanation: `The unified audit log records ${recent.length} failed logins (UserLoginFailed) from ${login.ip} within the hour before a successful login (UserLoggedIn) from the same address${needed === 2 ? ', a network this user did not use before' : ''}. A guessed or sprayed password looks like this.`,
        evidenceIds: [...recent.map((f) => f.rec.id), login.rec.id],
        at: new Date(login.t).toISOString(),
        addresses: [login.ip],
      });
    }
    return findings;
  },
};

/**
 * Said when it is so: the user's activity lies only inside the period under suspicion, so no detector can
 * tell a new address, country or client from a usual one. The checklist and the report then say "no
 * baseline" instead of "nothing suspicious".
 */
export const noBaseline: Detector = {
  id: 'signin-no-baseline',
  detect(set) {
    const from = suspiciousFrom(set);
    const usingSignIns = set.records.signIns.length > 0;
    const ok = usingSignIns ? signIns(set).filter((s) => s.ok) : auditLogins(set).filter((l) => !l.failed);
    const before = ok.filter((s) => s.t < from).length;
    const during = ok.filter((s) => s.t >= from);
    if (during.length === 0 || before >= 5) return [];
    const addresses = [...new Set(during.map((s) => s.ip).filter(Boolean))];
    const what = usingSignIns
      ? `successful sign-in${during.length === 1 ? '' : 's'}`
      : `login${during.length === 1 ? '' : 's'} or mailbox access${during.length === 1 ? '' : 'es'} in the audit log`;
    return [
      {
        detector: this.id,
        severity: 'low',
        weight: 'context',
        title: `No baseline: cannot tell new from usual (${during.length} ${what}, ${before === 0 ? 'all' : `all but ${before}`} in the period under suspicion)`,
        explanation: `The case holds ${before === 0 ? 'no' : `only ${before}`} ${what} before ${periodName(set)}, so new addresses, countries and clients cannot be recognised as new. ${addresses.length === 1 ? `All ${during.length} came from one address, ${addresses[0]}: check whether it is the user's.` : `They came from ${addresses.length} address(es).`} Collect or import a longer period to get a baseline.`,
        evidenceIds: during.slice(0, 50).map((s) => s.rec.id),
        at: new Date(during[0]!.t).toISOString(),
      },
    ];
  },
};

const SERVER_KINDS = new Set(['cloud', 'hosting', 'vpn']);

/**
 * Successful sign-ins (or audit logins) in the period under suspicion from a cloud, hosting or VPN network
 * the user did not use before: people sign in from ISPs; servers and tunnels speak for someone else.
 * Microsoft's own network (AS8075) is left out, since Microsoft 365 acts from it on the user's behalf; an
 * anonymising CDN (iCloud Private Relay, WARP) is context, as ordinary people use those.
 */
export const hostingNetworkSignIn: Detector = {
  id: 'signin-hosting-network',
  detect(set) {
    const from = suspiciousFrom(set);
    const usingSignIns = set.records.signIns.length > 0;
    const successes = (
      usingSignIns
        ? signIns(set)
            .filter((s) => s.ok)
            .map((s) => ({ rec: s.rec, t: s.t, ip: s.ip, origin: s.origin }))
        : auditLogins(set)
            .filter((l) => !l.failed && l.ip)
            .map((l) => ({ rec: l.rec, t: l.t, ip: l.ip, origin: originOf(l.ip) }))
    ).filter((s) => s.origin.hostingKind !== null && s.origin.asn !== MICROSOFT_ASN);
    const usual = new Set(successes.filter((s) => s.t < from).map((s) => s.origin.network));
    const groups = new Map<string, typeof successes>();
    for (const s of successes)
      if (s.t >= from && !usual.has(s.origin.network))
        groups.set(s.origin.network, [...(groups.get(s.origin.network) ?? []), s]);
    return [...groups.values()].map<DetectorFinding>((list) => {
      const { origin } = list[0]!;
      const server = SERVER_KINDS.has(origin.hostingKind ?? '');
      const addresses = [...new Set(list.map((s) => s.ip))];
      return {
        detector: this.id,
        severity: server ? 'high' : 'medium',
        weight: server ? 'moderate' : 'context',
        title: `${usingSignIns ? 'Successful sign-ins' : 'Logins'} from a ${origin.hostingKind} network: ${origin.label}${origin.country ? ` (${origin.country})` : ''}`,
        explanation: `${list.length} ${usingSignIns ? 'successful sign-in(s)' : 'login(s) in the audit log'} in ${periodName(set)} came from ${addresses.slice(0, 5).join(', ')}, in ${origin.label}, a ${origin.hostingKind} network the user did not use before. ${server ? 'People sign in from their internet provider; a server or a VPN exit speaking for the user is how stolen passwords are used.' : 'Anonymising relays are used by ordinary people too: check with the user.'} (Offline network data: see the detection entry for its version.)`,
        evidenceIds: list.slice(0, 200).map((s) => s.rec.id),
        at: new Date(list[0]!.t).toISOString(),
        ...(server ? { addresses } : {}),
      };
    });
  },
};
