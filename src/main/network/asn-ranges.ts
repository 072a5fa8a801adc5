import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { expandIPv6, ipOf } from './ip-address.ts';

/** One answer from the ASN data: the autonomous system and the CIDR block of its row that holds the address. */
export interface AsnMatch {
  asn: number;
  organisation: string;
  network: string;
}

/**
 * IP-to-ASN ranges from `@ip-location-db/asn` (`start,end,asn,organisation`, inclusive ranges sorted by
 * start, addresses written as integers), held in typed arrays — 400 000 IPv4
 * and 100 000 IPv6 rows in about ten megabytes — and searched by bisection.
 */
export interface AsnRanges {
  lookupV4(ip: number): AsnMatch | null;
  /** `ip` as four 32-bit words, most significant first. */
  lookupV6(ip: Words): AsnMatch | null;
  rows: { v4: number; v6: number };
}

export type Words = [number, number, number, number];

/**
 * Calls `onRow` for each line of the file; `onRow` answers whether it could use the row. The layout is
 * fixed and simple (two addresses, the ASN, then the organisation, RFC 4180-quoted when it holds a comma
 * or a quote; no field spans lines), and reading it by hand is several times faster than a general CSV
 * parser on 400 000 rows: the difference between a pause at the first lookup and none. A test checks the
 * result against csv-parse on every quoted row of the installed files.
 */
export function forEachAsnRow(
  text: string,
  onRow: (start: string, end: string, asn: number, organisation: string) => boolean,
): { rows: number; bad: number } {
  let rows = 0;
  let bad = 0;
  let at = 0;
  while (at < text.length) {
    let next = text.indexOf('\n', at);
    if (next < 0) next = text.length;
    const stop = text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    const lineStart = at;
    at = next + 1;
    if (stop === lineStart) continue;
    const c1 = text.indexOf(',', lineStart);
    const c2 = c1 < 0 || c1 >= stop ? -1 : text.indexOf(',', c1 + 1);
    const c3 = c2 < 0 || c2 >= stop ? -1 : text.indexOf(',', c2 + 1);
    if (c3 < 0 || c3 >= stop) {
      bad++;
      continue;
    }
    const asnText = text.slice(c2 + 1, c3);
    const organisation = unquote(text.slice(c3 + 1, stop));
    if (!/^\d{1,10}$/.test(asnText) || Number(asnText) > 0xffff_ffff || organisation === null) {
      bad++;
      continue;
    }
    if (onRow(text.slice(lineStart, c1), text.slice(c1 + 1, c2), Number(asnText), organisation)) rows++;
    else bad++;
  }
  return { rows, bad };
}

function unquote(field: string): string | null {
  if (!field.startsWith('"')) return field.includes('"') ? null : field;
  if (field.length < 2 || !field.endsWith('"')) return null;
  const inner = field.slice(1, -1);
  // Inside quotes a quote is only ever doubled; a lone one means the row is not what it seems.
  if (inner.replaceAll('""', '').includes('"')) return null;
  return inner.replaceAll('""', '"');
}

/** An IPv6 address as four 32-bit words, most significant first, or null when it is not one. */
export function v6Words(ip: string): Words | null {
  if (!isIPv6(ip)) return null;
  const g = expandIPv6(ip);
  return [
    parseInt(g[0]! + g[1]!, 16),
    parseInt(g[2]! + g[3]!, 16),
    parseInt(g[4]! + g[5]!, 16),
    parseInt(g[6]! + g[7]!, 16),
  ];
}

const MAX_V6 = (1n << 128n) - 1n;

/** A 128-bit address written as a decimal integer (the `-num` files) as four 32-bit words. */
function wordsOfDecimal(field: string): Words | null {
  if (!/^\d{1,39}$/.test(field)) return null;
  const n = BigInt(field);
  if (n > MAX_V6) return null;
  const hex = n.toString(16).padStart(32, '0');
  return [
    parseInt(hex.slice(0, 8), 16),
    parseInt(hex.slice(8, 16), 16),
    parseInt(hex.slice(16, 24), 16),
    parseInt(hex.slice(24), 16),
  ];
}

function compareWords(a: Uint32Array, i: number, b: Words): number {
  for (let w = 0; w < 4; w++) {
    const d = a[i * 4 + w]! - b[w]!;
    if (d !== 0) return d;
  }
  return 0;
}

/** A table that refuses a file not in the expected layout: bisection over unsorted or unreadable rows would lie. */
function check(name: string, counts: { rows: number; bad: number }, sorted: boolean): void {
  if (!sorted) throw new Error(`${name}: rows are not sorted by start address`);
  if (counts.rows === 0 || counts.bad > counts.rows / 100) {
    throw new Error(`${name}: ${counts.bad} unreadable rows of ${counts.rows + counts.bad}`);
  }
}

interface Table {
  start: Uint32Array;
  end: Uint32Array;
  asn: Uint32Array;
}

type NameOf = (asn: number, organisation: string) => void;

