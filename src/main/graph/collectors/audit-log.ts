import type { CollectContext, Collector } from '../../investigation/collector.ts';
import { CollectError } from '../../investigation/collect-error.ts';
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

/** Purview's query ids are GUIDs; a stored id (from a case file) that is not one is never put in a path. */
const QUERY_ID = /^[0-9A-Za-z-]{1,64}$/;

/** Whether Purview still knows a query; only a 404 says it does not (other failures are thrown). */
async function queryExists(ctx: CollectContext, queryId: string): Promise<boolean> {
  try {
    await ctx.graph.get(`/security/auditLog/queries/${queryId}`, ctx.observer);
    return true;
  } catch (error) {
    if (error instanceof CollectError && error.status === 404) return false;
    throw error;
  }
}

/**
 * The Purview audit-log query lifecycle: create the query, wait for it to succeed, then page its records.
 * The query id is the cursor, so a resumed run waits for the same query instead of starting another.
 */
export const auditLogCollector: Collector = {
  source: 'auditLog',
  async *collect(ctx, cursor) {
    let queryId = cursor?.split('|')[0] || null;
    let link = cursor?.split('|').slice(1).join('|') || null;
    // A stored query that is gone (expired in Purview, another endpoint since the crash): a new query for
    // the same window. Records already stored keep their ids, so none is stored twice.
    if (queryId && !(QUERY_ID.test(queryId) && (await queryExists(ctx, queryId)))) {
      queryId = null;
      link = null;
    }
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
