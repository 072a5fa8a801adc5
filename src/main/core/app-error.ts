import type { ErrorCode } from '../../shared/api/errors.ts';

/**
 * An error a handler means to show: its code and i18n message key cross the boundary as they are.
 * Anything else thrown in main becomes a generic `internal` error with a reference id.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number> | undefined;
  constructor(code: ErrorCode, messageKey: string, params?: Record<string, string | number>) {
    super(messageKey);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
  }
}
