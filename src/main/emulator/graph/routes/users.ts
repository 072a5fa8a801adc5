import { isResponse, requirePermission } from '../auth.ts';
import { badRequest, jsonBody, notFound } from '../errors.ts';
import { caps } from '../odata/filter.ts';
import { project, selectOf, serveCollection } from '../odata/collection.ts';
import { entity, licenceError, noContent, userOf, type GraphRoute } from '../route.ts';

const USER_READ = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
  'User.ReadBasic.All',
];
/** Graph's default property set when no $select is given. */
const DEFAULT_USER_SELECT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

export const userRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/users',
    permissions: USER_READ,
    service: 'directory',
    handler: (req, ctx) =>
      serveCollection(
        req,
        ctx,
        ctx.state.users().map((u) => u.user),
        {
          context: 'users',
          filter: caps(
            'userPrincipalName:eq',
            'userPrincipalName:startswith',
            'displayName:startswith',
            'displayName:eq',
            'mail:eq',
            'id:eq',
            'accountEnabled:eq',
            '$or',
          ),
          unsupportedFilter: { code: 'Request_UnsupportedQuery', message: 'Unsupported Query' },
          defaultTop: 100,
          maxTop: 999,
          count: true,
          defaultSelect: DEFAULT_USER_SELECT,
        },
      ),
  },
  {
    method: 'GET',
    path: '/users/:id',
    permissions: USER_READ,
    service: 'directory',
    handler: (req, ctx) => {
      const user = userOf(req, ctx);
      if (isResponse(user)) return user;
      const select = selectOf(req);
      if (select?.some((s) => s.toLowerCase() === 'signinactivity') && !ctx.state.licences.entraIdP1)
        return licenceError(req, 'entraIdP1');
      return entity(ctx, 'users/$entity', project(user.user, select ?? DEFAULT_USER_SELECT));
    },
  },
  {
    method: 'PATCH',
    path: '/users/:id',
    permissions: [
      'User.ReadWrite.All',
      'Directory.ReadWrite.All',
      'User.EnableDisableAccount.All',
      'User-PasswordProfile.ReadWrite.All',
      'Directory.AccessAsUser.All',
    ],
    service: 'directory',
    handler: (req, ctx, principal) => {
      const user = userOf(req, ctx);
      if (isResponse(user)) return user;
      const body = jsonBody(req) as Record<string, unknown>;
      const allowed = new Set(['accountEnabled', 'passwordProfile']);
      const unknown = Object.keys(body).filter((k) => !allowed.has(k));
      if (unknown.length > 0)
        return badRequest(
          req,
          `Property '${unknown[0]}' is not supported by this emulator for update.`,
          'Request_BadRequest',
        );
      if ('accountEnabled' in body) {
        const denied = requirePermission(req, principal, [
          'User.ReadWrite.All',
          'Directory.ReadWrite.All',
          'User.EnableDisableAccount.All',
          'Directory.AccessAsUser.All',
        ]);
        if (denied) return denied;
        if (typeof body.accountEnabled !== 'boolean')
          return badRequest(req, "Invalid value for 'accountEnabled'.", 'Request_BadRequest');
      }
      if ('passwordProfile' in body) {
        const denied = requirePermission(req, principal, [
          'User.ReadWrite.All',
          'Directory.ReadWrite.All',
          'User-PasswordProfile.ReadWrite.All',
          'Directory.AccessAsUser.All',
        ]);
        if (denied) return denied;
        const profile = body.passwordProfile as { password?: unknown } | null;
        if (!profile || typeof profile.password !== 'string' || profile.password.length < 8) {
          return badRequest(
            req,
            'The specified password does not comply with password complexity requirements. Please provide a different password.',
            'Request_BadRequest',
          );
        }
      }
      const now = new Date(ctx.now()).toISOString();
      if ('accountEnabled' in body) user.user.accountEnabled = body.accountEnabled;
      if ('passwordProfile' in body) {
        const profile = body.passwordProfile as { forceChangePasswordNextSignIn?: boolean };
        // The password itself is never kept: only the fact and the time of the change.
        user.user.passwordProfile = {
          forceChangePasswordNextSignIn: profile.forceChangePasswordNextSignIn ?? true,
          password: null,
        };
        user.user.lastPasswordChangeDateTime = now;
        user.user.signInSessionsValidFromDateTime = now;
      }
      return noContent;
    },
  },
  {
    method: 'POST',
    path: '/users/:id/revokeSignInSessions',
    permissions: ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
    service: 'directory',
    handler: (req, ctx) => {
      const user = userOf(req, ctx);
      if (isResponse(user)) return user;
      user.user.signInSessionsValidFromDateTime = new Date(ctx.now()).toISOString();
      return entity(ctx, 'Edm.Boolean', { value: true });
    },
  },
  {
    method: 'GET',
    path: '/organization',
    permissions: ['Organization.Read.All', 'Directory.Read.All', 'User.Read.All', 'User.Read'],
    service: 'directory',
    handler: (req, ctx) => {
      const t = ctx.state.scenario.tenant;
      return entity(ctx, 'organization', {
        value: [
          {
            id: t.id,
            displayName: t.displayName,
            tenantType: 'AAD',
            verifiedDomains: t.verifiedDomains.map((d) => ({
              capabilities: 'Email, OfficeCommunicationsOnline',
              isDefault: d.isDefault,
              isInitial: d.isInitial,
              name: d.name,
              type: 'Managed',
            })),
          },
        ],
      });
    },
  },
  {
    method: 'GET',
    path: '/domains',
    permissions: ['Domain.Read.All', 'Directory.Read.All'],
    service: 'directory',
    handler: (req, ctx) =>
      serveCollection(
        req,
        ctx,
        ctx.state.scenario.tenant.verifiedDomains.map((d) => ({
          id: d.name,
          authenticationType: 'Managed',
          isDefault: d.isDefault,
          isInitial: d.isInitial,
          isVerified: true,
          supportedServices: ['Email', 'OfficeCommunicationsOnline'],
        })),
        { context: 'domains', defaultTop: 100, maxTop: 999 },
      ),
  },
  {
    method: 'GET',
    path: '/servicePrincipals',
    permissions: ['Application.Read.All', 'Directory.Read.All'],
    service: 'directory',
    handler: (req, ctx) =>
      serveCollection(req, ctx, ctx.state.scenario.servicePrincipals, {
        context: 'servicePrincipals',
        filter: caps('appId:eq', 'displayName:eq', 'displayName:startswith', 'id:eq'),
        unsupportedFilter: { code: 'Request_UnsupportedQuery', message: 'Unsupported Query' },
        defaultTop: 100,
        maxTop: 999,
      }),
  },
  {
    method: 'GET',
    path: '/servicePrincipals/:id',
    permissions: ['Application.Read.All', 'Directory.Read.All'],
    service: 'directory',
    handler: (req, ctx) => {
      const sp = ctx.state.scenario.servicePrincipals.find(
        (s) => String(s.id).toLowerCase() === req.params.id?.toLowerCase(),
      );
      return sp ? entity(ctx, 'servicePrincipals/$entity', project(sp, selectOf(req))) : notFound(req);
    },
  },
];
