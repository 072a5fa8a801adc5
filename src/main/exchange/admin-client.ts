import { z } from 'zod';
import { AppError } from '../app/app-error.ts';
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
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
): Promise<CmdletResult> {
  let refreshed = false;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(tenant.exchangeInvokeUrl, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${await tenant.accessToken(EXCHANGE, { forceRefresh: refreshed && attempt === 2 })}`,
          'Content-Type': 'application/json',
          Accept: 'application/json',
        },
        body: JSON.stringify({ CmdletInput: { CmdletName: cmdlet, Parameters: parameters } }),
      });
    } catch {
      if (attempt < MAX_ATTEMPTS) {
        await sleep(500 * 2 ** attempt);
        continue;
      }
      throw new AppError('upstream', 'errors.exchangeUnreachable');
    }
    // A token the service no longer accepts (expired, revoked): get a fresh one, once.
    if (response.status === 401 && !refreshed) {
      refreshed = true;
      continue;
    }
    if ((response.status === 429 || response.status >= 500) && attempt < MAX_ATTEMPTS) {
      const advised = Number(response.headers.get('retry-after'));
      await sleep(Number.isFinite(advised) && advised > 0 ? Math.min(advised * 1000, 60_000) : 500 * 2 ** attempt);
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
