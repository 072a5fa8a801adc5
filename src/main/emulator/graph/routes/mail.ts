import { randomBytes } from 'node:crypto';
import { isResponse } from '../auth.ts';
import { badRequest, graphError, jsonBody } from '../errors.ts';
import { caps } from '../odata/filter.ts';
import { project, selectOf, serveCollection } from '../odata/collection.ts';
import { entity, mailboxOf, noContent, userOf, type GraphRoute } from '../route.ts';
import type { EmulatorContext } from '../../context.ts';
import type { EmuRequest, EmuResponse } from '../../http/types.ts';
import type { ScenarioUser } from '../../scenario/schema.ts';

const SETTINGS_READ = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'];
const SETTINGS_WRITE = ['MailboxSettings.ReadWrite'];
const MAIL_READ = ['Mail.ReadBasic', 'Mail.ReadBasic.All', 'Mail.Read', 'Mail.ReadWrite'];
const SENT_ITEMS = /^sentitems$/i;
const INBOX = /^inbox$/i;
const RULE_FIELDS = new Set(['displayName', 'sequence', 'isEnabled', 'conditions', 'actions', 'exceptions']);

/** Mailbox routes: Outlook's throttling budget, Exchange Online required. */
const MAILBOX_ROUTE = { service: 'outlook', licence: 'exchangeOnline' } as const;

type Found = { user: ScenarioUser; mailbox: NonNullable<ScenarioUser['mailbox']> };

/** Resolves the user and their mailbox (or Graph's 404s) before the route's own work. */
function withMailbox(fn: (req: EmuRequest, ctx: EmulatorContext, found: Found) => EmuResponse): GraphRoute['handler'] {
  return (req, ctx) => {
    const found = mailboxFor(req, ctx);
    return isResponse(found) ? found : fn(req, ctx, found);
  };
}

function mailboxFor(req: EmuRequest, ctx: EmulatorContext) {
  const user = userOf(req, ctx);
  if (isResponse(user)) return user;
  const mailbox = mailboxOf(req, ctx, user);
  if (isResponse(mailbox)) return mailbox;
  return { user, mailbox };
}

