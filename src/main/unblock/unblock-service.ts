import type { UnblockStatus } from '../../shared/domain/unblock.ts';
import { AppError } from '../app/app-error.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { ChecklistService } from '../checklist/checklist-service.ts';
import { invokeCommand } from '../exchange/admin-client.ts';
import { listRestrictedSenders } from '../exchange/restricted-senders.ts';
import { assertCaseTenant } from '../tenant/case-tenant.ts';
import type { TenantService } from '../tenant/tenant-service.ts';

/** Where an administrator unblocks by hand (Defender portal, Restricted entities). */
export const RESTRICTED_ENTITIES_URL = 'https://security.microsoft.com/restrictedentities';

/**
 * The unblock gate (playbook step 2): unblocking is allowed only once the checklist's securing items are
 * settled, and the gate says which are not. Through Exchange Online when connected, read back from the
 * restricted list; otherwise the exact command and the portal link, and the analyst records the outcome.
 */
export class UnblockService {
  private readonly deps: { cases: CaseService; checklists: ChecklistService; tenants: TenantService };

  constructor(deps: { cases: CaseService; checklists: ChecklistService; tenants: TenantService }) {
    this.deps = deps;
  }

  async status(caseId: string): Promise<UnblockStatus> {
    const { upn } = this.deps.cases.get(caseId);
    const blockers = this.deps.checklists.get(caseId).unblockBlockers;
    let blocked: UnblockStatus['blocked'] = 'unknown';
    const tenant = this.deps.tenants.current;
    if (tenant) {
      const row = (await listRestrictedSenders(tenant)).find((r) => r.senderAddress === upn);
      blocked = row ? { blockedAt: row.blockedAt, reason: row.reason } : null;
    }
    return {
      allowed: blockers.length === 0,
      blockers,
      blocked,
      manual: { command: `Remove-BlockedSenderAddress -SenderAddress '${upn}'`, portalUrl: RESTRICTED_ENTITIES_URL },
    };
  }

  /** Removes the block through Exchange Online and checks the restricted list afterwards. */
  async release(caseId: string): Promise<{ verified: boolean; seq: number }> {
    const summary = this.deps.cases.get(caseId);
    this.assertGateOpen(caseId);
    const tenant = this.deps.tenants.current;
    if (!tenant) throw new AppError('not_connected', 'errors.notConnected');
    assertCaseTenant(tenant, summary.tenant);
    const result = await invokeCommand(tenant, 'Remove-BlockedSenderAddress', { SenderAddress: summary.upn });
    const stillBlocked = (await listRestrictedSenders(tenant)).some((r) => r.senderAddress === summary.upn);
    const entry = this.deps.cases.append(caseId, 'unblock.released', {
      via: 'exchange',
      verified: !stillBlocked,
      warnings: result.warnings,
    });
    return { verified: !stillBlocked, seq: entry.seq };
  }

  /** The manual path: the analyst ran the command or used the portal, and says what happened. */
  recordManual(caseId: string, note: string): { seq: number } {
    this.assertGateOpen(caseId);
    const entry = this.deps.cases.append(caseId, 'unblock.released', { via: 'manual', verified: false, note });
    return { seq: entry.seq };
  }

  /** The gate itself: refused while securing checklist items are open, whichever path unblocks. */
  private assertGateOpen(caseId: string): void {
    const blockers = this.deps.checklists.get(caseId).unblockBlockers;
    if (blockers.length > 0) throw new AppError('conflict', 'errors.unblockGated', { count: blockers.length });
  }
}
