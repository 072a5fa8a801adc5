import { z } from 'zod';
import type { RestrictedSender } from '../../shared/domain/tenant.ts';
import { parseExportTime } from '../import/export-time.ts';
import type { TenantConnection } from '../tenant/tenant-connection.ts';
import { invokeCommand } from './admin-client.ts';

const Row = z.looseObject({
  SenderAddress: z.string(),
  Reason: z.string().default(''),
  CreatedDatetime: z.string().nullish(),
  TemporaryBlock: z.boolean().default(false),
});

/** The tenant's Restricted entities: accounts blocked from sending (Get-BlockedSenderAddress). */
export async function listRestrictedSenders(tenant: TenantConnection): Promise<RestrictedSender[]> {
  const { rows } = await invokeCommand(tenant, 'Get-BlockedSenderAddress');
  return rows
    .map((row) => Row.safeParse(row))
    .filter((r) => r.success)
    .map(({ data }) => ({
      senderAddress: data.SenderAddress.toLowerCase(),
      reason: data.Reason,
      // .NET round-trip dates (7-digit fractions, Z or +00:00, or no zone: UTC), as exports carry them.
      blockedAt: data.CreatedDatetime ? parseExportTime(data.CreatedDatetime) : null,
      temporary: data.TemporaryBlock,
    }))
    .sort((a, b) => (b.blockedAt ?? '').localeCompare(a.blockedAt ?? ''));
}
