import { randomUUID } from 'node:crypto';
import type { EmuRequest, EmuResponse } from '../http/types.ts';

/** Graph's error envelope: {"error":{"code","message","innerError":{date, request-id, client-request-id}}}. */
export function graphError(
  req: EmuRequest | null,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): EmuResponse {
  const requestId = randomUUID();
  const clientRequestId = (req?.headers['client-request-id'] as string | undefined) ?? requestId;
  return {
    status,
    headers: { 'request-id': requestId, 'client-request-id': clientRequestId, ...headers },
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ''),
          'request-id': requestId,
          'client-request-id': clientRequestId,
        },
      },
    },
  };
}

export const notFound = (req: EmuRequest, what = 'Resource') =>
  graphError(
    req,
    404,
    'Request_ResourceNotFound',
    `${what} '${Object.values(req.params).at(-1) ?? ''}' does not exist or one of its queried reference-property objects are not present.`,
  );

export const badRequest = (req: EmuRequest, message: string, code = 'BadRequest') =>
  graphError(req, 400, code, message);

/** Graph accepts absent, empty or application/json bodies on writes; anything else is a 400. */
export function jsonBody(req: EmuRequest): unknown {
  if (req.body.length === 0) return {};
  return JSON.parse(req.body.toString('utf8')) as unknown;
}
