import type { Collector, CollectContext, CollectedPage } from '../investigation/collector.ts';
import { cmdletError } from './cmdlet-error.ts';
import { SOURCES } from '../investigation/sources.ts';
import { invokeCommand } from './admin-client.ts';

/** One cmdlet, its rows as the page; Exchange's refusals become coverage reasons with the fix. */
async function* cmdlet(
  ctx: CollectContext,
  name: string,
  parameters: Record<string, unknown>,
  fix: string,
): AsyncGenerator<CollectedPage> {
  try {
    const { rows } = await invokeCommand(ctx.tenant, name, parameters, ctx.signal);
    yield { request: `POST InvokeCommand ${name} ${JSON.stringify(parameters)}`, items: rows, cursor: null };
  } catch (error) {
    throw cmdletError(error, name, fix);
  }
}

export const mailboxForwardingCollector: Collector = {
  source: 'mailboxForwarding',
  keyOf: (row) => String(row.ExternalDirectoryObjectId ?? row.Identity ?? row.UserPrincipalName),
  collect: (ctx) => cmdlet(ctx, 'Get-Mailbox', { Identity: ctx.user.upn }, SOURCES.mailboxForwarding.fix),
};

export const mailboxPermissionsCollector: Collector = {
  source: 'mailboxPermissions',
  keyOf: (row) => `${String(row.Identity)}:${String(row.User)}`,
  collect: (ctx) => cmdlet(ctx, 'Get-MailboxPermission', { Identity: ctx.user.upn }, SOURCES.mailboxPermissions.fix),
};

export const recipientPermissionsCollector: Collector = {
  source: 'recipientPermissions',
  keyOf: (row) => `${String(row.Identity)}:${String(row.Trustee)}`,
  collect: (ctx) =>
    cmdlet(ctx, 'Get-RecipientPermission', { Identity: ctx.user.upn }, SOURCES.recipientPermissions.fix),
};

/** Every inbox rule, hidden ones included (Graph cannot list those). */
export const mailboxRulesCollector: Collector = {
  source: 'mailboxRules',
  keyOf: (row) => String(row.Identity ?? row.Name),
  collect: (ctx) =>
    cmdlet(ctx, 'Get-InboxRule', { Mailbox: ctx.user.upn, IncludeHidden: true }, SOURCES.mailboxRules.fix),
};

export const blockedSenderCollector: Collector = {
  source: 'blockedSender',
  keyOf: (row) => `${String(row.SenderAddress)}:${String(row.CreatedDatetime)}`,
  collect: (ctx) => cmdlet(ctx, 'Get-BlockedSenderAddress', { SenderAddress: ctx.user.upn }, SOURCES.blockedSender.fix),
};

/** Tenant-wide mail settings for the prevention checks; each row carries `cmdlet` naming its source. */
export const mailPoliciesCollector: Collector = {
  source: 'mailPolicies',
  keyOf: (row) => `${String(row.cmdlet)}:${JSON.stringify(row.Name ?? row.Identity ?? '')}`,
  async *collect(ctx) {
    const items: unknown[] = [];
    for (const name of [
      'Get-HostedOutboundSpamFilterPolicy',
      'Get-OrganizationConfig',
      'Get-AdminAuditLogConfig',
      'Get-ProtectionAlert',
      'Get-TransportConfig',
    ]) {
      for await (const page of cmdlet(ctx, name, {}, SOURCES.mailPolicies.fix))
        items.push(...page.items.map((row) => ({ cmdlet: name, ...(row as object) })));
    }
    yield {
      request: 'POST InvokeCommand (outbound spam, organization, audit, alert and transport settings)',
      items,
      cursor: null,
    };
  },
};
