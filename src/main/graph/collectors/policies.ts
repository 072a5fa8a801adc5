import type { Collector } from '../../investigation/collector.ts';
import { CollectError } from '../../investigation/collect-error.ts';

/**
 * Tenant identity policies for the prevention checks (playbook step 3): security defaults, Conditional
 * Access (needs Entra ID P1: without it a row says so, the other policies still count) and who may
 * consent to apps. Each row carries `policy` naming which it is.
 */
export const identityPoliciesCollector: Collector = {
  source: 'identityPolicies',
  keyOf: (row) => `${String(row.policy)}:${JSON.stringify(row.id ?? '')}`,
  async *collect(ctx) {
    const items: unknown[] = [];
    const defaults = await ctx.graph.get('/policies/identitySecurityDefaultsEnforcementPolicy', ctx.observer);
    items.push({ policy: 'securityDefaults', ...defaults });
    const consent = await ctx.graph.get('/policies/authorizationPolicy', ctx.observer);
    items.push({ policy: 'authorizationPolicy', ...consent });
    try {
      for await (const page of ctx.graph.pages('/identity/conditionalAccess/policies', {}, null, ctx.observer))
        items.push(...page.value.map((p) => ({ policy: 'conditionalAccess', ...(p as object) })));
    } catch (error) {
      if (!(error instanceof CollectError && error.reason === 'licence')) throw error;
      items.push({ policy: 'conditionalAccess', id: 'unavailable', unavailable: 'licence' });
    }
    yield {
      request:
        'GET /policies/identitySecurityDefaultsEnforcementPolicy, /policies/authorizationPolicy, /identity/conditionalAccess/policies',
      items,
      cursor: null,
    };
  },
};
