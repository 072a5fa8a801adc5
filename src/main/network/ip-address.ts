import { isIP, isIPv4 } from 'node:net';

/** An address as logs write it, split into the address and the port some of them append. */
export interface ParsedAddress {
  ip: string;
  port: number | null;
  version: 4 | 6;
}

const PORT = /^\d{1,5}$/;

function port(raw: string): number | null {
  if (!PORT.test(raw)) return null;
  const n = Number(raw);
  return n <= 65_535 ? n : null;
}

/**
 * Reads every address form Microsoft's logs use: `1.2.3.4`, `1.2.3.4:5678`, `[2a01:db8::1]:36185`,
 * `2603:10b6:5:345::11` (a bare IPv6 address: its last group is not a port), `::ffff:1.2.3.4` (an IPv4
 * client behind a dual-stack listener, read as the IPv4 address), a zone id (`fe80::1%eth0`). Anything
 * else is null: a half-read address would merge unrelated networks.
 */
export function parseAddress(raw: unknown): ParsedAddress | null {
  if (typeof raw !== 'string') return null;
  let value = raw.trim();
  if (!value || value.length > 100) return null;
  let portNumber: number | null = null;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracketed) {
    value = bracketed[1]!;
    if (bracketed[2] !== undefined) {
      portNumber = port(bracketed[2]);
      if (portNumber === null) return null;
    }
  } else if (!isIP(stripZone(value))) {
    // `a.b.c.d:port` only: an unbracketed IPv6 address with a port appended is ambiguous by design.
    const colon = value.lastIndexOf(':');
    if (colon <= 0 || !isIPv4(value.slice(0, colon))) return null;
    portNumber = port(value.slice(colon + 1));
    if (portNumber === null) return null;
    value = value.slice(0, colon);
  }
  value = stripZone(value);
  const version = isIP(value);
  if (version === 0) return null;
  if (version === 4) return { ip: value, port: portNumber, version: 4 };
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  if (mapped && isIPv4(mapped[1]!)) return { ip: mapped[1]!, port: portNumber, version: 4 };
  return { ip: compressIPv6(expandIPv6(value)), port: portNumber, version: 6 };
}

/** The address alone, in one canonical spelling (IPv6 lower-case and compressed), or '' when unreadable. */
export function ipOf(raw: unknown): string {
  return parseAddress(raw)?.ip ?? '';
}

function stripZone(value: string): string {
  const percent = value.indexOf('%');
  return percent > 0 && value.includes(':') ? value.slice(0, percent) : value;
}

/** Eight four-digit groups: the form in which prefixes can be compared group by group. */
export function expandIPv6(ip: string): string[] {
  let text = ip.toLowerCase();
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, null];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === null ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((g) => g.padStart(4, '0'));
}

/** RFC 5952: leading zeros dropped, the longest run of two or more zero groups as `::`. */
function compressIPv6(groups: string[]): string {
  const short = groups.map((g) => g.replace(/^0+(?=.)/, ''));
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8;) {
    if (short[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && short[j] === '0') j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j;
  }
  if (best.length < 2) return short.join(':');
  return `${short.slice(0, best.at).join(':')}::${short.slice(best.at + best.length).join(':')}`;
}

/**
 * The network an address belongs to, where no ASN is known: the /24 for IPv4, the /48 for IPv6 (a
 * customer site's usual allocation). Written as a CIDR prefix so it reads as what it is.
 */
export function networkOf(raw: unknown): string {
  const parsed = parseAddress(raw);
  if (!parsed) return '';
  if (parsed.version === 4) return `${parsed.ip.split('.').slice(0, 3).join('.')}.0/24`;
  const groups = expandIPv6(parsed.ip).slice(0, 3);
  return `${compressIPv6([...groups, '0000', '0000', '0000', '0000', '0000'])}/48`;
}
