import { AppError } from '../core/app-error.ts';
import type { TenantConnection } from './tenant-connection.ts';

/**
 * A case belongs to one tenant: collecting or acting on it through another would look for the user in
 * the wrong place, or change the wrong account. Refused with both names, so the analyst sees why.
 */
export function assertCaseTenant(tenant: TenantConnection, caseTenant: string): void {
  if (isCaseTenant(tenant, caseTenant)) return;
  throw new AppError('conflict', 'errors.wrongTenant', {
    caseTenant,
    connected: tenant.info.displayName ?? tenant.info.tenantId ?? '',
  });
}

/** Whether the connected tenant is the case's (by tenant id or one of its verified domains). */
export function isCaseTenant(tenant: TenantConnection, caseTenant: string): boolean {
  const wanted = caseTenant.toLowerCase();
  return wanted === tenant.info.tenantId?.toLowerCase() || tenant.info.domains.some((d) => d.toLowerCase() === wanted);
}
