import type { Collector } from '../../investigation/collector.ts';
import { abortableSleep } from '../sleep.ts';
import { pagedCollection } from './paged.ts';

/** Mailbox events that matter for a blocked sender (playbook.md, unified audit log row). */
export const AUDIT_OPERATIONS = [
  'New-InboxRule',
  'Set-InboxRule',
  'Remove-InboxRule',
  'Enable-InboxRule',
  'Disable-InboxRule',
  'UpdateInboxRules',
  'Set-Mailbox',
  'Add-MailboxPermission',
  'Add-RecipientPermission',
  'Add-MailboxFolderPermission',
  'Set-MailboxAuditBypassAssociation',
  'Set-AdminAuditLogConfig',
  'Set-OrganizationConfig',
  'MailItemsAccessed',
  'Send',
  'SendAs',
  'SendOnBehalf',
  'MailboxLogin',
  'UserLoggedIn',
  'UserLoginFailed',
  'HygieneTenantEvents',
];

/** Polling starts quick (small queries finish in seconds) and backs off to spare the tenant's quota. */
const POLL_FIRST_MS = 500;
const POLL_MAX_MS = 15_000;

/**
 * The Purview audit-log query lifecycle: create the query, wait for it to succeed, then page its records.
 * The query id is the cursor, so a resumed run waits for the same query instead of starting another.
 */
export const auditLogCollector: Collector = {
  source: 'auditLog',
  async *collect(ctx, cursor) {
    let queryId = cursor?.split('|')[0] ?? null;
    const link = cursor?.split('|').slice(1).join('|') || null;
    if (!queryId) {
      const created = await ctx.graph.post<{ id: string }>(
        '/security/auditLog/queries',
        {
          '@odata.type': '#microsoft.graph.security.auditLogQuery',
          displayName: `Clearance ${ctx.user.upn} ${ctx.window.start.slice(0, 10)}`,
          filterStartDateTime: ctx.window.start,
          filterEndDateTime: ctx.window.end,
          operationFilters: AUDIT_OPERATIONS,
          userPrincipalNameFilters: [ctx.user.upn],
        },
        ctx.observer,
      );
      queryId = created.id;
      yield { request: 'POST /security/auditLog/queries', items: [], cursor: `${queryId}|` };
    }
    for (let wait = POLL_FIRST_MS; ; wait = Math.min(POLL_MAX_MS, wait * 1.5)) {
      const query = await ctx.graph.get<{ status: string }>(`/security/auditLog/queries/${queryId}`, ctx.observer);
      if (query.status === 'succeeded') break;
      if (query.status === 'failed' || query.status === 'cancelled')
        throw new Error(`the audit-log query ${query.status}`);
      await abortableSleep(wait, ctx.signal);
    }
    for await (const page of pagedCollection(
      ctx,
      `/security/auditLog/queries/${queryId}/records`,
      { $top: '1000' },
      link,
    )) {
      yield { ...page, cursor: page.cursor ? `${queryId}|${page.cursor}` : null };
    }
  },
};
