import { caps } from '../odata/filter.ts';
import { serveCollection } from '../odata/collection.ts';
import type { GraphRoute } from '../route.ts';

const READ = ['AuditLog.Read.All'];

export const auditLogRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/auditLogs/signIns',
    permissions: READ,
    service: 'reports',
    licence: 'entraIdP1',
    handler: (req, ctx) =>
      serveCollection(req, ctx, ctx.state.scenario.signIns, {
        context: 'auditLogs/signIns',
        filter: caps(
          'userId:eq',
          'userPrincipalName:eq',
          'userPrincipalName:startswith',
          'createdDateTime:ge',
          'createdDateTime:le',
          'createdDateTime:gt',
          'createdDateTime:lt',
          'appId:eq',
          'appDisplayName:eq',
          'appDisplayName:startswith',
          'clientAppUsed:eq',
          'ipAddress:eq',
          'status/errorCode:eq',
          'location/countryOrRegion:eq',
          'riskLevelDuringSignIn:eq',
          'correlationId:eq',
          '$or',
        ),
        defaultTop: 1000,
        maxTop: 1000,
        defaultSort: { path: 'createdDateTime', direction: 'desc' },
        presorted: true,
        orderBy: ['createdDateTime'],
      }),
  },
  {
    method: 'GET',
    path: '/auditLogs/directoryAudits',
    permissions: READ,
    service: 'reports',
    handler: (req, ctx) =>
      serveCollection(req, ctx, ctx.state.scenario.directoryAudits, {
        context: 'auditLogs/directoryAudits',
        filter: caps(
          'activityDateTime:ge',
          'activityDateTime:le',
          'activityDateTime:gt',
          'activityDateTime:lt',
          'activityDisplayName:eq',
          'activityDisplayName:startswith',
          'category:eq',
          'loggedByService:eq',
          'result:eq',
          'correlationId:eq',
          'initiatedBy/user/id:eq',
          'initiatedBy/user/userPrincipalName:eq',
          'initiatedBy/user/userPrincipalName:startswith',
          'initiatedBy/app/appId:eq',
          'targetResources/any/id:eq',
          'targetResources/any/userPrincipalName:eq',
          'targetResources/any/displayName:eq',
          '$or',
        ),
        defaultTop: 1000,
        maxTop: 1000,
        defaultSort: { path: 'activityDateTime', direction: 'desc' },
        presorted: true,
        orderBy: ['activityDateTime'],
      }),
  },
];
