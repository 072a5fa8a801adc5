// `node bench/tasks/ip-intel.ts N`: loading the offline IP data, then N lookups of distinct public
// addresses with the answer cache off (every lookup searches the tables and the country file), against a
// baseline measured in the same run: the same N addresses looked up in a prepared Map.
import { createIpIntel } from '../../src/main/network/ip-intel.ts';
import { report, time } from './common.ts';

const count = Number(process.argv[2] ?? 1_000_000);

// Distinct addresses spread over the IPv4 space (one in eight IPv6), skipping nothing: reserved ones are
// answered too, as a log would contain them.
const addresses = Array.from({ length: count }, (_, i) => {
  const n = Math.imul(i + 1, 2_654_435_761) >>> 0;
  if (i % 8 === 7)
    return `2a0${n % 10}:${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}::${(i & 0xff).toString(16)}`;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
});

const intel = createIpIntel({ cacheSize: 1 });
const load = time(() => intel.lookup('8.8.8.8'));
let answered = 0;
const lookups = time(() => {
  for (const ip of addresses) if (intel.lookup(ip)?.asn != null) answered++;
});

const map = new Map(addresses.map((ip, i) => [ip, i]));
let sum = 0;
const baseline = time(() => {
  for (const ip of addresses) sum += map.get(ip) ?? 0;
});

const perLookupUs = (lookups.ms * 1000) / count;
report({
  task: 'ip-intel',
  lookups: count,
  withAsn: answered,
  loadMs: Math.round(load.ms),
  lookupMs: Math.round(lookups.ms),
  perLookupUs: Number(perLookupUs.toFixed(2)),
  baselineMs: Math.round(baseline.ms),
  ratio: Number((lookups.ms / Math.max(baseline.ms, 1)).toFixed(1)),
  checksum: sum > 0,
  meets: load.ms < 3000 && lookups.ms < 25 * baseline.ms,
  target: 'data loaded < 3 s; uncached lookups within 25× a Map lookup',
});
