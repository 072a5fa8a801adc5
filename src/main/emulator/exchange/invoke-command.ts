import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../context.ts';
import type { EmuRequest, EmuResponse } from '../http/types.ts';
import { EXCHANGE_APP_ID, EXCHANGE_RESOURCE } from '../identity/token-service.ts';
import type { ScenarioUser } from '../scenario/schema.ts';
import { authenticate, isResponse } from '../graph/auth.ts';

/**
 * Exchange Online's admin REST surface as Clearance uses it: `POST /adminapi/beta/{tenant}/InvokeCommand`
 * with `{"CmdletInput":{"CmdletName","Parameters"}}` (see docs/scenarios.md and the Exchange notes in
 * docs/emulator.md). Cmdlet and parameter names are case-insensitive; rows come back in `value` with the
 * `@adminapi.warnings` array; errors in Exchange's own envelope.
 */

type Params = Record<string, unknown>;
type Row = Record<string, unknown>;

interface CmdletResult {
  rows?: Row[];
  warnings?: string[];
  error?: { status: number; code: string; detail: string };
}

function envelope(ctx: EmulatorContext, result: CmdletResult): EmuResponse {
  if (result.error) {
    const message = 'Invalid Operation';
    return {
      status: result.error.status,
      headers: { 'request-id': randomUUID() },
      body: {
        error: {
          code: result.error.code,
          message,
          details: [{ code: 'Client', target: '', message: result.error.detail }],
          innererror: { message, type: 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException' },
        },
      },
    };
  }
  return {
    status: 200,
    contentType: 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
    headers: { 'OData-Version': '4.0', 'request-id': randomUUID() },
    body: {
      '@odata.context': `${ctx.baseUrl}/adminapi/beta/${ctx.state.tenantId}/$metadata#Collection(Exchange.GenericHashTable)`,
      'adminapi.warnings@odata.type': '#Collection(String)',
      '@adminapi.warnings': result.warnings ?? [],
      value: result.rows ?? [],
    },
  };
}

const notFound = (identity: string) => ({
  error: {
    status: 404,
    code: 'NotFound',
    detail: `Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The operation couldn't be performed because object '${identity}' couldn't be found on 'EMULATOR01.PROD.OUTLOOK.COM'.`,
  },
});
const badParameter = (detail: string) => ({
  error: {
    status: 400,
    code: 'BadRequest',
    detail: `|System.Management.Automation.ParameterBindingException|${detail}`,
  },
});

function param(params: Params, name: string): unknown {
  const key = Object.keys(params).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : params[key];
}

function str(params: Params, name: string): string | undefined {
  const value = param(params, name);
  return typeof value === 'string' ? value : undefined;
}

function checkParams(params: Params, allowed: string[]): CmdletResult | null {
  const lower = new Set(allowed.map((a) => a.toLowerCase()));
  const unknown = Object.keys(params).find(
    (k) => !k.includes('@') && !lower.has(k.toLowerCase()) && k.toLowerCase() !== 'confirm',
  );
  return unknown ? badParameter(`A parameter cannot be found that matches parameter name '${unknown}'.`) : null;
}

function alias(user: ScenarioUser): string {
  return String(user.user.userPrincipalName).split('@')[0]!;
}

function stripSmtp(value: string): string {
  return value.replace(/^smtp:/i, '').toLowerCase();
}

function mailboxRow(user: ScenarioUser, mailbox: NonNullable<ScenarioUser['mailbox']>): Row {
  const upn = String(user.user.userPrincipalName);
  return {
    Identity: alias(user),
    Name: alias(user),
    Alias: alias(user),
    DisplayName: user.user.displayName,
    UserPrincipalName: upn,
    PrimarySmtpAddress: upn,
    RecipientTypeDetails: 'UserMailbox',
    ExternalDirectoryObjectId: user.user.id,
    ForwardingAddress: mailbox.forwarding.ForwardingAddress,
    ForwardingSmtpAddress: mailbox.forwarding.ForwardingSmtpAddress,
    DeliverToMailboxAndForward: mailbox.forwarding.DeliverToMailboxAndForward,
    'GrantSendOnBehalfTo@odata.type': '#Collection(String)',
    GrantSendOnBehalfTo: [...mailbox.grantSendOnBehalfTo],
    'EmailAddresses@odata.type': '#Collection(String)',
    EmailAddresses: [`SMTP:${upn}`],
  };
}

/** Graph-visible rules in Exchange's InboxRule shape, so Get-InboxRule lists them too. */
function graphRuleAsInboxRule(user: ScenarioUser, rule: Row, priority: number): Row {
  const actions = (rule.actions ?? {}) as Record<string, unknown>;
  const conditions = (rule.conditions ?? {}) as Record<string, unknown>;
  const recipients = (list: unknown) =>
    Array.isArray(list)
      ? list.map(
          (r: { emailAddress?: { address?: string; name?: string } }) =>
            `"${r.emailAddress?.name ?? r.emailAddress?.address ?? ''}" [SMTP:${r.emailAddress?.address ?? ''}]`,
        )
      : null;
  return {
    Name: rule.displayName,
    Priority: priority,
    Enabled: rule.isEnabled !== false,
    Identity: `${String(user.user.id)}\\${String(rule.id)}`,
    MailboxOwnerId: user.user.id,
    SubjectOrBodyContainsWords: conditions.bodyOrSubjectContains ?? null,
    SubjectContainsWords: conditions.subjectContains ?? null,
    ForwardTo: recipients(actions.forwardTo),
    ForwardAsAttachmentTo: recipients(actions.forwardAsAttachmentTo),
    RedirectTo: recipients(actions.redirectTo),
    DeleteMessage: actions.delete === true,
    MarkAsRead: actions.markAsRead === true,
    MoveToFolder: actions.moveToFolder ?? null,
    StopProcessingRules: actions.stopProcessingRules === true,
    InError: rule.hasError === true,
    IsValid: true,
    ObjectState: 'Unchanged',
  };
}

function userFromIdentity(ctx: EmulatorContext, identity: string | undefined): ScenarioUser | undefined {
  if (!identity) return undefined;
  return ctx.state.user(identity) ?? ctx.state.users().find((u) => alias(u).toLowerCase() === identity.toLowerCase());
}

/** The mailbox `-Identity` names, or Exchange's not-found answer. */
function mailboxFor(
  ctx: EmulatorContext,
  params: Params,
): { user: ScenarioUser; mailbox: NonNullable<ScenarioUser['mailbox']> } | CmdletResult {
  const identity = str(params, 'Identity') ?? '';
  const user = userFromIdentity(ctx, identity);
  const mailbox = user ? ctx.state.mailbox(user) : undefined;
  return user && mailbox ? { user, mailbox } : notFound(identity);
}

/**
 * After an unblock, the user's next ordinary message appears in message trace `sendingResumesAfterSeconds`
 * later on the emulator's clock (40 minutes by default; the route hides rows from the future), so a
 * watcher sees sending resume.
 */
function resumeSending(ctx: EmulatorContext, sender: string): void {
  const at = new Date(ctx.now() + ctx.state.scenario.tenant.sendingResumesAfterSeconds * 1000).toISOString();
  const domain = sender.split('@')[1] ?? 'contoso.com';
  ctx.state.scenario.messageTraces.unshift({
    id: randomUUID(),
    senderAddress: sender.toLowerCase(),
    recipientAddress: `colleague@${domain}`,
    messageId: `<${randomUUID()}@${domain}>`,
    receivedDateTime: at,
    subject: 'Re: Monday meeting',
    size: 18_000,
    fromIP: '198.51.100.20',
    toIP: '203.0.113.10',
    status: 'delivered',
  });
}

const DAY = 86_400_000;
const argument = (detail: string): CmdletResult => ({
  error: { status: 400, code: 'BadRequest', detail: `|System.ArgumentException|${detail}` },
});
/** A cmdlet date: ISO with or without a zone; without one it is UTC (the service runs in UTC). */
const cmdletTime = (value: unknown): number =>
  typeof value !== 'string' ? Number.NaN : Date.parse(/(Z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value}Z`);
/** A parameter that takes one value or several, as lower-case strings. */
const many = (params: Params, name: string): string[] =>
  ([] as unknown[])
    .concat(param(params, name) ?? [])
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.toLowerCase());

/**
 * Get-MessageTraceV2 over the scenario's message trace (the rows Graph's messageTraces serves), with the
 * cmdlet's rules (exchange.md §4.8): both dates or neither (then the last 48 hours), at most 10 days, at most
 * 90 days back, ResultSize 1–5000 (default 1000), newest first with ties by recipient. A cut answer has no
 * nextLink, only the warning naming how to continue: EndDate at the last row's Received and
 * StartingRecipientAddress at its recipient, from which that row comes again.
 */
function messageTraceV2(ctx: EmulatorContext, params: Params): CmdletResult {
  const bad = checkParams(params, [
    'StartDate',
    'EndDate',
    'SenderAddress',
    'RecipientAddress',
    'MessageId',
    'MessageTraceId',
    'Status',
    'Subject',
    'SubjectFilterType',
    'FromIP',
    'ToIP',
    'ResultSize',
    'StartingRecipientAddress',
  ]);
  if (bad) return bad;
  const retryAfter = ctx.faults.throttle('messageTrace', ctx.state.tenantId);
  if (retryAfter !== undefined)
    return { error: { status: 429, code: 'TooManyRequests', detail: '|Throttled|Too many message trace queries.' } };
  const now = ctx.now();
  const hasStart = param(params, 'StartDate') !== undefined;
  const hasEnd = param(params, 'EndDate') !== undefined;
  if (hasStart !== hasEnd) return argument('Both StartDate and EndDate must be specified.');
  const start = hasStart ? cmdletTime(param(params, 'StartDate')) : now - 2 * DAY;
  const end = hasEnd ? cmdletTime(param(params, 'EndDate')) : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return argument('StartDate and EndDate must be dates.');
  if (end < start) return argument('The EndDate must be later than the StartDate.');
  if (end - start > 10 * DAY) return argument('The date range cannot be more than 10 days.');
  if (start < now - 90 * DAY) return argument('The StartDate cannot be more than 90 days in the past.');
  const rawSize = param(params, 'ResultSize') ?? 1000;
  const size = typeof rawSize === 'number' ? rawSize : Number(rawSize);
  if (!Number.isInteger(size) || size < 1 || size > 5000) return argument('The ResultSize must be between 1 and 5000.');
  const senders = many(params, 'SenderAddress');
  const recipients = many(params, 'RecipientAddress');
  const messageIds = many(params, 'MessageId');
  const statuses = many(params, 'Status');
  const traceId = str(params, 'MessageTraceId')?.toLowerCase();
  const subject = str(params, 'Subject')?.toLowerCase();
  const subjectMode = (str(params, 'SubjectFilterType') ?? 'Contains').toLowerCase();
  const fromIp = str(params, 'FromIP');
  const toIp = str(params, 'ToIP');
  const starting = str(params, 'StartingRecipientAddress')?.toLowerCase();
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const rows = ctx.state.scenario.messageTraces
    .filter((r) => {
      const at = Date.parse(r.receivedDateTime);
      if (at > now || at < start || at > end) return false;
      const recipient = r.recipientAddress.toLowerCase();
      if (starting && at === end && recipient < starting) return false;
      if (senders.length && !senders.includes(r.senderAddress.toLowerCase())) return false;
      if (recipients.length && !recipients.includes(recipient)) return false;
      if (messageIds.length && !messageIds.includes(text(r.messageId).toLowerCase())) return false;
      if (statuses.length && !statuses.includes(text(r.status).toLowerCase())) return false;
      if (traceId && r.id.toLowerCase() !== traceId) return false;
      if (fromIp && text(r.fromIP) !== fromIp) return false;
      if (toIp && text(r.toIP) !== toIp) return false;
      if (subject) {
        const s = text(r.subject).toLowerCase();
        const hit =
          subjectMode === 'startswith'
            ? s.startsWith(subject)
            : subjectMode === 'endswith'
              ? s.endsWith(subject)
              : s.includes(subject);
        if (!hit) return false;
      }
      return true;
    })
    .sort(
      (a, b) =>
        Date.parse(b.receivedDateTime) - Date.parse(a.receivedDateTime) ||
        a.recipientAddress.toLowerCase().localeCompare(b.recipientAddress.toLowerCase()),
    );
  // .NET round-trip times, seven fraction digits, as the cmdlet answers.
  const received = (iso: string) => new Date(iso).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
  const page = rows.slice(0, size).map((r) => {
    const status = text(r.status);
    return {
      MessageTraceId: r.id,
      MessageId: text(r.messageId),
      'Received@data.type': 'System.DateTime',
      Received: received(r.receivedDateTime),
      SenderAddress: r.senderAddress,
      RecipientAddress: r.recipientAddress,
      FromIP: text(r.fromIP),
      ToIP: text(r.toIP),
      Subject: text(r.subject),
      Status: status.charAt(0).toUpperCase() + status.slice(1),
      'Size@data.type': 'System.Int32',
      Size: typeof r.size === 'number' ? r.size : 0,
    };
  });
  const last = page.at(-1);
  if (rows.length <= size || !last) return { rows: page };
  const iso = (t: number) => new Date(t).toISOString().slice(0, 19);
  return {
    rows: page,
    warnings: [
      `There are more results, use the following command to get more. Get-MessageTraceV2 -StartDate "${iso(start)}" -EndDate "${last.Received}" -StartingRecipientAddress "${last.RecipientAddress}" -ResultSize ${size}`,
    ],
  };
}

function runCmdlet(ctx: EmulatorContext, name: string, params: Params): CmdletResult {
  const state = ctx.state;
  switch (name.toLowerCase()) {
    case 'get-blockedsenderaddress': {
      const bad = checkParams(params, ['SenderAddress']);
      if (bad) return bad;
      const sender = str(params, 'SenderAddress')?.toLowerCase();
      const rows = state.scenario.blockedSenders.filter((b) => !sender || b.SenderAddress.toLowerCase() === sender);
      return {
        rows: rows.map((b) => ({
          ...b,
          'CreatedDatetime@data.type': 'System.DateTime',
          'ChangedDatetime@data.type': 'System.DateTime',
        })),
      };
    }
    case 'remove-blockedsenderaddress': {
      const bad = checkParams(params, ['SenderAddress', 'Reason']);
      if (bad) return bad;
      const sender = str(params, 'SenderAddress');
      if (!sender) return badParameter("Cannot bind argument to parameter 'SenderAddress' because it is null.");
      const removed = state.remove(
        state.scenario.blockedSenders,
        (b) => b.SenderAddress.toLowerCase() === sender.toLowerCase(),
      );
      if (!removed) return { warnings: [`The sender address ${sender} isn't blocked.`] };
      resumeSending(ctx, sender);
      return {};
    }
    case 'get-mailbox': {
      const bad = checkParams(params, ['Identity', 'ResultSize']);
      if (bad) return bad;
      const identity = str(params, 'Identity');
      const users = identity ? [userFromIdentity(ctx, identity)] : state.users();
      if (identity && !users[0]) return notFound(identity);
      return { rows: users.flatMap((u) => (u && state.mailbox(u) ? [mailboxRow(u, state.mailbox(u)!)] : [])) };
    }
    case 'set-mailbox': {
      const bad = checkParams(params, [
        'Identity',
        'ForwardingSmtpAddress',
        'ForwardingAddress',
        'DeliverToMailboxAndForward',
        'GrantSendOnBehalfTo',
      ]);
      if (bad) return bad;
      const found = mailboxFor(ctx, params);
      if (!('mailbox' in found)) return found;
      const { user, mailbox } = found;
      const before = JSON.stringify([mailbox.forwarding, mailbox.grantSendOnBehalfTo]);
      for (const field of ['ForwardingSmtpAddress', 'ForwardingAddress'] as const) {
        const value = param(params, field);
        if (value === null) mailbox.forwarding[field] = null;
        else if (typeof value === 'string')
          mailbox.forwarding[field] =
            field === 'ForwardingSmtpAddress' && !/^smtp:/i.test(value) ? `smtp:${value}` : value;
      }
      const deliver = param(params, 'DeliverToMailboxAndForward');
      if (typeof deliver === 'boolean') mailbox.forwarding.DeliverToMailboxAndForward = deliver;
      const delegates = param(params, 'GrantSendOnBehalfTo');
      if (Array.isArray(delegates)) mailbox.grantSendOnBehalfTo = delegates.map(String);
      else if (delegates && typeof delegates === 'object') {
        const change = delegates as { add?: unknown; remove?: unknown };
        const list = (v: unknown): string[] =>
          Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
        const removeSet = new Set(list(change.remove).map((s) => s.toLowerCase()));
        mailbox.grantSendOnBehalfTo = [
          ...mailbox.grantSendOnBehalfTo.filter((d) => !removeSet.has(d.toLowerCase())),
          ...list(change.add),
        ];
      }
      if (JSON.stringify([mailbox.forwarding, mailbox.grantSendOnBehalfTo]) === before) {
        return {
          warnings: [`The command completed successfully but no settings of '${alias(user)}' have been modified.`],
        };
      }
      return {};
    }
    case 'get-mailboxpermission': {
      const bad = checkParams(params, ['Identity', 'User', 'ResultSize']);
      if (bad) return bad;
      const identity = str(params, 'Identity');
      if (!identity)
        return {
          error: {
            status: 400,
            code: 'BadRequest',
            detail: '|System.Management.Automation.ParameterBindingException|Identity is required.',
          },
        };
      const user = userFromIdentity(ctx, identity);
      const mailbox = user ? state.mailbox(user) : undefined;
      if (!user || !mailbox)
        return {
          error: {
            status: 404,
            code: 'NotFound',
            detail: `Ex41BAF5|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|The specified mailbox Identity:"${identity}" doesn't exist.`,
          },
        };
      const self = {
        Identity: alias(user),
        User: 'NT AUTHORITY\\SELF',
        AccessRights: ['FullAccess, ReadPermission'],
        IsInherited: false,
        Deny: false,
        UserSid: 'S-1-5-10',
        PrimarySmtpAddress: '',
      };
      const rows = [
        self,
        ...mailbox.mailboxPermissions.map((p) => ({
          Identity: alias(user),
          IsInherited: false,
          Deny: false,
          PrimarySmtpAddress: '',
          ...p,
        })),
      ];
      const who = str(params, 'User');
      return { rows: who ? rows.filter((r) => String(r.User).toLowerCase() === who.toLowerCase()) : rows };
    }
    case 'remove-mailboxpermission': {
      const bad = checkParams(params, ['Identity', 'User', 'AccessRights', 'InheritanceType', 'Deny']);
      if (bad) return bad;
      const found = mailboxFor(ctx, params);
      if (!('mailbox' in found)) return found;
      const { user, mailbox } = found;
      const who = (str(params, 'User') ?? '').toLowerCase();
      const rights = ([] as unknown[]).concat(param(params, 'AccessRights') ?? []).map(String);
      const entry = mailbox.mailboxPermissions.find((p) => String(p.User).toLowerCase() === who);
      if (!entry)
        return {
          warnings: [
            `Can't remove the access control entry on the object "${alias(user)}" for account "${who}" because the ACE doesn't exist on the object.`,
          ],
        };
      entry.AccessRights = entry.AccessRights.filter((r) => !rights.some((x) => x.toLowerCase() === r.toLowerCase()));
      if (entry.AccessRights.length === 0) state.remove(mailbox.mailboxPermissions, (p) => p === entry);
      return {};
    }
    case 'add-mailboxpermission': {
      const bad = checkParams(params, ['Identity', 'User', 'AccessRights', 'InheritanceType', 'AutoMapping']);
      if (bad) return bad;
      const found = mailboxFor(ctx, params);
      if (!('mailbox' in found)) return found;
      const { user, mailbox } = found;
      const who = str(params, 'User');
      const rights = ([] as unknown[]).concat(param(params, 'AccessRights') ?? []).map(String);
      if (!who || rights.length === 0) return badParameter('User and AccessRights are required.');
      const entry = mailbox.mailboxPermissions.find((p) => String(p.User).toLowerCase() === who.toLowerCase());
      if (entry) entry.AccessRights = [...new Set([...entry.AccessRights, ...rights])];
      else mailbox.mailboxPermissions.push({ User: who, AccessRights: rights, UserSid: `S-1-5-21-${randomUUID()}` });
      return { rows: [{ Identity: alias(user), User: who, AccessRights: rights, IsInherited: false, Deny: false }] };
    }
    case 'add-recipientpermission': {
      const bad = checkParams(params, ['Identity', 'Trustee', 'AccessRights']);
      if (bad) return bad;
      const found = mailboxFor(ctx, params);
      if (!('mailbox' in found)) return found;
      const { user, mailbox } = found;
      const trustee = str(params, 'Trustee');
      if (!trustee) return badParameter("Cannot bind argument to parameter 'Trustee' because it is null.");
      if (!mailbox.recipientPermissions.some((p) => String(p.Trustee).toLowerCase() === trustee.toLowerCase()))
        mailbox.recipientPermissions.push({ Trustee: trustee, AccessRights: ['SendAs'] });
      return {
        rows: [{ Identity: alias(user), Trustee: trustee, AccessControlType: 'Allow', AccessRights: ['SendAs'] }],
      };
    }
    case 'get-recipientpermission': {
      const bad = checkParams(params, ['Identity', 'Trustee', 'AccessRights', 'ResultSize']);
      if (bad) return bad;
      const identity = str(params, 'Identity');
      const trustee = str(params, 'Trustee')?.toLowerCase();
      const users = identity ? [userFromIdentity(ctx, identity)] : state.users();
      if (identity && !users[0])
        return {
          error: {
            status: 404,
            code: 'NotFound',
            detail: `Ex6F9304|Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException|Couldn't find '${identity}' as a recipient.`,
          },
        };
      const rows = users.flatMap((u) => {
        const mailbox = u ? state.mailbox(u) : undefined;
        if (!u || !mailbox) return [];
        const self = {
          Identity: alias(u),
          Trustee: 'NT AUTHORITY\\SELF',
          AccessControlType: 'Allow',
          AccessRights: ['SendAs'],
          TrusteeSidString: 'S-1-5-10',
          TrusteeWithPrimarySmtpAddress: '',
        };
        return [
          self,
          ...mailbox.recipientPermissions.map((p) => ({
            Identity: alias(u),
            AccessControlType: 'Allow',
            TrusteeWithPrimarySmtpAddress: '',
            ...p,
          })),
        ];
      });
      return { rows: trustee ? rows.filter((r) => String(r.Trustee).toLowerCase() === trustee) : rows };
    }
    case 'remove-recipientpermission': {
      const bad = checkParams(params, ['Identity', 'Trustee', 'AccessRights']);
      if (bad) return bad;
      const found = mailboxFor(ctx, params);
      if (!('mailbox' in found)) return found;
      const { user, mailbox } = found;
      const trustee = (str(params, 'Trustee') ?? '').toLowerCase();
      const removed = state.remove(mailbox.recipientPermissions, (p) => String(p.Trustee).toLowerCase() === trustee);
      return removed
        ? {}
        : {
            warnings: [
              `Can't remove the access control entry on the object "${alias(user)}" for account "${trustee}" because the ACE isn't present.`,
            ],
          };
    }
    case 'get-inboxrule': {
      const bad = checkParams(params, ['Mailbox', 'IncludeHidden', 'Identity', 'ResultSize']);
      if (bad) return bad;
      const owner = str(params, 'Mailbox') ?? '';
      const user = userFromIdentity(ctx, owner);
      const mailbox = user ? state.mailbox(user) : undefined;
      if (!user || !mailbox) return notFound(owner);
      const visible = mailbox.messageRules.map((r, i) => graphRuleAsInboxRule(user, r, i + 1));
      const hidden =
        param(params, 'IncludeHidden') === true
          ? mailbox.hiddenRules.map((r) => ({
              MailboxOwnerId: user.user.id,
              IsValid: true,
              ObjectState: 'Unchanged',
              ...r,
            }))
          : [];
      return { rows: [...hidden, ...visible] };
    }
    case 'disable-inboxrule':
    case 'enable-inboxrule':
    case 'remove-inboxrule': {
      const bad = checkParams(params, ['Identity', 'Mailbox', 'AlwaysDeleteOutlookRulesBlob', 'Force']);
      if (bad) return bad;
      const identity = str(params, 'Identity') ?? '';
      // A rule is named by its full Identity ("<mailbox>\\<rule id>"), or by id or name with -Mailbox.
      const [owner, ruleId] = identity.includes('\\')
        ? [identity.slice(0, identity.lastIndexOf('\\')), identity.slice(identity.lastIndexOf('\\') + 1)]
        : [str(params, 'Mailbox') ?? '', identity];
      const candidates = owner && userFromIdentity(ctx, owner) ? [userFromIdentity(ctx, owner)!] : state.users();
      let user: ScenarioUser | undefined;
      let hidden: NonNullable<ScenarioUser['mailbox']>['hiddenRules'][number] | undefined;
      let graphRule: Row | undefined;
      for (const candidate of candidates) {
        const box = state.mailbox(candidate);
        if (!box) continue;
        hidden = box.hiddenRules.find(
          (r) =>
            r.Identity.toLowerCase() === identity.toLowerCase() ||
            r.Identity.endsWith(`\\${ruleId}`) ||
            r.Name === ruleId,
        );
        graphRule = hidden ? undefined : box.messageRules.find((r) => r.id === ruleId);
        if (hidden || graphRule) {
          user = candidate;
          break;
        }
      }
      const mailbox = user ? state.mailbox(user) : undefined;
      if (!user || !mailbox || (!hidden && !graphRule)) return notFound(identity);
      const lower = name.toLowerCase();
      if (lower === 'remove-inboxrule') {
        if (hidden) state.remove(mailbox.hiddenRules, (r) => r === hidden);
        else state.remove(mailbox.messageRules, (r) => r === graphRule);
      } else {
        const enabled = lower === 'enable-inboxrule';
        if (hidden) hidden.Enabled = enabled;
        else graphRule!.isEnabled = enabled;
      }
      return {};
    }
    // Tenant-wide mail settings for the prevention checks (playbook step 3).
    case 'get-hostedoutboundspamfilterpolicy':
      return checkParams(params, ['Identity']) ?? { rows: state.scenario.policies.outboundSpamPolicies };
    case 'get-organizationconfig':
      return (
        checkParams(params, []) ?? {
          rows: [{ Name: state.scenario.tenant.displayName, ...state.scenario.policies.organizationConfig }],
        }
      );
    case 'get-adminauditlogconfig':
      return (
        checkParams(params, []) ?? {
          rows: [{ Name: 'Admin Audit Log Settings', ...state.scenario.policies.adminAuditLogConfig }],
        }
      );
    case 'get-protectionalert':
      return checkParams(params, ['Identity']) ?? { rows: state.scenario.policies.protectionAlerts };
    case 'get-transportconfig':
      return (
        checkParams(params, []) ?? {
          rows: [{ Name: 'Transport Settings', ...state.scenario.policies.transportConfig }],
        }
      );
    case 'get-messagetracev2':
      return messageTraceV2(ctx, params);
    case 'get-messagetrace':
      return {
        error: {
          status: 400,
          code: 'BadRequest',
          detail:
            '|System.NotSupportedException|Get-MessageTrace is not supported on this endpoint; use Get-MessageTraceV2.',
        },
      };
    default:
      return {
        error: {
          status: 400,
          code: 'BadRequest',
          detail: `|System.Management.Automation.CommandNotFoundException|The term '${name}' is not recognized as a cmdlet available to this endpoint.`,
        },
      };
  }
}

