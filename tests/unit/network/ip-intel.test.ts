import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogLevel, Logger } from '../../../src/main/core/logger.ts';
import { forEachAsnRow } from '../../../src/main/network/asn-ranges.ts';
import { createIpIntel, IP_INTEL_VERSION, lookupIp, type IpIntelLookup } from '../../../src/main/network/ip-intel.ts';

// Known answers from the pinned data (@ip-location-db/asn and geo-whois-asn-country-mmdb 2.3.2026061719),
// for addresses whose holders publish them: Google Public DNS (8.8.8.8, 2001:4860:4860::8888), Cloudflare's
// 1.1.1.1 (APNIC's block, registered in Australia), Meta's 2a03:2880::/32, DigitalOcean's 167.99.0.0/16 and
// Comcast's 73.0.0.0/8 and 2601::/20 (their ARIN allocations), TDC's 80.160.0.0/13 (RIPE, Denmark).

const require = createRequire(import.meta.url);
const asnDir = dirname(require.resolve('@ip-location-db/asn/package.json'));
const rootPackage = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};

function capturingLogger(): Logger & { records: Array<{ level: LogLevel; message: string }> } {
  const records: Array<{ level: LogLevel; message: string }> = [];
  return { records, log: (level, message) => records.push({ level, message }) };
}

let intel: IpIntelLookup;
const logger = capturingLogger();
beforeAll(() => {
  intel = createIpIntel({ logger });
  intel.lookup('8.8.8.8'); // loads the data once for the whole file
}, 60_000);

