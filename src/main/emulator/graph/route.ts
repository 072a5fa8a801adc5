import type { EmulatorContext } from '../context.ts';
import type { Service } from '../faults.ts';
import type { EmuRequest, EmuResponse } from '../http/types.ts';
import type { Scenario, ScenarioUser } from '../scenario/schema.ts';
import type { Principal } from './auth.ts';
import { graphError, notFound } from './errors.ts';

export type Licence = keyof Scenario['tenant']['licences'];

export interface GraphRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path after `/v1.0`, with `:name` parameters. */
  path: string;
  /** Any one of these permissions (delegated scope or application role) is enough. */
  permissions: readonly string[];
  service: Service;
  licence?: Licence;
  handler: (req: EmuRequest, ctx: EmulatorContext, principal: Principal) => EmuResponse | Promise<EmuResponse>;
}

const NON_PREMIUM = {
  code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant',
  message: "Neither tenant is B2C or tenant doesn't have premium license",
};

export function licenceError(req: EmuRequest, licence: Licence): EmuResponse {
  if (licence === 'entraIdP1' || licence === 'entraIdP2')
    return graphError(req, 403, NON_PREMIUM.code, NON_PREMIUM.message);
  if (licence === 'exchangeOnline')
    return graphError(
      req,
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  return graphError(req, 403, 'Forbidden', `The tenant is not licensed for this feature (${licence}).`);
}

/** The `/users/{id | userPrincipalName}` a route names, or Graph's 404. */
export function userOf(req: EmuRequest, ctx: EmulatorContext): ScenarioUser | EmuResponse {
  const user = ctx.state.user(req.params.id ?? '');
  return user ?? notFound(req);
}

export function mailboxOf(req: EmuRequest, ctx: EmulatorContext, user: ScenarioUser) {
  return ctx.state.mailbox(user) ?? licenceError(req, 'exchangeOnline');
}

export function entity(ctx: EmulatorContext, context: string, body: Record<string, unknown>): EmuResponse {
  return { status: 200, body: { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#${context}`, ...body } };
}

export const noContent: EmuResponse = { status: 204 };
