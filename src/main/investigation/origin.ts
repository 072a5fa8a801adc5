import { networkOf } from '../network/ip-address.ts';
import { lookupIp, type IpIntel } from '../network/ip-intel.ts';

/** Where an address is on the internet, as detectors compare it: its network and what runs it. */
export interface Origin {
  /** The network to compare with a baseline: `AS3320` where the ASN is known, else the /24 or /48. */
  network: string;
  /** The network as an analyst reads it: `AS3320 Deutsche Telekom AG`, or the prefix. */
  label: string;
  asn: number | null;
  /** ISO alpha-2 from the offline data (a sign-in's own location is better where it has one). */
  country: string | null;
  /** Cloud, hosting, VPN or anonymising CDN: a machine or a tunnel speaking for someone. */
  hostingKind: IpIntel['hostingKind'];
  organisation: string | null;
}

/**
 * An address's origin from the log's own ASN (Entra sign-ins carry `autonomousSystemNumber`) or the offline
 * data (src/main/network/ip-intel.ts). Comparing ASNs rather than /24s keeps an ISP's rotating addresses
 * one network, and names the organisation in findings. Without data it falls back to the prefix.
 */
export function originOf(ip: string, logAsn?: unknown): Origin {
  const intel = ip ? lookupIp(ip) : null;
  const fromLog = typeof logAsn === 'number' && logAsn > 0 ? logAsn : Number(logAsn) > 0 ? Number(logAsn) : null;
  const asn = fromLog ?? intel?.asn ?? null;
  const organisation =
    asn !== null && asn === intel?.asn ? intel.organisation : fromLog === null ? null : (intel?.organisation ?? null);
  const prefix = networkOf(ip);
  return {
    network: asn !== null ? `AS${asn}` : prefix,
    label: asn !== null ? `AS${asn}${organisation ? ` ${organisation}` : ''}` : prefix,
    asn,
    country: intel?.country ?? null,
    hostingKind: asn !== null && asn === intel?.asn ? intel.hostingKind : null,
    organisation,
  };
}

/** Microsoft's own network: Microsoft 365 acts from it on the user's behalf (sync, search, Outlook's proxies). */
export const MICROSOFT_ASN = 8075;
