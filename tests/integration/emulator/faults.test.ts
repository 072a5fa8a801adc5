import { GraphError, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/main/emulator/index.ts';
import { ADELE, appToken, emulator, graphClient, scenario } from '../../support/emulator.ts';

let emu: RunningEmulator;
let token: string;
const client = () => graphClient(emu, () => Promise.resolve(token));
const noRetry = [new RetryHandlerOptions(0, 0)];

beforeAll(async () => {
  emu = await emulator();
  token = await appToken(emu);
});
afterAll(() => emu.close());
afterEach(() => emu.faults.clear());

describe('faults', () => {
  it('injects 5xx for a number of requests, then recovers', async () => {
    emu.faults.add({ path: '^/v1\\.0/users/', times: 1, fault: { kind: 'status', status: 503 } });
    await expect(client().api(`/users/${ADELE.id}`).middlewareOptions(noRetry).get()).rejects.toMatchObject({
      statusCode: 503,
    });
    await expect(client().api(`/users/${ADELE.id}`).middlewareOptions(noRetry).get()).resolves.toMatchObject({
      id: ADELE.id,
    });
  });

  it('adds latency', async () => {
    emu.faults.add({ path: '^/v1\\.0/organization', fault: { kind: 'latency', ms: 400 } });
    const started = Date.now();
    await client().api('/organization').get();
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('resets the connection', async () => {
    emu.faults.add({ path: '^/v1\\.0/domains', times: 1, fault: { kind: 'reset' } });
    await expect(
      fetch(`${emu.baseUrl}/v1.0/domains`, { headers: { Authorization: `Bearer ${token}` } }),
    ).rejects.toThrow();
  });

  it('trickles a slow body that still arrives whole', async () => {
    emu.faults.add({ path: '^/v1\\.0/users/', times: 1, fault: { kind: 'slowBody', bytesPerSecond: 2000 } });
    const started = Date.now();
    const res = await fetch(`${emu.baseUrl}/v1.0/users/${ADELE.id}`, { headers: { Authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { id: string };
    expect(body.id).toBe(ADELE.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('expires the token in the middle of a paged collection', async () => {
    const first = (await client().api('/auditLogs/signIns').top(20).get()) as { '@odata.nextLink': string };
    emu.faults.add({ path: '^/v1\\.0/auditLogs/signIns', times: 1, fault: { kind: 'expireToken' } });
    const error = await client()
      .api(first['@odata.nextLink'])
      .get()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
    token = await appToken(emu); // MSAL's cache holds the old token until it expires: a fresh client would ask anew
  });

  it('takes faults from the scenario file', async () => {
    const s = scenario();
    s.faults = [{ path: '^/v1\\.0/organization', times: 1, fault: { kind: 'status', status: 500 } }];
    const faulty = await emulator(s);
    try {
      const t = await appToken(faulty);
      await expect(
        graphClient(faulty, () => Promise.resolve(t))
          .api('/organization')
          .middlewareOptions(noRetry)
          .get(),
      ).rejects.toMatchObject({ statusCode: 500 });
    } finally {
      await faulty.close();
    }
  });

  it('sends no Retry-After on Identity Protection throttling, as the service does not', async () => {
    emu.faults.setBudget('identityProtection', { limit: 1, windowMs: 60_000, retryAfter: null });
    try {
      await client().api('/identityProtection/riskyUsers').get();
      const res = await fetch(`${emu.baseUrl}/v1.0/identityProtection/riskyUsers`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBeNull();
    } finally {
      emu.faults.setBudget('identityProtection', null);
    }
  });
});
