import type { SendingStatus, UnblockStatus } from '../../shared/domain/unblock.ts';
import { guarded } from '../remediation/guarded.ts';
import { checkSending } from './sending-watch.ts';
import { AppError } from '../core/app-error.ts';
import type { CaseService } from '../cases/case-service.ts';
import type { ChecklistService } from '../checklist/checklist-service.ts';
import { invokeCommand } from '../exchange/admin-client.ts';
import { listRestrictedSenders } from '../exchange/restricted-senders.ts';
import { assertCaseTenant, isCaseTenant } from '../tenant/case-tenant.ts';
import type { TenantService } from '../tenant/tenant-service.ts';

/** Where an administrator unblocks by hand (Defender portal, Restricted entities). */
export const RESTRICTED_ENTITIES_URL = 'https://security.microsoft.com/restrictedentities';

/**
 * The unblock gate (playbook step 2): unblocking is allowed only once the checklist's securing items are
 * settled, and the gate says which are not. Through Exchange Online when connected, read back from the
 * restricted list; otherwise the exact command and the portal link, and the analyst records the outcome.
 */
export class UnblockService {
  private readonly deps: {
    cases: CaseService;
    checklists: ChecklistService;
    tenants: TenantService;
    now?: () => Date;
  };

  constructor(deps: { cases: CaseService; checklists: ChecklistService; tenants: TenantService; now?: () => Date }) {
    this.deps = deps;
  }

  async status(caseId: string): Promise<UnblockStatus> {
    const { upn, tenant: caseTenant } = this.deps.cases.get(caseId);
    const blockers = this.deps.checklists.get(caseId).unblockBlockers;
    let blocked: UnblockStatus['blocked'] = 'unknown';
    const tenant = this.deps.tenants.current;
    // Another tenant's restricted list says nothing about this case's user.
    if (tenant && isCaseTenant(tenant, caseTenant)) {
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

  /**
   * Has sending resumed since the latest unblock? One look at the restricted list and message trace (the
   * UI asks again every few minutes while waiting). The first resumption and a re-block are each logged
   * once per unblock; a re-block is an alert: the account may still be in the attacker's hands.
   */
  async verifySending(caseId: string): Promise<SendingStatus> {
    const summary = this.deps.cases.get(caseId);
    const file = this.deps.cases.caseFile(caseId);
    const released = file.latest('unblock.released');
    if (!released) throw new AppError('conflict', 'errors.notReleased');
    const tenant = this.deps.tenants.current;
    if (!tenant) throw new AppError('not_connected', 'errors.notConnected');
    assertCaseTenant(tenant, summary.tenant);
    const now = this.now();
    const check = await guarded(() => checkSending(tenant, summary.upn, released.at, now));
    const since = (kind: 'unblock.verified' | 'unblock.reblocked') =>
      [...file.entriesOfKinds([kind])].some((e) => e.payload.releasedSeq === released.seq);
    if (check.resumedAt && !since('unblock.verified'))
      this.deps.cases.append(caseId, 'unblock.verified', { releasedSeq: released.seq, resumedAt: check.resumedAt });
    if (check.blockedAgain && !since('unblock.reblocked'))
      this.deps.cases.append(caseId, 'unblock.reblocked', {
        releasedSeq: released.seq,
        blockedAt: check.blockedAgain.blockedAt,
        reason: check.blockedAgain.reason,
      });
    const overdue = now.getTime() - Date.parse(released.at) > 24 * 3_600_000;
    return {
      state: check.blockedAgain ? 'reblocked' : check.resumedAt ? 'resumed' : overdue ? 'overdue' : 'waiting',
      releasedAt: released.at,
      resumedAt: check.resumedAt,
      checkedAt: now.toISOString(),
      blockedAgain: check.blockedAgain,
      unblocksOfUser: this.unblocksOf(summary.upn),
    };
  }

  /** Unblocks of one user across every case on this computer: a user unblocked again and again is a signal. */
  private unblocksOf(upn: string): number {
    return this.deps.cases
      .list('createdAt', 'asc')
      .filter((c) => c.upn === upn)
      .reduce((n, c) => n + [...this.deps.cases.caseFile(c.id).entriesOfKinds(['unblock.released'])].length, 0);
  }

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  /** The gate itself: refused while securing checklist items are open, whichever path unblocks. */
  private assertGateOpen(caseId: string): void {
    const blockers = this.deps.checklists.get(caseId).unblockBlockers;
    if (blockers.length > 0) throw new AppError('conflict', 'errors.unblockGated', { count: blockers.length });
  }
}
