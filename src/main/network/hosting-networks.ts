import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../core/paths.ts';

export type HostingKind = 'cloud' | 'hosting' | 'vpn' | 'cdn';

/** The curated list of server networks: which ASNs are clouds, hosting, VPN services or anonymising CDNs. */
export interface HostingNetworks {
  /** `name@version` of the list, for the record of which data a detection used. */
  version: string;
  kindOf(asn: number): HostingKind | null;
}

const HostingList = z.object({
  name: z.string().min(1),
  version: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  asns: z
    .array(
      z.object({
        asn: z.number().int().min(1).max(0xffff_ffff),
        name: z.string().min(1),
        kind: z.enum(['cloud', 'hosting', 'vpn', 'cdn']),
        note: z.string(),
      }),
    )
    .min(1),
});

export function defaultHostingListFile(): string {
  return join(packageRoot(), 'resources', 'network', 'hosting-asns.json');
}

export function loadHostingNetworks(file: string = defaultHostingListFile()): HostingNetworks {
  const list = HostingList.parse(JSON.parse(readFileSync(file, 'utf8')));
  const kinds = new Map(list.asns.map((entry) => [entry.asn, entry.kind]));
  return { version: `${list.name}@${list.version}`, kindOf: (asn) => kinds.get(asn) ?? null };
}
