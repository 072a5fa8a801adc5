import type { Collector } from '../../investigation/collector.ts';
import { odata, pagedCollection, single } from './paged.ts';

export const USER_SELECT = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'accountEnabled',
  'createdDateTime',
  'lastPasswordChangeDateTime',
  'signInSessionsValidFromDateTime',
  'proxyAddresses',
  'otherMails',
  'mobilePhone',
  'usageLocation',
  'jobTitle',
  'department',
].join(',');

export const userCollector: Collector = {
  source: 'user',
  collect: (ctx) => single(ctx, `/users/${encodeURIComponent(ctx.user.upn)}`, { $select: USER_SELECT }),
};

export const domainsCollector: Collector = {
  source: 'domains',
  keyOf: (item) => String(item.name),
  collect: (ctx) =>
    single(ctx, '/organization', { $select: 'id,displayName,verifiedDomains' }, (body) =>
      ((body.value as Array<{ verifiedDomains?: unknown[] }> | undefined) ?? []).flatMap(
        (org) => org.verifiedDomains ?? [],
      ),
    ),
};

export const authMethodsCollector: Collector = {
  source: 'authMethods',
  collect: (ctx) => single(ctx, `/users/${ctx.user.id}/authentication/methods`),
};

export const roleAssignmentsCollector: Collector = {
  source: 'roleAssignments',
  collect: (ctx, cursor) =>
    pagedCollection(
      ctx,
      '/roleManagement/directory/roleAssignments',
      { $filter: `principalId eq ${odata(ctx.user.id)}`, $expand: 'roleDefinition' },
      cursor,
    ),
};

export const appRoleAssignmentsCollector: Collector = {
  source: 'appRoleAssignments',
  collect: (ctx, cursor) => pagedCollection(ctx, `/users/${ctx.user.id}/appRoleAssignments`, {}, cursor),
};

/**
 * The user's own consents, and the apps they were given to (verified publisher, owning tenant; v1.0 has no
 * publisherName, which only beta returns).
 */
export const oauthGrantsCollector: Collector = {
  source: 'oauthGrants',
  async *collect(ctx) {
    const grants = await ctx.graph.get<{ value?: Array<Record<string, unknown>> }>(
      `/users/${ctx.user.id}/oauth2PermissionGrants`,
      ctx.observer,
    );
    const list = grants.value ?? [];
    yield { request: `GET /users/${ctx.user.id}/oauth2PermissionGrants`, items: list, cursor: 'apps' };
    // One $batch for all the consented apps, however many there are.
    const ids = [...new Set(list.map((g) => String(g.clientId as string)))];
    const apps = (
      await ctx.graph.batchGet(
        ids.map(
          (id) => `/servicePrincipals/${id}?$select=id,appId,displayName,verifiedPublisher,appOwnerOrganizationId`,
        ),
        ctx.observer,
      )
    ).filter((a) => a !== null);
    yield {
      request: 'POST /$batch GET /servicePrincipals/{clientId} for each consented app',
      items: apps,
      cursor: null,
    };
  },
};
