import { z } from 'zod';

/**
 * The only error shapes that cross a process boundary. No stack traces, no paths, no upstream bodies:
 * a message key the UI translates, an optional parameter bag, and field issues for forms.
 */
export const ErrorCode = z.enum([
  'invalid_input',
  'unknown_method',
  'not_found',
  'conflict',
  'unauthorized',
  'case_file_invalid',
  /** Another process (or a long operation) is writing to the case: try again when it is done. */
  'case_busy',
  'not_connected',
  'upstream',
  /** Something this machine lacks (Chromium for PDF). */
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const FieldIssue = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

export const ApiErrorBody = z.object({
  code: ErrorCode,
  /** An i18n key (`errors.*` or `validation.*`). */
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  issues: z.array(FieldIssue).optional(),
  /** Correlates an `internal` error with the main-process log without revealing it. */
  ref: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

export const WireResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ApiErrorBody }),
]);

/** Thrown on the calling side when a call fails, so UI code can `try`/`catch` typed errors. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly body: ApiErrorBody;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.body = body;
  }
}
