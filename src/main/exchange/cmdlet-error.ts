import { AppError } from '../core/app-error.ts';
import { CollectError } from '../investigation/collect-error.ts';

export const EXCHANGE_FIX = 'Grant Exchange.ManageAsApp and assign the app the Exchange Administrator role.';

/**
 * Exchange's refusals in the words collectors and containment actions report: a denial is a permission
 * problem with its fix, throttling is throttling, a missing object is a 404; anything else names the cmdlet
 * only (the service's text can carry internal detail).
 */
export function cmdletError(error: unknown, cmdlet: string, fix: string = EXCHANGE_FIX): unknown {
  if (!(error instanceof AppError)) return error;
  if (error.message === 'errors.exchangeDenied')
    return new CollectError('exchange', `Exchange Online refused ${cmdlet}.`, fix, 403);
  if (error.message === 'errors.throttled')
    return new CollectError('throttled', 'Exchange Online throttled the request.', 'Run it again later.', 429);
  if (error.message === 'errors.exchangeFailed' && error.params?.status === 404)
    return new CollectError('not_found', 'The user has no Exchange Online mailbox.', null, 404);
  const detail = typeof error.params?.detail === 'string' && error.params.detail ? `: ${error.params.detail}` : '';
  return new CollectError('service', `Exchange Online could not run ${cmdlet}${detail}.`, null);
}
