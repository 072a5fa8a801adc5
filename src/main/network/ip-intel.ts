import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Reader, type Response } from 'mmdb-lib';
import { createLogger, type Logger } from '../core/logger.ts';
import { loadAsnRanges, v6Words, type AsnMatch, type AsnRanges, type Words } from './asn-ranges.ts';
import {
  defaultHostingListFile,
  loadHostingNetworks,
  type HostingKind,
  type HostingNetworks,
} from './hosting-networks.ts';
import { parseAddress } from './ip-address.ts';
import { reservedRange, type ReservedRange } from './reserved-ranges.ts';

/** What the offline data says about one address. */
export interface IpIntel {
  /** The address in canonical form (IPv4-mapped IPv6 as IPv4, IPv6 compressed, lower case). */
  ip: string;
  /** The special-purpose block the address is in (private, loopback, CGNAT, …); then nothing else is known. */
  reserved: ReservedRange | null;
  asn: number | null;
  organisation: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  /** True when the ASN is a cloud, hosting, VPN or anonymising-CDN network; false when unknown. */
  hosting: boolean;
  hostingKind: HostingKind | null;
  /** The CIDR block the data gives for the address (the reserved block for a reserved address). */
  network: string | null;
}

export interface IpIntelSource {
  role: 'asn' | 'country' | 'hosting';
  package: string;
  /** From the installed package.json (or the list's own version), read at run time; null when missing. */
  version: string | null;
  licence: string;
}

export interface IpIntelVersion {
  sources: IpIntelSource[];
  /** The credit the CC BY 4.0 sources require wherever results are shown. */
  attribution: string;
}

const ASN_PACKAGE = '@ip-location-db/asn';
const COUNTRY_PACKAGE = '@ip-location-db/geo-whois-asn-country-mmdb';
const HOSTING_LIST = 'resources/network/hosting-asns.json';

// Resolved from this module, so the data is found in node_modules from the sources, from the electron-vite
// bundle in out/main (the packages are dependencies, which electron-vite leaves external) and installed.
const require = createRequire(import.meta.url);

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function installedVersion(name: string): string | null {
  try {
    const meta = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version?: unknown };
    return typeof meta.version === 'string' ? meta.version : null;
  } catch {
    return null;
  }
}

function hostingListVersion(): string | null {
  try {
    const list = JSON.parse(readFileSync(defaultHostingListFile(), 'utf8')) as { version?: unknown };
    return typeof list.version === 'string' ? list.version : null;
  } catch {
    return null;
  }
}

/** Which data every lookup in this process answers from; store it with whatever the lookups decided. */
export const IP_INTEL_VERSION: IpIntelVersion = Object.freeze({
  sources: [
    { role: 'asn', package: ASN_PACKAGE, version: installedVersion(ASN_PACKAGE), licence: 'CC-BY-4.0' },
    { role: 'country', package: COUNTRY_PACKAGE, version: installedVersion(COUNTRY_PACKAGE), licence: 'CC-BY-4.0' },
    { role: 'hosting', package: HOSTING_LIST, version: hostingListVersion(), licence: 'Clearance' },
  ] satisfies IpIntelSource[],
  attribution:
    'IP to ASN data by RouteViews (routeviews.org), NRO (nro.net) and DB-IP (db-ip.com); country data by NRO; both CC BY 4.0, via ip-location-db.',
});

export interface IpIntelOptions {
  asnFiles?: { v4: string; v6: string };
  countryFile?: string;
  hostingFile?: string;
  logger?: Logger;
  /** Answers kept per input string; logs repeat the same few addresses thousands of times. */
  cacheSize?: number;
}

interface Data {
  asn: AsnRanges;
  // ip-location-db's country files hold `{ country_code }`, not MaxMind's own record shapes.
  country: Reader<Response>;
  hosting: HostingNetworks;
}

export interface IpIntelLookup {
  lookup(raw: unknown): IpIntel | null;
}

/**
 * A lookup over its own copy of the data, loaded at the first address that needs it. Missing or unreadable
 * data is logged once and every later lookup of a public address answers null: enrichment is evidence
 * about evidence, and detection must go on without it.
 */
