import type { TenantConnection } from '../tenant/tenant-connection.ts';
import { invokeCommand } from './admin-client.ts';
import { cmdletError } from './cmdlet-error.ts';

/** Exchange Online for containment actions: one cmdlet, its rows, refusals as CollectErrors. */
export function exchangeRunner(tenant: TenantConnection) {
  return async (cmdlet: string, parameters: Record<string, unknown>): Promise<Record<string, unknown>[]> => {
    try {
      return (await invokeCommand(tenant, cmdlet, parameters)).rows;
    } catch (error) {
      throw cmdletError(error, cmdlet);
    }
  };
}
