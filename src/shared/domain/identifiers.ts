import { z } from 'zod';

// Messages are i18n keys (see src/shared/i18n): the renderer and the CLI translate them, so a schema
// failure reads the same everywhere and never leaks an internal detail.

/** Entra ID caps a UPN at 113 characters: 64 before the @ and 48 after. */
const UPN_MAX = 113;
const UPN_LOCAL_MAX = 64;
const UPN_PATTERN =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DOMAIN_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const UserPrincipalName = z
  .string({ error: 'validation.upn.required' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'validation.upn.required' })
  .max(UPN_MAX, { error: 'validation.upn.tooLong' })
  .refine((v) => UPN_PATTERN.test(v) && (v.split('@')[0]?.length ?? 0) <= UPN_LOCAL_MAX, {
    error: 'validation.upn.invalid',
  });

/** A tenant is named by its directory (tenant) id or by one of its domains, as analysts know it. */
export const TenantRef = z
  .string({ error: 'validation.tenant.required' })
  .trim()
  .toLowerCase()
  .min(1, { error: 'validation.tenant.required' })
  .max(253, { error: 'validation.tenant.invalid' })
  .refine((v) => GUID_PATTERN.test(v) || DOMAIN_PATTERN.test(v), { error: 'validation.tenant.invalid' });

/** Clock skew we tolerate when an analyst types "now" on a machine whose clock runs slow. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const EARLIEST = Date.UTC(2000, 0, 1);

/** An instant with an explicit offset, stored as UTC ISO-8601 with milliseconds. */
export const UtcInstant = z.iso
  .datetime({ offset: true, error: 'validation.time.invalid' })
  .transform((v) => new Date(v).toISOString());

export const PastInstant = UtcInstant.refine((v) => Date.parse(v) <= Date.now() + FUTURE_TOLERANCE_MS, {
  error: 'validation.time.future',
}).refine((v) => Date.parse(v) >= EARLIEST, { error: 'validation.time.tooEarly' });

export const CaseId = z.uuid({ error: 'validation.caseId.invalid' });

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