function lineCount(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

const V4_NUMBER = /^\d{1,10}$/;

function readV4(file: string, nameOf: NameOf): Table {
  const text = readFileSync(file, 'utf8');
  const capacity = lineCount(text);
  const start = new Uint32Array(capacity);
  const end = new Uint32Array(capacity);
  const asns = new Uint32Array(capacity);
  let n = 0;
  let sorted = true;
  const counts = forEachAsnRow(text, (startText, endText, asn, organisation) => {
    if (!V4_NUMBER.test(startText) || !V4_NUMBER.test(endText)) return false;
    const first = Number(startText);
    const last = Number(endText);
    if (last > 0xffff_ffff || last < first) return false;
    if (n > 0 && first < start[n - 1]!) sorted = false;
    start[n] = first;
    end[n] = last;
    asns[n++] = asn;
    nameOf(asn, organisation);
    return true;
  });
  check(file, counts, sorted);
  return { start: start.slice(0, n), end: end.slice(0, n), asn: asns.slice(0, n) };
}

/** IPv6 rows: `start` and `end` hold four words per row. */
function readV6(file: string, nameOf: NameOf): Table {
  const text = readFileSync(file, 'utf8');
  const capacity = lineCount(text);
  const start = new Uint32Array(capacity * 4);
  const end = new Uint32Array(capacity * 4);
  const asns = new Uint32Array(capacity);
  let n = 0;
  let sorted = true;
  const counts = forEachAsnRow(text, (startText, endText, asn, organisation) => {
    const first = wordsOfDecimal(startText);
    const last = wordsOfDecimal(endText);
    if (!first || !last || compare(last, first) < 0) return false;
    if (n > 0 && compareWords(start, n - 1, first) > 0) sorted = false;
    start.set(first, n * 4);
    end.set(last, n * 4);
    asns[n++] = asn;
    nameOf(asn, organisation);
    return true;
  });
  check(file, counts, sorted);
  return { start: start.slice(0, n * 4), end: end.slice(0, n * 4), asn: asns.slice(0, n) };
}

export function loadAsnRanges(files: { v4: string; v6: string }): AsnRanges {
  // One organisation per ASN in this data (91 000 ASNs for 500 000 rows): keep each name once, by ASN.
  const names = new Map<number, string>();
  const nameOf: NameOf = (asn, organisation) => {
    // A copy: a slice would keep the whole 20 MB file text alive for as long as the table.
    if (!names.has(asn)) names.set(asn, Buffer.from(organisation, 'utf8').toString('utf8'));
  };
  const v4 = readV4(files.v4, nameOf);
  const v6 = readV6(files.v6, nameOf);

  return {
    rows: { v4: v4.asn.length, v6: v6.asn.length },
    lookupV4(ip) {
      // The last row starting at or before ip. Where a row nests inside the previous one (one row in
      // 400 000 in this data), addresses past the nested row's end are unknown rather than guessed.
      let lo = 0;
      let hi = v4.start.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (v4.start[mid]! <= ip) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found < 0 || ip > v4.end[found]!) return null;
      const start = BigInt(v4.start[found]!);
      const end = BigInt(v4.end[found]!);
      const { base, prefix } = cidrOf(BigInt(ip), start, end, 32);
      const n = Number(base);
      return {
        asn: v4.asn[found]!,
        organisation: names.get(v4.asn[found]!)!,
        network: `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${prefix}`,
      };
    },
    lookupV6(ip) {
      let lo = 0;
      let hi = v6.asn.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (compareWords(v6.start, mid, ip) <= 0) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found < 0 || compareWords(v6.end, found, ip) < 0) return null;
      const { base, prefix } = cidrOf(big(ip), big(row(v6.start, found)), big(row(v6.end, found)), 128);
      const groups = base.toString(16).padStart(32, '0').match(/.{4}/g)!;
      return {
        asn: v6.asn[found]!,
        organisation: names.get(v6.asn[found]!)!,
        network: `${ipOf(groups.join(':'))}/${prefix}`,
      };
    },
  };
}

function compare(a: Words, b: Words): number {
  for (let w = 0; w < 4; w++) if (a[w] !== b[w]) return a[w]! - b[w]!;
  return 0;
}

function row(table: Uint32Array, i: number): Words {
  return [table[i * 4]!, table[i * 4 + 1]!, table[i * 4 + 2]!, table[i * 4 + 3]!];
}

function big(words: Words): bigint {
  return words.reduce((n, w) => (n << 32n) | BigInt(w), 0n);
}

/**
 * The widest CIDR block that holds `ip` and lies wholly inside the row [start, end]: a row is a range,
 * not always one prefix (`1.0.4.0–1.0.7.255` is a /22, `1.0.4.0–1.0.9.255` is not), and a prefix is what
 * analysts compare and search for. Starts at the widest prefix the range's size allows.
 */
function cidrOf(ip: bigint, start: bigint, end: bigint, bits: number): { base: bigint; prefix: number } {
  const sizeBits = (end - start + 1n).toString(2).length - 1;
  for (let prefix = bits - sizeBits; prefix <= bits; prefix++) {
    const hostBits = BigInt(bits - prefix);
    const base = (ip >> hostBits) << hostBits;
    if (base >= start && base + (1n << hostBits) - 1n <= end) return { base, prefix };
  }
  return { base: ip, prefix: bits };
}
