import {
  BatchRequestContent,
  BatchResponseContent,
  GraphError,
  PageIterator,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_QUERY_TIMING, type RunningEmulator } from '../../../src/main/emulator/index.ts';
import { ADELE, appToken, emulator, FABRIKAM, graphClient, scenario } from '../../support/emulator.ts';

let emu: RunningEmulator;
let token: string;
const client = () => graphClient(emu, () => Promise.resolve(token));

beforeAll(async () => {
  emu = await emulator();
  token = await appToken(emu);
});
afterAll(() => emu.close());
afterEach(() => emu.faults.clear());

async function graphErrorOf(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected a GraphError');
}

describe('the Graph client against the emulator', () => {
  it('gets a user by UPN with the default property set, and by id with $select', async () => {
    const user = (await client().api(`/users/${ADELE.upn}`).get()) as Record<string, unknown>;
    expect(user).toMatchObject({ id: ADELE.id, userPrincipalName: ADELE.upn, displayName: 'Adele Vance' });
    expect(user).not.toHaveProperty('accountEnabled');
    const selected = (await client()
      .api(`/users/${ADELE.id}`)
      .select('accountEnabled,lastPasswordChangeDateTime')
      .get()) as Record<string, unknown>;
    expect(selected).toEqual(expect.objectContaining({ id: ADELE.id, accountEnabled: true }));
    expect(String(selected['@odata.context'])).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/\$metadata#users/);
  });

  it('pages to the end through absolute @odata.nextLink with $skiptoken', async () => {
    const first = (await client().api('/auditLogs/signIns').filter(`userId eq '${ADELE.id}'`).top(50).get()) as {
      value: unknown[];
      '@odata.nextLink'?: string;
    };
    expect(first['@odata.nextLink']).toMatch(
      new RegExp(`^${emu.baseUrl.replace(/\./g, '\\.')}/v1\\.0/auditLogs/signIns\\?.*\\$skiptoken=`),
    );
    const seen: Array<{ id: string; createdDateTime: string }> = [];
    await new PageIterator(client(), first, (item) => {
      seen.push(item as { id: string; createdDateTime: string });
      return true;
    }).iterate();
    const expected = emu.state.scenario.signIns.filter((s) => s.userId === ADELE.id);
    expect(seen.length).toBe(expected.length);
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    const times = seen.map((s) => Date.parse(s.createdDateTime));
    expect(times).toEqual([...times].sort((a, b) => b - a)); // newest first
  });

  it('retries a 429, honouring Retry-After', async () => {
    emu.faults.add({ path: '^/v1\\.0/users/', times: 1, fault: { kind: 'status', status: 429, retryAfter: 1 } });
    const started = Date.now();
    const user = (await client().api(`/users/${ADELE.id}`).get()) as { id: string };
    expect(user.id).toBe(ADELE.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('throttles by the service budget and says when to come back', async () => {
    emu.faults.setBudget('reports', { limit: 2, windowMs: 60_000, retryAfter: 7 });
    try {
      const api = () =>
        client()
          .api('/auditLogs/directoryAudits')
          .top(1)
          .middlewareOptions([new RetryHandlerOptions(0, 0)]);
      await api().get();
      await api().get();
      const error = await graphErrorOf(api().get());
      expect(error.statusCode).toBe(429);
      expect(error.code).toBe('TooManyRequests');
      expect(error.headers?.get('retry-after')).toBe('7');
    } finally {
      emu.faults.setBudget('reports', null);
    }
  });

  it('runs a JSON $batch in series with dependsOn, failing dependents with 424', async () => {
    const batch = new BatchRequestContent([
      { id: '1', request: new Request(`${emu.baseUrl}/v1.0/users/${ADELE.id}`, { method: 'GET' }) },
      {
        id: '2',
        request: new Request(`${emu.baseUrl}/v1.0/users/${ADELE.id}/mailFolders/inbox/messageRules`, { method: 'GET' }),
        dependsOn: ['1'],
      },
      {
        id: '3',
        request: new Request(`${emu.baseUrl}/v1.0/users/nobody@contoso.com`, { method: 'GET' }),
        dependsOn: ['2'],
      },
      {
        id: '4',
        request: new Request(`${emu.baseUrl}/v1.0/users/nobody@contoso.com/authentication/methods`, { method: 'GET' }),
        dependsOn: ['3'],
      },
    ]);
    const raw: unknown = await client()
      .api('/$batch')
      .post(await batch.getContent());
    const responses = new BatchResponseContent(raw as { responses: [] });
    expect(responses.getResponseById('1').status).toBe(200);
    const rules = (await responses.getResponseById('2').json()) as { value: unknown[] };
    expect(rules.value.length).toBeGreaterThanOrEqual(3);
    expect(responses.getResponseById('3').status).toBe(404);
    expect(responses.getResponseById('4').status).toBe(424);
  });

  it('refuses a batch of more than 20 requests', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({
      id: String(i),
      method: 'GET',
      url: `/users/${ADELE.id}`,
    }));
    const error = await graphErrorOf(client().api('/$batch').post({ requests }));
    expect(error.statusCode).toBe(400);
  });

  it('fails unsupported filters the way Graph does, not silently', async () => {
    const onTitle = await graphErrorOf(
      client().api('/security/alerts_v2').filter("title eq 'User restricted from sending email'").get(),
    );
    expect(onTitle.statusCode).toBe(400);
    const badSyntax = await graphErrorOf(client().api('/auditLogs/signIns').filter("userId eq '").get());
    expect(badSyntax.statusCode).toBe(400);
    const orderNotFiltered = await graphErrorOf(
      client().api(`/users/${ADELE.id}/mailFolders/sentitems/messages`).orderby('sentDateTime desc').get(),
    );
    expect(orderNotFiltered.code).toBe('InefficientFilter');
    const overTop = await graphErrorOf(client().api('/auditLogs/signIns').top(1001).get());
    expect(overTop.statusCode).toBe(400);
  });

  it('supports lambda any() on directory audits and $count on alerts', async () => {
    const audits = (await client()
      .api('/auditLogs/directoryAudits')
      .filter(`targetResources/any(t: t/id eq '${ADELE.id}')`)
      .get()) as { value: Array<{ targetResources: Array<{ id: string }> }> };
    expect(audits.value.length).toBeGreaterThan(0);
    expect(audits.value.every((a) => a.targetResources.some((t) => t.id === ADELE.id))).toBe(true);
    const alerts = (await client()
      .api('/security/alerts_v2')
      .query({ $count: 'true' })
      .filter("serviceSource eq 'microsoftDefenderForOffice365'")
      .get()) as { '@odata.count': number; value: unknown[] };
    expect(alerts['@odata.count']).toBe(alerts.value.length);
  });

  it('writes change the tenant: disable a rule, revoke a grant, reset a password', async () => {
    const rules = (await client().api(`/users/${ADELE.id}/mailFolders/inbox/messageRules`).get()) as {
      value: Array<{ id: string; displayName: string }>;
    };
    const attacker = rules.value.find((r) => r.displayName === '.')!;
    const patched = (await client()
      .api(`/users/${ADELE.id}/mailFolders/inbox/messageRules/${attacker.id}`)
      .patch({ isEnabled: false })) as { isEnabled: boolean };
    expect(patched.isEnabled).toBe(false);
    const reread = (await client().api(`/users/${ADELE.id}/mailFolders/inbox/messageRules/${attacker.id}`).get()) as {
      isEnabled: boolean;
    };
    expect(reread.isEnabled).toBe(false);

    const grants = (await client().api(`/users/${ADELE.id}/oauth2PermissionGrants`).get()) as {
      value: Array<{ id: string; scope: string }>;
    };
    expect(grants.value[0]!.scope).toMatch(/^ /); // Graph's leading space, kept
    await client().api(`/oauth2PermissionGrants/${grants.value[0]!.id}`).delete();
    expect(
      ((await client().api(`/users/${ADELE.id}/oauth2PermissionGrants`).get()) as { value: unknown[] }).value,
    ).toEqual([]);

    const before = Date.now();
    await client()
      .api(`/users/${ADELE.id}`)
      .patch({ passwordProfile: { password: 'Str0ng!Passw0rd#2026', forceChangePasswordNextSignIn: true } });
    const user = (await client()
      .api(`/users/${ADELE.id}`)
      .select('lastPasswordChangeDateTime,passwordProfile')
      .get()) as { lastPasswordChangeDateTime: string; passwordProfile: { password: unknown } };
    expect(Date.parse(user.lastPasswordChangeDateTime)).toBeGreaterThanOrEqual(before - 1000);
    expect(user.passwordProfile.password).toBeNull();
  });

  it('a write is seen by the next filtered list: no stale cached result', async () => {
    const atRisk = async () =>
      (
        (await client().api('/identityProtection/riskyUsers').filter("riskState eq 'atRisk'").get()) as {
          value: Array<{ id: string }>;
        }
      ).value.map((u) => u.id);
    expect(await atRisk()).toContain(ADELE.id);
    await client()
      .api('/identityProtection/riskyUsers/dismiss')
      .post({ userIds: [ADELE.id] });
    expect(await atRisk()).not.toContain(ADELE.id);
  });

  it('runs the audit-log query lifecycle: create, running, succeeded, records', async () => {
    AUDIT_QUERY_TIMING.notStartedMs = 100;
    AUDIT_QUERY_TIMING.runningMs = 300;
    const listed = async () =>
      ((await client().api('/security/auditLog/queries').get()) as { value: Array<{ id: string; status: string }> })
        .value;
    const before = (await listed()).length; // primes the emulator's result cache
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const created = (await client()
      .api('/security/auditLog/queries')
      .post({
        '@odata.type': '#microsoft.graph.security.auditLogQuery',
        displayName: 'IR',
        filterStartDateTime: from,
        filterEndDateTime: new Date().toISOString(),
        operationFilters: ['New-InboxRule'],
        userPrincipalNameFilters: [ADELE.upn],
      })) as { id: string; status: string };
    expect(created.status).toBe('notStarted');
    expect(await listed()).toHaveLength(before + 1);
    const early = await graphErrorOf(client().api(`/security/auditLog/queries/${created.id}/records`).get());
    expect(early.statusCode).toBe(400);
    await new Promise((r) => setTimeout(r, 150));
    expect(((await client().api(`/security/auditLog/queries/${created.id}`).get()) as { status: string }).status).toBe(
      'running',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(((await client().api(`/security/auditLog/queries/${created.id}`).get()) as { status: string }).status).toBe(
      'succeeded',
    );
    expect((await listed()).find((q) => q.id === created.id)?.status).toBe('succeeded');
    const records = (await client().api(`/security/auditLog/queries/${created.id}/records`).get()) as {
      value: Array<{ operation: string; userPrincipalName: string }>;
    };
    expect(records.value.length).toBeGreaterThanOrEqual(2);
    expect(records.value.every((r) => r.operation === 'New-InboxRule' && r.userPrincipalName === ADELE.upn)).toBe(true);
  });

  it('enforces message trace rules: both bounds, at most 10 days', async () => {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
    const ok = (await client()
      .api('/admin/exchange/tracing/messageTraces')
      .filter(
        `senderAddress eq '${ADELE.upn}' and receivedDateTime ge ${iso(now - 86_400_000)} and receivedDateTime le ${iso(now)}`,
      )
      .top(5000)
      .get()) as { value: Array<{ status: string }> };
    expect(ok.value.length).toBeGreaterThan(2000);
    expect(ok.value.some((m) => m.status === 'failed')).toBe(true);
    const oneBound = await graphErrorOf(
      client()
        .api('/admin/exchange/tracing/messageTraces')
        .filter(`receivedDateTime ge ${iso(now - 86_400_000)}`)
        .get(),
    );
    expect(oneBound.statusCode).toBe(400);
    const tooLong = await graphErrorOf(
      client()
        .api('/admin/exchange/tracing/messageTraces')
        .filter(`receivedDateTime ge ${iso(now - 20 * 86_400_000)} and receivedDateTime le ${iso(now)}`)
        .get(),
    );
    expect(tooLong.statusCode).toBe(400);
  });

  it('answers 401 for a missing or expired token, 403 for a missing permission', async () => {
    const none = await graphErrorOf(
      graphClient(emu, () => Promise.resolve(''))
        .api(`/users/${ADELE.id}`)
        .get(),
    );
    expect(none.statusCode).toBe(401);
    const old = token;
    emu.tokens.expireAll();
    const expired = await graphErrorOf(client().api(`/users/${ADELE.id}`).get());
    expect(expired).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
    token = await appToken(emu).catch(() => old);

    const s = scenario();
    s.apps[0]!.applicationPermissions = ['User.Read.All'];
    const narrow = await emulator(s);
    try {
      const narrowToken = await appToken(narrow);
      const denied = await graphErrorOf(
        graphClient(narrow, () => Promise.resolve(narrowToken))
          .api('/auditLogs/signIns')
          .get(),
      );
      expect(denied).toMatchObject({ statusCode: 403, code: 'Authorization_RequestDenied' });
    } finally {
      await narrow.close();
    }
  });

  it('answers sign-ins with 403 on a tenant without Entra ID P1', async () => {
    const fabrikam = await emulator(scenario(FABRIKAM));
    try {
      const t = await appToken(fabrikam);
      const error = await graphErrorOf(
        graphClient(fabrikam, () => Promise.resolve(t))
          .api('/auditLogs/signIns')
          .get(),
      );
      expect(error).toMatchObject({ statusCode: 403, code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant' });
    } finally {
      await fabrikam.close();
    }
  });
});
