import { describe, expect, it } from 'vitest';
import { ipOf, networkOf, parseAddress } from '../../../src/main/network/ip-address.ts';

// Address forms as Microsoft's logs write them (unified audit log ClientIP, Exchange's ClientIPAddress,
// sign-in ipAddress, message trace FromIP), with the known answer for each.
const CORPUS: Array<[raw: string, ip: string, port: number | null, network: string]> = [
  ['41.203.72.11', '41.203.72.11', null, '41.203.72.0/24'],
  ['41.203.72.11:51234', '41.203.72.11', 51234, '41.203.72.0/24'],
  [' 10.0.0.5 ', '10.0.0.5', null, '10.0.0.0/24'],
  ['2603:10b6:5:345::11', '2603:10b6:5:345::11', null, '2603:10b6:5::/48'],
  ['[2a01:111:f400:7e1c::21]:36185', '2a01:111:f400:7e1c::21', 36185, '2a01:111:f400::/48'],
  ['[2a01:111:f400:7e1c::21]', '2a01:111:f400:7e1c::21', null, '2a01:111:f400::/48'],
  ['2A01:0111:F400:7E1C:0000:0000:0000:0021', '2a01:111:f400:7e1c::21', null, '2a01:111:f400::/48'],
  ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', null, '2001:db8::/48'],
  ['2001:db8::', '2001:db8::', null, '2001:db8::/48'],
  ['::1', '::1', null, '::/48'],
  ['::ffff:81.161.59.22', '81.161.59.22', null, '81.161.59.0/24'],
  ['[::ffff:81.161.59.22]:443', '81.161.59.22', 443, '81.161.59.0/24'],
  ['fe80::1c2b:3cff:fe4d:5e6f%12', 'fe80::1c2b:3cff:fe4d:5e6f', null, 'fe80::/48'],
  ['2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3:8d3:1319:8a2e:370:7348', null, '2001:db8:85a3::/48'],
  ['64:ff9b::192.0.2.33', '64:ff9b::c000:221', null, '64:ff9b::/48'],
];

describe('parseAddress', () => {
  it.each(CORPUS)('%j → %s port %s', (raw, ip, port, network) => {
    expect(parseAddress(raw)).toMatchObject({ ip, port });
    expect(ipOf(raw)).toBe(ip);
    expect(networkOf(raw)).toBe(network);
  });

  it('round-trips the canonical form of every address in the corpus', () => {
    for (const [, ip] of CORPUS) expect(ipOf(ip)).toBe(ip);
    expect(CORPUS).toHaveLength(15);
  });

  // The two forms the old `split(':')` and `/:\d+$/` mangled into `[2a01` and `2603:10b6:5:345:`.
  it('keeps IPv6 addresses whole where the last group looks like a port', () => {
    expect(ipOf('[2a01:111:f400:7e1c::21]:36185')).toBe('2a01:111:f400:7e1c::21');
    expect(ipOf('2603:10b6:5:345::11')).toBe('2603:10b6:5:345::11');
    expect(ipOf('2603:10b6:5:345::1234')).toBe('2603:10b6:5:345::1234');
  });

  it.each([
    '',
    'unknown',
    '<null>',
    '300.1.1.1',
    '1.2.3',
    '1.2.3.4:99999',
    '1.2.3.4:',
    '[2a01::1]:port',
    '[not-an-address]:80',
    '2a01::1::2',
    '2603:10b6:5:345::11:99999',
    'gggg::1',
    '1.2.3.4 5.6.7.8',
  ])('refuses %j', (raw) => {
    expect(parseAddress(raw)).toBeNull();
    expect(ipOf(raw)).toBe('');
    expect(networkOf(raw)).toBe('');
  });

  it('refuses what is not a string', () => {
    expect(parseAddress(undefined)).toBeNull();
    expect(parseAddress(1234)).toBeNull();
    expect(parseAddress({ ip: '1.2.3.4' })).toBeNull();
  });
});
