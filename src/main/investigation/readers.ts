/** Small readers shared by detectors: tenant data is untyped JSON, read defensively. */

export interface Rec {
  /** Evidence row id in the case file: what findings link to. */
  id: number;
  body: Record<string, unknown>;
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function at(value: unknown): number {
  const t = Date.parse(str(value));
  return Number.isNaN(t) ? NaN : t;
}

export function domainOf(address: string): string {
  const clean = address
    .replace(/^smtp:/i, '')
    .trim()
    .toLowerCase();
  const m = /@([^@\s>\]]+)/.exec(clean);
  return m?.[1] ?? '';
}

/** External = not one of the tenant's verified domains (subdomains of one count as internal). */
export function isExternal(address: string, verified: readonly string[]): boolean {
  const domain = domainOf(address);
  if (!domain) return false;
  return !verified.some((v) => domain === v || domain.endsWith(`.${v}`));
}

/** An audit record's cmdlet parameters (`auditData.Parameters` as {Name, Value}), by lower-case name. */
export function auditParameters(rec: Rec): Record<string, string> {
  const data = (rec.body.auditData ?? {}) as {
    Parameters?: Array<{ Name?: unknown; Value?: unknown }>;
    dynamicProperties?: { Parameters?: Array<{ Name?: unknown; Value?: unknown }> };
  };
  const list = data.Parameters ?? data.dynamicProperties?.Parameters ?? [];
  return Object.fromEntries(list.map((p) => [str(p.Name).toLowerCase(), str(p.Value)]));
}
