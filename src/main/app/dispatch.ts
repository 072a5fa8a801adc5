import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import {
  isMethodName,
  methods,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
} from '../../shared/api/contract.ts';
import type { FieldIssue, Result } from '../../shared/api/errors.ts';
import { AppError } from '../core/app-error.ts';
import type { Logger } from '../core/logger.ts';

export type HandlerTable = {
  [M in MethodName]: (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

export type Dispatch = (method: unknown, input: unknown) => Promise<Result<unknown>>;

function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    // Our schemas carry i18n keys as messages; zod's own defaults become one generic key.
    message: issue.message.startsWith('validation.') ? issue.message : 'validation.generic',
  }));
}

/**
 * The single entry point both transports call: validates the method name and input against the
 * contract, runs the handler, shapes its output through the contract's output schema, and turns every
 * failure into a typed error. Internal errors are logged with a reference; only the reference leaves.
 */
export function createDispatch(handlers: HandlerTable, logger: Logger): Dispatch {
  return async (method, input) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown_method', message: 'errors.unknownMethod' } };
    }
    const spec = methods[method];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid_input', message: 'errors.invalidInput', issues: issuesOf(parsed.error) },
      };
    }
    try {
      const handler = handlers[method] as (input: unknown) => unknown;
      const value: unknown = await handler(parsed.data);
      return { ok: true, value: spec.output.parse(value) };
    } catch (error) {
      if (error instanceof AppError) {
        return {
          ok: false,
          error: { code: error.code, message: error.message, ...(error.params ? { params: error.params } : {}) },
        };
      }
      const ref = randomBytes(4).toString('hex');
      logger.log('error', 'handler failed', {
        method,
        ref,
        error: error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown',
      });
      return { ok: false, error: { code: 'internal', message: 'errors.internal', ref } };
    }
  };
}
