import { randomBytes } from 'node:crypto';
import { isResponse } from '../auth.ts';
import { badRequest, jsonBody, notFound } from '../errors.ts';
import { caps } from '../odata/filter.ts';
import { serveCollection } from '../odata/collection.ts';
import { noContent, userOf, type GraphRoute } from '../route.ts';

const ROLE_READ = [
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'Directory.Read.All',
];
const ROLE_WRITE = ['RoleManagement.ReadWrite.Directory'];
const GRANT_READ = [
  'Directory.Read.All',
  'DelegatedPermissionGrant.Read.All',
  'DelegatedPermissionGrant.ReadWrite.All',
  'Directory.ReadWrite.All',
];
const GRANT_WRITE = ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All'];
const APPROLE_READ = ['Directory.Read.All', 'AppRoleAssignment.ReadWrite.All', 'User.ReadBasic.All', 'User.Read.All'];
const APPROLE_WRITE = ['AppRoleAssignment.ReadWrite.All', 'Directory.ReadWrite.All'];

const UNSUPPORTED = { code: 'Request_UnsupportedQuery', message: 'Unsupported Query' };

export const directoryAccessRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/roleManagement/directory/roleAssignments',
    permissions: ROLE_READ,
    service: 'directory',
    handler: (req, ctx) => {
      const expand = (req.url.searchParams.get('$expand') ?? '').toLowerCase();
      if (expand && expand !== 'roledefinition')
        return badRequest(req, `Expand of '${expand}' is not supported.`, 'Request_UnsupportedQuery');
      const definitions = ctx.state.scenario.roleDefinitions;
      const rows = ctx.state.scenario.roleAssignments.map((a) =>
        expand ? { ...a, roleDefinition: definitions.find((d) => d.id === a.roleDefinitionId) ?? null } : a,
      );
      return serveCollection(req, ctx, rows, {
        context: 'roleManagement/directory/roleAssignments',
        filter: caps('principalId:eq', 'roleDefinitionId:eq', 'directoryScopeId:eq'),
        unsupportedFilter: UNSUPPORTED,
        defaultTop: 100,
        maxTop: 999,
      });
    },
  },
  {
    method: 'POST',
    path: '/roleManagement/directory/roleAssignments',
    permissions: ROLE_WRITE,
    service: 'directory',
    handler: (req, ctx) => {
      const body = jsonBody(req) as Record<string, unknown>;
      const principal = ctx.state.user(typeof body.principalId === 'string' ? body.principalId : '');
      const definition = ctx.state.scenario.roleDefinitions.find((d) => d.id === body.roleDefinitionId);
      if (!principal || !definition)
        return badRequest(
          req,
          'principalId and roleDefinitionId must name an existing principal and role.',
          'Request_BadRequest',
        );
      const assignment = {
        id: `${randomBytes(16).toString('base64url')}-1`,
        principalId: String(principal.user.id),
        roleDefinitionId: definition.id,
        directoryScopeId: typeof body.directoryScopeId === 'string' ? body.directoryScopeId : '/',
      };
      ctx.state.add(ctx.state.scenario.roleAssignments, assignment);
      return {
        status: 201,
        body: {
          '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#roleManagement/directory/roleAssignments/$entity`,
          ...assignment,
        },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/roleManagement/directory/roleAssignments/:assignmentId',
    permissions: ROLE_WRITE,
    service: 'directory',
    handler: (req, ctx) =>
      ctx.state.remove(ctx.state.scenario.roleAssignments, (a) => a.id === req.params.assignmentId)
        ? noContent
        : notFound(req),
  },
  {
    method: 'GET',
    path: '/roleManagement/directory/roleDefinitions',
    permissions: ROLE_READ,
    service: 'directory',
    handler: (req, ctx) =>
      serveCollection(req, ctx, ctx.state.scenario.roleDefinitions, {
        context: 'roleManagement/directory/roleDefinitions',
        filter: caps('id:eq', 'displayName:eq', 'isBuiltIn:eq'),
        unsupportedFilter: UNSUPPORTED,
        defaultTop: 100,
        maxTop: 999,
      }),
  },
  {
    method: 'GET',
    path: '/users/:id/oauth2PermissionGrants',
    permissions: GRANT_READ,
    service: 'directory',
    handler: (req, ctx) => {
      const user = userOf(req, ctx);
      if (isResponse(user)) return user;
      // Only the user's own (consentType Principal) grants; tenant-wide grants are not listed here.
      const rows = ctx.state.scenario.oauth2PermissionGrants.filter((g) => g.principalId === user.user.id);
      return serveCollection(req, ctx, rows, {
        context: 'oauth2PermissionGrants',
        defaultTop: 100,
        maxTop: 999,
      });
    },
  },
  {
    method: 'GET',
    path: '/oauth2PermissionGrants',
    permissions: GRANT_READ,
    service: 'directory',
    handler: (req, ctx) =>
      serveCollection(req, ctx, ctx.state.scenario.oauth2PermissionGrants, {
        context: 'oauth2PermissionGrants',
        filter: caps('clientId:eq', 'principalId:eq', 'resourceId:eq', 'consentType:eq'),
        unsupportedFilter: UNSUPPORTED,
        defaultTop: 100,
        maxTop: 999,
      }),
  },
  {
    method: 'POST',
    path: '/oauth2PermissionGrants',
    permissions: GRANT_WRITE,
    service: 'directory',
    handler: (req, ctx) => {
      const body = jsonBody(req) as Record<string, unknown>;
      if (
        typeof body.clientId !== 'string' ||
        typeof body.resourceId !== 'string' ||
        typeof body.scope !== 'string' ||
        typeof body.consentType !== 'string'
      ) {
        return badRequest(req, 'clientId, consentType, resourceId and scope are required.', 'Request_BadRequest');
      }
      const grant = {
        id: randomBytes(32).toString('base64url'),
        clientId: body.clientId,
        consentType: body.consentType,
        principalId: (body.principalId as string | undefined) ?? null,
        resourceId: body.resourceId,
        scope: body.scope,
      };
      ctx.state.add(ctx.state.scenario.oauth2PermissionGrants, grant);
      return {
        status: 201,
        body: { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#oauth2PermissionGrants/$entity`, ...grant },
      };
    },
  },
  {
    method: 'DELETE',
    path: '/oauth2PermissionGrants/:grantId',
    permissions: GRANT_WRITE,
    service: 'directory',
    handler: (req, ctx) =>
      ctx.state.remove(ctx.state.scenario.oauth2PermissionGrants, (g) => g.id === req.params.grantId)
        ? noContent
        : notFound(req),
  },
  {
    method: 'GET',
    path: '/users/:id/appRoleAssignments',
    permissions: APPROLE_READ,
    service: 'directory',
    handler: (req, ctx) => {
      const user = userOf(req, ctx);
      if (isResponse(user)) return user;
      return serveCollection(req, ctx, user.appRoleAssignments, {
        context: `users('${String(user.user.id)}')/appRoleAssignments`,
        filter: caps('resourceId:eq'),
        unsupportedFilter: UNSUPPORTED,
        defaultTop: 100,
        maxTop: 999,
      });
    },
  },
  {
    method: 'DELETE',
    path: '/users/:id/appRoleAssignments/:assignmentId',
    permissions: APPROLE_WRITE,
    service: 'directory',
    handler: (req, ctx) => {
      const user = userOf(req, ctx);
      if (isResponse(user)) return user;
      return ctx.state.remove(user.appRoleAssignments, (a) => a.id === req.params.assignmentId)
        ? noContent
        : notFound(req);
    },
  },
  {
    method: 'GET',
    path: '/users/:id/memberOf',
    permissions: ['Directory.Read.All', 'User.Read.All', 'GroupMember.Read.All'],
    service: 'directory',
    handler: (req, ctx) => {
      const user = userOf(req, ctx);
      if (isResponse(user)) return user;
      const roles = ctx.state.scenario.roleAssignments
        .filter((a) => a.principalId === user.user.id)
        .map((a) => ctx.state.scenario.roleDefinitions.find((d) => d.id === a.roleDefinitionId))
        .filter((d) => d !== undefined)
        .map((d) => ({
          '@odata.type': '#microsoft.graph.directoryRole',
          id: d.id,
          displayName: d.displayName,
          roleTemplateId: d.id,
        }));
      return serveCollection(req, ctx, roles, { context: 'directoryObjects', defaultTop: 100, maxTop: 999 });
    },
  },
];
