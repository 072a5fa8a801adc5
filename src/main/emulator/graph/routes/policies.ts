import { serveCollection } from '../odata/collection.ts';
import { entity, type GraphRoute } from '../route.ts';

const POLICY_READ = ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess', 'Directory.Read.All'];

/** The tenant policies the prevention checks read: security defaults, Conditional Access, consent. */
export const policyRoutes: GraphRoute[] = [
  {
    method: 'GET',
    path: '/policies/identitySecurityDefaultsEnforcementPolicy',
    permissions: ['Policy.Read.All'],
    service: 'directory',
    handler: (_req, ctx) =>
      entity(ctx, 'policies/identitySecurityDefaultsEnforcementPolicy/$entity', {
        id: '00000000-0000-0000-0000-000000000005',
        displayName: 'Security Defaults',
        description: 'Security defaults is a set of basic identity security mechanisms recommended by Microsoft.',
        ...ctx.state.scenario.policies.securityDefaults,
      }),
  },
  {
    method: 'GET',
    path: '/identity/conditionalAccess/policies',
    permissions: POLICY_READ,
    service: 'directory',
    licence: 'entraIdP1',
    handler: (req, ctx) =>
      serveCollection(req, ctx, ctx.state.scenario.policies.conditionalAccess, {
        context: 'identity/conditionalAccess/policies',
        defaultTop: 100,
        maxTop: 999,
      }),
  },
  {
    method: 'GET',
    path: '/policies/authorizationPolicy',
    permissions: ['Policy.Read.All', 'Directory.Read.All'],
    service: 'directory',
    handler: (_req, ctx) =>
      entity(ctx, 'policies/authorizationPolicy/$entity', {
        id: 'authorizationPolicy',
        displayName: 'Authorization Policy',
        allowInvitesFrom: 'everyone',
        ...ctx.state.scenario.policies.authorizationPolicy,
      }),
  },
];
