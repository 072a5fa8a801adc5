import { z } from 'zod';

/** Which tenant the app is connected to, as the UI may know it: never a secret, token or endpoint. */
export const TenantInfo = z.object({
  connected: z.boolean(),
  kind: z.enum(['demo', 'profile']).nullable(),
  displayName: z.string().nullable(),
  tenantId: z.string().nullable(),
  /** Verified domains; the first is the default. */
  domains: z.array(z.string()),
  /** For the demo tenant: the scenario it serves. */
  scenario: z.string().nullable(),
});
export type TenantInfo = z.infer<typeof TenantInfo>;

/** One row of Exchange's Restricted entities list (Get-BlockedSenderAddress). */
export const RestrictedSender = z.object({
  senderAddress: z.string(),
  reason: z.string(),
  blockedAt: z.string().nullable(),
  temporary: z.boolean(),
});
export type RestrictedSender = z.infer<typeof RestrictedSender>;