describe('lookupIp: known answers from the installed data', () => {
  it.each([
    ['8.8.8.8', 15169, 'Google LLC', 'US', '8.8.8.0/24'],
    ['1.1.1.1', 13335, 'Cloudflare, Inc.', 'AU', '1.1.1.0/24'],
    ['2001:4860:4860::8888', 15169, 'Google LLC', 'US', '2001:4860:4840::/42'],
    ['2a03:2880:f12f:83:face:b00c::25de', 32934, 'Facebook, Inc.', 'IE', '2a03:2880::/32'],
    ['167.99.241.66', 14061, 'DigitalOcean, LLC', 'DE', '167.99.0.0/16'],
    ['73.1.2.3', 7922, 'Comcast Cable Communications, LLC', 'US', '73.0.0.0/8'],
    ['2601::1', 7922, 'Comcast Cable Communications, LLC', 'US', '2601::/24'],
    ['80.160.1.1', 3292, 'TDC Holding A/S', 'DK', '80.160.0.0/13'],
  ])('%s → AS%i %s, %s, %s', (ip, asn, organisation, country, network) => {
    expect(intel.lookup(ip)).toMatchObject({ reserved: null, asn, organisation, country, network });
  });

  it('marks cloud, hosting and VPN networks as hosting, with their kind', () => {
    expect(intel.lookup('8.8.8.8')).toMatchObject({ hosting: true, hostingKind: 'cloud' });
    expect(intel.lookup('167.99.241.66')).toMatchObject({ hosting: true, hostingKind: 'cloud' });
    expect(intel.lookup('52.94.10.1')).toMatchObject({ asn: 16509, hosting: true, hostingKind: 'cloud' });
    expect(intel.lookup('1.1.1.1')).toMatchObject({ hosting: true, hostingKind: 'cdn' });
    expect(intel.lookup('45.92.0.1')).toMatchObject({
      asn: 216025,
      organisation: 'Mullvad VPN AB',
      hostingKind: 'vpn',
    });
  });

  it('does not mark residential ISPs or an ordinary company network as hosting', () => {
    for (const ip of ['73.1.2.3', '2601::1', '80.160.1.1', '2a03:2880:f12f:83:face:b00c::25de']) {
      expect(intel.lookup(ip)).toMatchObject({ hosting: false, hostingKind: null });
    }
  });

  it('gives the widest prefix inside a row that is not itself one prefix', () => {
    // The row 1.0.128.0–1.0.196.255 (AS23969) is a /18 plus a /22 plus a /24.
    expect(intel.lookup('1.0.130.1')).toMatchObject({ asn: 23969, network: '1.0.128.0/18' });
    expect(intel.lookup('1.0.193.7')).toMatchObject({ asn: 23969, network: '1.0.192.0/22' });
    expect(intel.lookup('1.0.196.1')).toMatchObject({ asn: 23969, network: '1.0.196.0/24' });
    expect(intel.lookup('1.0.197.1')?.asn).not.toBe(23969);
    // IPv6 rows can be a single address.
    expect(intel.lookup('2001:500:30ff::30')).toMatchObject({ asn: 396552, network: '2001:500:30ff::30/128' });
    expect(intel.lookup('2001:500:30ff::31')).toMatchObject({ asn: 396585, network: '2001:500:30ff::31/128' });
  });

  it('reads addresses as logs write them: ports, brackets, IPv4-mapped IPv6 in both spellings', () => {
    const google = intel.lookup('8.8.8.8');
    for (const raw of ['8.8.8.8:53', ' 8.8.8.8 ', '::ffff:8.8.8.8', '[::ffff:8.8.8.8]:443', '::ffff:808:808']) {
      expect(intel.lookup(raw)).toEqual(google);
    }
    expect(intel.lookup('[2a03:2880:f12f:83:face:b00c::25de]:443')).toMatchObject({
      ip: '2a03:2880:f12f:83:face:b00c:0:25de',
      asn: 32934,
    });
  });

  it('answers an address no row covers with nulls, not a neighbour', () => {
    expect(intel.lookup('192.169.0.1')).toMatchObject({ reserved: null, asn: null, organisation: null, network: null });
  });

  it('the shared lookupIp answers from the same data', () => {
    expect(lookupIp('2001:4860:4860::8888')).toMatchObject({ asn: 15169, country: 'US' });
  }, 60_000);

  it('keeps answers per input and hands out frozen objects', () => {
    const first = intel.lookup('73.1.2.3');
    expect(intel.lookup('73.1.2.3')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(logger.records).toEqual([]);
  });
});

describe('lookupIp: special-purpose addresses', () => {
  it.each([
    ['10.1.2.3', '10.1.2.3', 'private', '10.0.0.0/8'],
    ['172.16.5.4', '172.16.5.4', 'private', '172.16.0.0/12'],
    ['192.168.1.1:51234', '192.168.1.1', 'private', '192.168.0.0/16'],
    ['127.0.0.1', '127.0.0.1', 'loopback', '127.0.0.0/8'],
    ['100.64.0.1', '100.64.0.1', 'cgnat', '100.64.0.0/10'],
    ['100.127.255.254', '100.127.255.254', 'cgnat', '100.64.0.0/10'],
    ['169.254.10.10', '169.254.10.10', 'link-local', '169.254.0.0/16'],
    ['192.0.2.1', '192.0.2.1', 'documentation', '192.0.2.0/24'],
    ['198.51.100.7', '198.51.100.7', 'documentation', '198.51.100.0/24'],
    ['203.0.113.9', '203.0.113.9', 'documentation', '203.0.113.0/24'],
    ['198.18.0.1', '198.18.0.1', 'benchmarking', '198.18.0.0/15'],
    ['0.0.0.0', '0.0.0.0', 'unspecified', '0.0.0.0/8'],
    ['224.0.0.251', '224.0.0.251', 'multicast', '224.0.0.0/4'],
    ['255.255.255.255', '255.255.255.255', 'reserved', '240.0.0.0/4'],
    ['::1', '::1', 'loopback', '::1/128'],
    ['[::1]:8080', '::1', 'loopback', '::1/128'],
    ['::', '::', 'unspecified', '::/128'],
    ['fe80::1c2b:3cff:fe4d:5e6f%12', 'fe80::1c2b:3cff:fe4d:5e6f', 'link-local', 'fe80::/10'],
    ['fd12:3456::1', 'fd12:3456::1', 'private', 'fc00::/7'],
    ['2001:db8::1', '2001:db8::1', 'documentation', '2001:db8::/32'],
    ['ff02::1', 'ff02::1', 'multicast', 'ff00::/8'],
    ['::ffff:10.0.0.1', '10.0.0.1', 'private', '10.0.0.0/8'],
    ['::ffff:a00:1', '10.0.0.1', 'private', '10.0.0.0/8'],
    ['::ffff:7f00:1', '127.0.0.1', 'loopback', '127.0.0.0/8'],
  ])('%s is %s (%s)', (raw, ip, reserved, network) => {
    expect(intel.lookup(raw)).toEqual({
      ip,
      reserved,
      asn: null,
      organisation: null,
      country: null,
      hosting: false,
      hostingKind: null,
      network,
    });
  });

  it.each([
    ['172.32.0.1', 21928],
    ['100.128.0.1', 21928],
    ['172.15.255.255', 7018],
    ['11.0.0.1', 749],
  ])('%s, just outside a private block, is an ordinary address (AS%i)', (ip, asn) => {
    expect(intel.lookup(ip)).toMatchObject({ reserved: null, asn });
  });
});

describe('lookupIp: what is not an address', () => {
  it.each(['', 'garbage', '1.2.3', '300.1.1.1', '1.2.3.4:99999', '2a01::1::2', '8.8.8.8/24', 'localhost'])(
    '%j → null',
    (raw) => {
      expect(intel.lookup(raw)).toBeNull();
    },
  );

  it.each([42, null, undefined, {}, ['8.8.8.8']])('%j (not a string) → null', (raw) => {
    expect(intel.lookup(raw)).toBeNull();
  });
});

describe('IP_INTEL_VERSION', () => {
  it('names each source with the version of the installed package or list', () => {
    expect(IP_INTEL_VERSION.sources).toEqual([
      {
        role: 'asn',
        package: '@ip-location-db/asn',
        version: rootPackage.dependencies['@ip-location-db/asn'],
        licence: 'CC-BY-4.0',
      },
      {
        role: 'country',
        package: '@ip-location-db/geo-whois-asn-country-mmdb',
        version: rootPackage.dependencies['@ip-location-db/geo-whois-asn-country-mmdb'],
        licence: 'CC-BY-4.0',
      },
      {
        role: 'hosting',
        package: 'resources/network/hosting-asns.json',
        version: '2026-12-03',
        licence: 'Clearance',
      },
    ]);
    expect(rootPackage.dependencies['@ip-location-db/asn']).toBe('2.3.2026061719');
    expect(IP_INTEL_VERSION.attribution).toMatch(/DB-IP.*CC BY 4\.0/);
  });
});

describe('missing or unreadable data', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ip-intel-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing ASN file: null for public addresses, one warning, reserved ones still answered', () => {
    const log = capturingLogger();
    const broken = createIpIntel({ asnFiles: { v4: join(dir, 'gone.csv'), v6: join(dir, 'gone6.csv') }, logger: log });
    expect(broken.lookup('8.8.8.8')).toBeNull();
    expect(broken.lookup('1.1.1.1')).toBeNull();
    expect(broken.lookup('2001:4860:4860::8888')).toBeNull();
    expect(broken.lookup('10.0.0.1')).toMatchObject({ reserved: 'private' });
    expect(log.records).toEqual([{ level: 'warn', message: 'IP enrichment is off: its data could not be read' }]);
  });

  it('an ASN file in another layout is refused rather than misread', () => {
    const v4 = join(dir, 'other.csv');
    writeFileSync(v4, 'ip_from,ip_to,country\n1.0.0.0,1.0.0.255,AU\n');
    const log = capturingLogger();
    const broken = createIpIntel({ asnFiles: { v4, v6: join(asnDir, 'asn-ipv6-num.csv') }, logger: log });
    expect(broken.lookup('1.0.0.1')).toBeNull();
    expect(log.records).toHaveLength(1);
  });

  it('an unreadable country file or hosting list turns enrichment off the same way', () => {
    const mmdb = join(dir, 'broken.mmdb');
    writeFileSync(mmdb, 'not a MaxMind DB');
    const list = join(dir, 'hosting.json');
    writeFileSync(list, '{"name":"x","version":"2026-01-01","asns":[{"asn":"AS1"}]}');
    for (const options of [{ countryFile: mmdb }, { hostingFile: list }]) {
      const log = capturingLogger();
      const broken = createIpIntel({ ...options, logger: log });
      expect(broken.lookup('8.8.8.8')).toBeNull();
      expect(broken.lookup('73.1.2.3')).toBeNull();
      expect(log.records).toHaveLength(1);
    }
  }, 60_000);
});

