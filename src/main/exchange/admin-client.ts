import { z } from 'zod';
import { AppError } from '../core/app-error.ts';
import { retryAfterMs } from '../graph/retry-after.ts';
import { abortableSleep } from '../graph/sleep.ts';
import { CollectError } from '../investigation/collect-error.ts';
import { EXCHANGE, type TenantConnection } from '../tenant/tenant-connection.ts';

const Envelope = z.object({
  value: z.array(z.record(z.string(), z.unknown())).nullish(),
  '@adminapi.warnings': z.array(z.string()).optional(),
});

const ErrorBody = z.object({
  error: z
    .object({ code: z.string().optional(), details: z.array(z.object({ message: z.string() })).optional() })
    .optional(),
});

export interface CmdletResult {
  rows: Record<string, unknown>[];
  warnings: string[];
}

const MAX_ATTEMPTS = 5;

/**
 * Runs one Exchange Online cmdlet through the admin REST `InvokeCommand` endpoint: retries throttling,
 * 5xx and dropped connections, refreshes the token once on 401. Answers are validated; failures become
 * typed errors that name the problem (permission, throttling, the service) without passing the service's
 * body, which may carry internal detail, to the caller.
 */
export async function invokeCommand(
  tenant: TenantConnection,
  cmdlet: string,
  parameters: Record<string, unknown> = {},
  signal?: AbortSignal,
): Promise<CmdletResult> {
  let refreshed = false;
  let refreshNow = false;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      const token = await tenant.accessToken(EXCHANGE, { forceRefresh: refreshNow });
      refreshNow = false;
      response = await (tenant.fetch ?? fetch)(tenant.exchangeInvokeUrl, {
        method: 'POST',
        signal: signal ?? null,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
      });
    } catch {
      if (signal?.aborted) throw new CollectError('cancelled', 'cancelled');
      if (attempt < MAX_ATTEMPTS) {
        await abortableSleep(500 * 2 ** attempt, signal);
        continue;
      }
      throw new AppError('upstream', 'errors.exchangeUnreachable');
    }
    // A token the service no longer accepts (expired, revoked): get a fresh one, once.
    if (response.status === 401 && !refreshed) {
      refreshed = refreshNow = true;
      continue;
    }
    if ((response.status === 429 || response.status >= 500) && attempt < MAX_ATTEMPTS) {
      const advised = retryAfterMs(response.headers.get('retry-after'));
      await abortableSleep(advised ? Math.min(advised, 60_000) : 500 * 2 ** attempt, signal);
      continue;
    }
    return parse(response, cmdlet);
  }
}

async function parse(response: Response, cmdlet: string): Promise<CmdletResult> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null; // Exchange sometimes answers 403 with a body of NUL bytes
  }
  if (response.status === 401 || response.status === 403)
    throw new AppError('upstream', 'errors.exchangeDenied', { cmdlet });
  if (response.status === 429)
    throw new AppError('upstream', 'errors.throttled', { retryAfter: response.headers.get('retry-after') ?? '' });
  if (!response.ok) {
    const parsed = ErrorBody.safeParse(body);
    const detail = parsed.success ? (parsed.data.error?.details?.[0]?.message.split('|').at(-1) ?? '') : '';
    throw new AppError('upstream', 'errors.exchangeFailed', {
      cmdlet,
      status: response.status,
      detail: detail.slice(0, 300),
    });
  }
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) throw new AppError('upstream', 'errors.exchangeMalformed', { cmdlet });
  return { rows: envelope.data.value ?? [], warnings: envelope.data['@adminapi.warnings'] ?? [] };
}