export async function handleExchange(req: EmuRequest, ctx: EmulatorContext): Promise<EmuResponse> {
  const match = /^\/adminapi\/beta\/([^/]+)\/InvokeCommand$/i.exec(req.path);
  if (!match) return { status: 404, body: { error: { code: 'NotFound', message: 'Not found' } } };
  if (req.method !== 'POST')
    return { status: 405, body: { error: { code: 'BadRequest', message: 'InvokeCommand accepts POST only.' } } };
  const tenant = match[1]!.toLowerCase();
  if (tenant !== ctx.state.tenantId.toLowerCase() && !ctx.state.isVerifiedDomain(tenant)) {
    return { status: 404, body: { error: { code: 'NotFound', message: `Tenant '${tenant}' not found.` } } };
  }
  const principal = await authenticate(req, ctx, [EXCHANGE_RESOURCE, EXCHANGE_APP_ID]);
  if (isResponse(principal))
    return {
      status: 401,
      headers: principal.headers ?? {},
      body: {
        error: { code: 'Unauthorized', message: 'Access token is missing, invalid or not for Exchange Online.' },
      },
    };
  let input: { CmdletInput?: { CmdletName?: unknown; Parameters?: unknown } };
  try {
    input = JSON.parse(req.body.toString('utf8')) as typeof input;
  } catch {
    return envelope(ctx, {
      error: {
        status: 400,
        code: 'BadRequest',
        detail: '|System.ArgumentException|The request body is not valid JSON.',
      },
    });
  }
  const cmdlet = input.CmdletInput?.CmdletName;
  if (typeof cmdlet !== 'string')
    return envelope(ctx, {
      error: {
        status: 400,
        code: 'BadRequest',
        detail: '|System.ArgumentException|CmdletInput.CmdletName is required.',
      },
    });
  const allowed =
    principal.kind === 'app'
      ? principal.permissions.has('Exchange.ManageAsApp')
      : principal.permissions.has('Exchange.Manage');
  if (!allowed)
    return {
      status: 401,
      body: {
        error: {
          code: 'Unauthorized',
          message: `User is not allowed to call ${cmdlet}`,
          innererror: {
            message: `User is not allowed to call ${cmdlet}`,
            type: 'Microsoft.Exchange.Admin.OData.Core.ODataServiceException',
          },
        },
      },
    };
  const retryAfter = ctx.faults.throttle('exchange', ctx.state.tenantId);
  if (retryAfter !== undefined)
    return {
      status: 429,
      headers: retryAfter === null ? {} : { 'Retry-After': String(retryAfter) },
      body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
    };
  const params = (input.CmdletInput?.Parameters ?? {}) as Params;
  return envelope(ctx, runCmdlet(ctx, cmdlet, params));
}

export { stripSmtp };