const folderNotFound = (req: EmuRequest) => graphError(req, 404, 'ErrorInvalidIdMalformed', 'Id is malformed.');
const ruleNotFound = (req: EmuRequest) =>
  graphError(req, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

export const mailRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/users/:id/mailFolders/:folder/messageRules',
    permissions: SETTINGS_READ,
    ...MAILBOX_ROUTE,
    handler: withMailbox((req, ctx, found) => {
      if (!INBOX.test(req.params.folder ?? '')) return folderNotFound(req);
      return serveCollection(req, ctx, found.mailbox.messageRules, {
        context: `users('${String(found.user.user.id)}')/mailFolders('inbox')/messageRules`,
        defaultTop: 100,
        maxTop: 1000,
        paging: 'skip',
      });
    }),
  },
  {
    method: 'GET',
    path: '/users/:id/mailFolders/:folder/messageRules/:ruleId',
    permissions: SETTINGS_READ,
    ...MAILBOX_ROUTE,
    handler: withMailbox((req, ctx, found) => {
      const rule = found.mailbox.messageRules.find((r) => r.id === req.params.ruleId);
      return rule
        ? entity(
            ctx,
            `users('${String(found.user.user.id)}')/mailFolders('inbox')/messageRules/$entity`,
            project(rule, selectOf(req)),
          )
        : ruleNotFound(req);
    }),
  },
  {
    method: 'POST',
    path: '/users/:id/mailFolders/:folder/messageRules',
    permissions: SETTINGS_WRITE,
    ...MAILBOX_ROUTE,
    handler: withMailbox((req, ctx, found) => {
      const body = jsonBody(req) as Record<string, unknown>;
      if (typeof body.displayName !== 'string' || typeof body.sequence !== 'number') {
        return badRequest(req, 'The rule must have a displayName and a sequence.', 'ErrorInvalidRequest');
      }
      const rule = {
        // Base64 as Exchange's rule ids are, without '/': the conformance test's recorder decodes paths before
        // splitting them, so a '/' in an id failed it one run in eight (noted on the issue to fix there).
        id: `${randomBytes(6).toString('base64').replace(/\//g, '+')}=`,
        displayName: body.displayName,
        sequence: body.sequence,
        isEnabled: body.isEnabled ?? true,
        hasError: false,
        isReadOnly: false,
        conditions: body.conditions ?? {},
        actions: body.actions ?? {},
        exceptions: body.exceptions ?? {},
      };
      ctx.state.add(found.mailbox.messageRules, rule);
      return {
        status: 201,
        body: {
          '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#users('${String(found.user.user.id)}')/mailFolders('inbox')/messageRules/$entity`,
          ...rule,
        },
      };
    }),
  },
  {
    method: 'PATCH',
    path: '/users/:id/mailFolders/:folder/messageRules/:ruleId',
    permissions: SETTINGS_WRITE,
    ...MAILBOX_ROUTE,
    handler: withMailbox((req, ctx, found) => {
      const rule = found.mailbox.messageRules.find((r) => r.id === req.params.ruleId);
      if (!rule) return ruleNotFound(req);
      if (rule.isReadOnly === true)
        return badRequest(req, 'The rule is read-only and cannot be updated.', 'ErrorInvalidRequest');
      const body = jsonBody(req) as Record<string, unknown>;
      const unknown = Object.keys(body).find((k) => !RULE_FIELDS.has(k));
      if (unknown)
        return badRequest(
          req,
          `The property '${unknown}' does not exist on type 'microsoft.graph.messageRule'.`,
          'RequestBroker--ParseUri',
        );
      Object.assign(rule, body);
      return entity(ctx, `users('${String(found.user.user.id)}')/mailFolders('inbox')/messageRules/$entity`, rule);
    }),
  },
  {
    method: 'DELETE',
    path: '/users/:id/mailFolders/:folder/messageRules/:ruleId',
    permissions: SETTINGS_WRITE,
    ...MAILBOX_ROUTE,
    handler: withMailbox((req, ctx, found) => {
      return ctx.state.remove(found.mailbox.messageRules, (r) => r.id === req.params.ruleId)
        ? noContent
        : ruleNotFound(req);
    }),
  },
  {
    method: 'GET',
    path: '/users/:id/mailboxSettings',
    permissions: SETTINGS_READ,
    ...MAILBOX_ROUTE,
    handler: withMailbox((req, ctx, found) => {
      return entity(
        ctx,
        `users('${String(found.user.user.id)}')/mailboxSettings`,
        project(found.mailbox.mailboxSettings, selectOf(req)),
      );
    }),
  },
  {
    method: 'PATCH',
    path: '/users/:id/mailboxSettings',
    permissions: SETTINGS_WRITE,
    ...MAILBOX_ROUTE,
    handler: withMailbox((req, ctx, found) => {
      Object.assign(found.mailbox.mailboxSettings, jsonBody(req));
      return entity(ctx, `users('${String(found.user.user.id)}')/mailboxSettings`, found.mailbox.mailboxSettings);
    }),
  },
  {
    method: 'GET',
    path: '/users/:id/mailFolders/:folder',
    permissions: MAIL_READ,
    ...MAILBOX_ROUTE,
    handler: withMailbox((req, ctx, found) => {
      if (!SENT_ITEMS.test(req.params.folder ?? '')) return folderNotFound(req);
      const folder = {
        id: 'AAMkAGSentItems=',
        displayName: 'Sent Items',
        parentFolderId: 'AAMkAGRoot=',
        childFolderCount: 0,
        unreadItemCount: 0,
        totalItemCount: found.mailbox.sentItems.length,
        isHidden: false,
      };
      return entity(ctx, `users('${String(found.user.user.id)}')/mailFolders/$entity`, project(folder, selectOf(req)));
    }),
  },
  {
    method: 'GET',
    path: '/users/:id/mailFolders/:folder/messages',
    permissions: MAIL_READ,
    ...MAILBOX_ROUTE,
    handler: withMailbox((req, ctx, found) => {
      if (!SENT_ITEMS.test(req.params.folder ?? '')) return folderNotFound(req);
      return serveCollection(req, ctx, found.mailbox.sentItems, {
        context: `users('${String(found.user.user.id)}')/mailFolders('sentitems')/messages`,
        filter: caps(
          'sentDateTime:ge',
          'sentDateTime:le',
          'sentDateTime:gt',
          'sentDateTime:lt',
          'subject:eq',
          'internetMessageId:eq',
        ),
        unsupportedFilter: {
          code: 'ErrorInvalidUrlQueryFilter',
          message: 'The query filter contains one or more invalid nodes',
        },
        defaultTop: 10,
        maxTop: 1000,
        paging: 'skip',
        orderBy: ['sentDateTime'],
        outlookOrderRule: true,
        defaultSort: { path: 'sentDateTime', direction: 'desc' },
        presorted: true,
        count: true,
      });
    }),
  },
];
