import { BlockList } from 'node:net';

/**
 * What a special-purpose block is for. These addresses never belong to an ISP or a hosting network, so
 * IP data must not be asked about them: a private or documentation address in a log says "behind a proxy"
 * or "made up", never "AS15169".
 */
export type ReservedRange =
  | 'unspecified'
  | 'private'
  | 'cgnat'
  | 'loopback'
  | 'link-local'
  | 'documentation'
  | 'benchmarking'
  | 'multicast'
  | 'reserved';

// IANA's IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its updates), the blocks that are
// not globally reachable or never assigned to a network, plus multicast. Only the blocks a log could show.
const BLOCKS: Array<[cidr: string, kind: ReservedRange]> = [
  ['0.0.0.0/8', 'unspecified'], // RFC 791 "this network"
  ['10.0.0.0/8', 'private'], // RFC 1918
  ['100.64.0.0/10', 'cgnat'], // RFC 6598 shared address space
  ['127.0.0.0/8', 'loopback'], // RFC 1122
  ['169.254.0.0/16', 'link-local'], // RFC 3927
  ['172.16.0.0/12', 'private'], // RFC 1918
  ['192.0.0.0/24', 'reserved'], // RFC 6890 IETF protocol assignments
  ['192.0.2.0/24', 'documentation'], // RFC 5737 TEST-NET-1
  ['192.168.0.0/16', 'private'], // RFC 1918
  ['198.18.0.0/15', 'benchmarking'], // RFC 2544
  ['198.51.100.0/24', 'documentation'], // RFC 5737 TEST-NET-2
  ['203.0.113.0/24', 'documentation'], // RFC 5737 TEST-NET-3
  ['224.0.0.0/4', 'multicast'], // RFC 5771
  ['240.0.0.0/4', 'reserved'], // RFC 1112, includes 255.255.255.255
  ['::/128', 'unspecified'], // RFC 4291
  ['::1/128', 'loopback'], // RFC 4291
  ['64:ff9b:1::/48', 'private'], // RFC 8215 local-use NAT64
  ['100::/64', 'reserved'], // RFC 6666 discard-only
  ['2001:2::/48', 'benchmarking'], // RFC 5180
  ['2001:db8::/32', 'documentation'], // RFC 3849
  ['3fff::/20', 'documentation'], // RFC 9637
  ['5f00::/16', 'reserved'], // RFC 9602 SRv6 SIDs
  ['fc00::/7', 'private'], // RFC 4193 unique local
  ['fe80::/10', 'link-local'], // RFC 4291
  ['ff00::/8', 'multicast'], // RFC 4291
];

interface Block {
  network: string;
  kind: ReservedRange;
  list: BlockList;
  family: 'ipv4' | 'ipv6';
}

const blocks: Block[] = BLOCKS.map(([cidr, kind]) => {
  const [address, prefix] = cidr.split('/') as [string, string];
  const family = address.includes(':') ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  list.addSubnet(address, Number(prefix), family);
  return { network: cidr, kind, list, family };
});

// One list per family answers "is it special at all?" in a single check: almost every address in a log
// is not, and only those that are need the walk that names the block.
const anyV4 = new BlockList();
const anyV6 = new BlockList();
for (const block of blocks) {
  const [address, prefix] = block.network.split('/') as [string, string];
  (block.family === 'ipv4' ? anyV4 : anyV6).addSubnet(address, Number(prefix), block.family);
}

/**
 * The special-purpose block `ip` (a canonical address from `parseAddress`) falls in, with the block as a
 * CIDR prefix, or null for a globally routable address. BlockList matches IPv4 rules against IPv4-mapped
 * IPv6 addresses too (`::ffff:a00:1` is 10.0.0.1).
 */
export function reservedRange(ip: string, version: 4 | 6): { kind: ReservedRange; network: string } | null {
  const family = version === 4 ? 'ipv4' : 'ipv6';
  if (!anyV4.check(ip, family) && (version === 4 || !anyV6.check(ip, family))) return null;
  for (const block of blocks) {
    if (block.family === 'ipv6' && family === 'ipv4') continue;
    if (block.list.check(ip, family)) return { kind: block.kind, network: block.network };
  }
  return null;
}
