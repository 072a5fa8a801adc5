import { z } from 'zod';
import type { RestrictedSender } from '../../shared/domain/tenant.ts';
import type { TenantConnection } from '../tenant/tenant-connection.ts';
import { invokeCommand } from './admin-client.ts';

const Row = z.looseObject({
  SenderAddress: z.string(),
  Reason: z.string().default(''),
  CreatedDatetime: z.string().nullish(),
  TemporaryBlock: z.boolean().default(false),
});

/** .NET round-trip dates ("2026-08-20T07:41:12.0000000Z", or with +00:00) to UTC ISO; null if unreadable. */
function utc(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(/[Zz]|[+-]\d{2}:\d{2}$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The tenant's Restricted entities: accounts blocked from sending (Get-BlockedSenderAddress). */
export async function listRestrictedSenders(tenant: TenantConnection): Promise<RestrictedSender[]> {
  const { rows } = await invokeCommand(tenant, 'Get-BlockedSenderAddress');
  return rows
    .map((row) => Row.safeParse(row))
    .filter((r) => r.success)
    .map(({ data }) => ({
      senderAddress: data.SenderAddress.toLowerCase(),
      reason: data.Reason,
      blockedAt: utc(data.CreatedDatetime),
      temporary: data.TemporaryBlock,
    }))
    .sort((a, b) => (b.blockedAt ?? '').localeCompare(a.blockedAt ?? ''));
}