describe('the data files', () => {
  it('the fast row reader agrees with csv-parse on every quoted row of both files', () => {
    for (const file of ['asn-ipv4-num.csv', 'asn-ipv6-num.csv']) {
      const quoted = readFileSync(join(asnDir, file), 'utf8')
        .split('\n')
        .filter((line) => line.includes('"'))
        .join('\n');
      const ours: string[][] = [];
      const counts = forEachAsnRow(quoted, (start, end, asn, organisation) => {
        ours.push([start, end, String(asn), organisation]);
        return true;
      });
      const theirs: string[][] = parse(quoted);
      expect(theirs.length).toBeGreaterThan(10_000);
      expect(counts).toEqual({ rows: theirs.length, bad: 0 });
      expect(ours).toEqual(theirs);
    }
  });

  it('every ASN in the hosting list is still announced in the installed ASN data', () => {
    const list = JSON.parse(
      readFileSync(new URL('../../../resources/network/hosting-asns.json', import.meta.url), 'utf8'),
    ) as { asns: Array<{ asn: number }> };
    const seen = new Set<number>();
    for (const file of ['asn-ipv4-num.csv', 'asn-ipv6-num.csv']) {
      forEachAsnRow(readFileSync(join(asnDir, file), 'utf8'), (_start, _end, asn) => seen.add(asn) !== undefined);
    }
    expect(list.asns.length).toBeGreaterThan(50);
    expect(list.asns.filter((entry) => !seen.has(entry.asn))).toEqual([]);
  });
});
