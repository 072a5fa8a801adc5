import { badRequest, jsonBody, notFound } from '../errors.ts';
import { caps } from '../odata/filter.ts';
import { project, selectOf, serveCollection } from '../odata/collection.ts';
import { entity, licenceError, noContent, type GraphRoute } from '../route.ts';
import type { EmulatorContext } from '../../context.ts';
import type { EmuRequest } from '../../http/types.ts';

const USERS_READ = ['IdentityRiskyUser.Read.All', 'IdentityRiskyUser.ReadWrite.All'];
const USERS_WRITE = ['IdentityRiskyUser.ReadWrite.All'];
const EVENTS_READ = ['IdentityRiskEvent.Read.All'];

function premium(req: EmuRequest, ctx: EmulatorContext) {
  const { entraIdP1, entraIdP2 } = ctx.state.licences;
  return entraIdP1 || entraIdP2 ? null : licenceError(req, 'entraIdP1');
}

/** Without P2, Identity Protection answers with limited data: risk details read "hidden". */
function limited(ctx: EmulatorContext, item: Record<string, unknown>): Record<string, unknown> {
  if (ctx.state.licences.entraIdP2) return item;
  return { ...item, riskDetail: 'hidden', riskLevel: 'hidden' };
}

function setRisk(
  ctx: EmulatorContext,
  req: EmuRequest,
  state: { riskState: string; riskLevel?: string; riskDetail: string },
) {
  if (!ctx.state.licences.entraIdP2) return licenceError(req, 'entraIdP2');
  const body = jsonBody(req) as { userIds?: unknown };
  if (!Array.isArray(body.userIds) || body.userIds.length === 0 || body.userIds.length > 60) {
    return badRequest(req, 'userIds must list between 1 and 60 user ids.', 'BadRequest');
  }
  const now = new Date(ctx.now()).toISOString();
  for (const id of body.userIds as string[]) {
    const user = ctx.state.user(String(id));
    if (!user) continue;
    let risky = ctx.state.scenario.riskyUsers.find((r) => r.id === user.user.id);
    if (!risky) {
      risky = {
        id: String(user.user.id),
        riskLevel: 'none',
        riskState: 'none',
        userPrincipalName: user.user.userPrincipalName,
        userDisplayName: user.user.displayName,
        isDeleted: false,
        isProcessing: false,
      };
      ctx.state.add(ctx.state.scenario.riskyUsers, risky);
    }
    Object.assign(risky, state, { riskLastUpdatedDateTime: now });
  }
  return noContent;
}

export const riskRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/identityProtection/riskyUsers',
    permissions: USERS_READ,
    service: 'identityProtection',
    handler: (req, ctx) =>
      premium(req, ctx) ??
      serveCollection(
        req,
        ctx,
        ctx.state.scenario.riskyUsers.map((u) => limited(ctx, u)),
        {
          context: 'identityProtection/riskyUsers',
          filter: caps(
            'id:eq',
            'userPrincipalName:eq',
            'riskLevel:eq',
            'riskState:eq',
            'riskLastUpdatedDateTime:ge',
            'riskLastUpdatedDateTime:le',
          ),
          defaultTop: 20,
          maxTop: 500,
        },
      ),
  },
  {
    method: 'GET',
    path: '/identityProtection/riskyUsers/:userId',
    permissions: USERS_READ,
    service: 'identityProtection',
    handler: (req, ctx) => {
      const denied = premium(req, ctx);
      if (denied) return denied;
      const risky = ctx.state.scenario.riskyUsers.find(
        (r) => r.id === req.params.userId?.toLowerCase() || r.id === req.params.userId,
      );
      return risky
        ? entity(ctx, 'identityProtection/riskyUsers/$entity', project(limited(ctx, risky), selectOf(req)))
        : notFound(req);
    },
  },
  {
    method: 'POST',
    path: '/identityProtection/riskyUsers/confirmCompromised',
    permissions: USERS_WRITE,
    service: 'identityProtection',
    handler: (req, ctx) =>
      setRisk(ctx, req, {
        riskState: 'confirmedCompromised',
        riskLevel: 'high',
        riskDetail: 'adminConfirmedUserCompromised',
      }),
  },
  {
    method: 'POST',
    path: '/identityProtection/riskyUsers/dismiss',
    permissions: USERS_WRITE,
    service: 'identityProtection',
    handler: (req, ctx) =>
      setRisk(ctx, req, { riskState: 'dismissed', riskLevel: 'none', riskDetail: 'adminDismissedAllRiskForUser' }),
  },
  {
    method: 'GET',
    path: '/identityProtection/riskDetections',
    permissions: EVENTS_READ,
    service: 'identityProtection',
    handler: (req, ctx) =>
      premium(req, ctx) ??
      serveCollection(
        req,
        ctx,
        ctx.state.scenario.riskDetections.map((d) => limited(ctx, d)),
        {
          context: 'identityProtection/riskDetections',
          filter: caps(
            'userId:eq',
            'userPrincipalName:eq',
            'activityDateTime:ge',
            'activityDateTime:le',
            'detectedDateTime:ge',
            'detectedDateTime:le',
            'riskEventType:eq',
            'riskLevel:eq',
            'riskState:eq',
            'ipAddress:eq',
          ),
          defaultTop: 20,
          maxTop: 500,
          defaultSort: { path: 'activityDateTime', direction: 'desc' },
        },
      ),
  },
];
