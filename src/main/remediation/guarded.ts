import { AppError } from '../core/app-error.ts';
import { CollectError } from '../investigation/collect-error.ts';

/**
 * A tenant read for an action or a check: a refusal or failure says why (a missing permission names it),
 * in the analyst's words, never as an internal error.
 */
export async function guarded<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof CollectError)
      throw new AppError('upstream', 'errors.actionFailed', {
        detail: `${error.message}${error.fix ? ` ${error.fix}` : ''}`,
      });
    throw error;
  }
}
