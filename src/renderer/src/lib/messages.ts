import type { TFunction } from 'i18next';
import { ApiError } from '../../../shared/api/errors.ts';

/** Translates a message key that came from main (an error or a validation issue). */
export function translateKey(t: TFunction, key: string, params: Record<string, string | number> = {}): string {
  return (t as unknown as (key: string, options: Record<string, unknown>) => string)(key, {
    ...params,
    defaultValue: key,
  });
}

export function errorText(t: TFunction, error: unknown): string {
  // A refused field says what is wrong with it (a relative path, say), which the generic message does not.
  const issue = error instanceof ApiError ? error.body.issues?.[0] : undefined;
  if (issue) return translateKey(t, issue.message);
  if (error instanceof ApiError)
    return translateKey(t, error.body.message, { ref: error.body.ref ?? '', ...error.body.params });
  return translateKey(t, 'errors.network');
}