export function createIpIntel(options: IpIntelOptions = {}): IpIntelLookup {
  const logger = options.logger ?? createLogger();
  const cacheSize = options.cacheSize ?? 50_000;
  const cache = new Map<string, IpIntel | null>();
  let data: Data | null | undefined;

  const load = (): Data | null => {
    // The step that failed is named in the one warning; the reason carries the file. The small files
    // first, so a broken one does not cost the second it takes to read the ASN ranges.
    let source: IpIntelSource['role'] = 'hosting';
    try {
      const hosting = loadHostingNetworks(options.hostingFile ?? defaultHostingListFile());
      source = 'country';
      const countryFile = options.countryFile ?? join(packageDir(COUNTRY_PACKAGE), 'geo-whois-asn-country.mmdb');
      const country = new Reader<Response>(readFileSync(countryFile));
      source = 'asn';
      const asnDir = options.asnFiles ? '' : packageDir(ASN_PACKAGE);
      const asn = loadAsnRanges(
        options.asnFiles ?? { v4: join(asnDir, 'asn-ipv4-num.csv'), v6: join(asnDir, 'asn-ipv6-num.csv') },
      );
      return { asn, country, hosting };
    } catch (error) {
      logger.log('warn', 'IP enrichment is off: its data could not be read', {
        source,
        reason: String((error as Error)?.message ?? error).slice(0, 300),
      });
      return null;
    }
  };

  const answer = (raw: unknown): IpIntel | null => {
    const parsed = parseAddress(raw);
    if (!parsed) return null;
    let { ip, version } = parsed;
    let words: Words | null = null;
    if (version === 6) {
      words = v6Words(ip);
      if (!words) return null;
      if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff) {
        // ::ffff:a00:1 written in hex is the IPv4 client 10.0.0.1, as parseAddress reads the dotted form.
        const n = words[3];
        ip = `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
        version = 4;
        words = null;
      }
    }
    const reserved = reservedRange(ip, version);
    if (reserved) {
      return {
        ip,
        reserved: reserved.kind,
        asn: null,
        organisation: null,
        country: null,
        hosting: false,
        hostingKind: null,
        network: reserved.network,
      };
    }
    if (data === undefined) data = load();
    if (data === null) return null;
    const match: AsnMatch | null = words
      ? data.asn.lookupV6(words)
      : data.asn.lookupV4(ip.split('.').reduce((n, part) => n * 256 + Number(part), 0));
    const code = (data.country.get(ip) as { country_code?: unknown } | null)?.country_code;
    const hostingKind = match ? data.hosting.kindOf(match.asn) : null;
    return {
      ip,
      reserved: null,
      asn: match?.asn ?? null,
      organisation: match?.organisation ?? null,
      country: typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? code : null,
      hosting: hostingKind !== null,
      hostingKind,
      network: match?.network ?? null,
    };
  };

  let failed = false;
  const safely = (raw: string): IpIntel | null => {
    try {
      return answer(raw);
    } catch (error) {
      // Not expected from data that loaded; but a lookup must never take detection down with it.
      if (!failed) logger.log('warn', 'IP enrichment failed on an address', { reason: String(error).slice(0, 300) });
      failed = true;
      return null;
    }
  };

  return {
    lookup(raw) {
      if (typeof raw !== 'string') return null;
      const cached = cache.get(raw);
      if (cached !== undefined) return cached;
      const result = safely(raw);
      const frozen = result && Object.freeze(result);
      if (cache.size >= cacheSize) cache.clear();
      cache.set(raw, frozen);
      return frozen;
    },
  };
}

let shared: IpIntelLookup | null = null;
let sharedLogger: Logger | undefined;

/** The composition root's logger for the shared lookup's one warning (stderr JSON otherwise). */
export function setIpIntelLogger(logger: Logger): void {
  sharedLogger = logger;
}

/**
 * ASN, organisation, country and hosting for an address as logs write it (`1.2.3.4`, `1.2.3.4:5`,
 * `[2a01::1]:443`, `::ffff:1.2.3.4`), from the installed data, with no network access. Null for anything
 * that is not an address, or when the data is unavailable. Synchronous; the data loads once per process,
 * at the first public address.
 */
export function lookupIp(raw: unknown): IpIntel | null {
  shared ??= createIpIntel({ logger: sharedLogger });
  return shared.lookup(raw);
}
