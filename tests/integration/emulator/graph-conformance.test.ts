import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServedExchange } from '../../../src/main/emulator/index.ts';
import { graphRoutes } from '../../../src/main/emulator/graph/dispatch.ts';
import { routablePath } from '../../../src/main/emulator/http/router.ts';
import { exchangeRunner } from '../../../src/main/exchange/exchange-runner.ts';
import { GraphApi } from '../../../src/main/graph/graph-api.ts';
import { probeCapabilities } from '../../../src/main/investigation/probes.ts';
import {
  candidatesOf,
  execute,
  revert,
  type ActionContext,
  type ContainmentAction,
} from '../../../src/main/remediation/action.ts';
import {
  blockSignIn,
  confirmCompromised,
  disableInboxRules,
  removeAdminRoles,
  removeAuthMethods,
  resetPassword,
  revokeOAuthGrants,
  revokeSessions,
} from '../../../src/main/remediation/actions.ts';
import { checkSending } from '../../../src/main/unblock/sending-watch.ts';
import { ADELE, scenario } from '../../support/emulator.ts';
import { checkQuery, checkValue, CSDL, resolvePath, SchemaError, type Resolved } from '../../support/graph-csdl.ts';
import { bench, investigatedCase, type Bench } from '../../support/investigation.ts';

/**
 * Clearance's Graph requests and the emulator's answers, checked against Microsoft's own v1.0 schema
 * (tests/fixtures/graph-csdl, extracted from Graph's CSDL). Every request the app makes in a whole
 * investigation, the capability probes, every containment action (dry run, change, read back, revert) and
 * the sending watch is recorded as the emulator receives it, with its answer; then each path is resolved
 * segment by segment, each `$select`/`$filter`/`$orderby`/`$expand` property and each request-body property
 * must exist on the type it names, and each answered property must be declared on its type (recursively,
 * with enumeration members and primitive kinds). The emulator routes no flow reaches are called directly,
 * so every route it serves is checked.
 */

/**
 * What Graph v1.0's schema does not declare but Clearance uses or the emulator answers on purpose, each
 * with the reason. A use not listed here fails; an entry nothing uses fails too, so the list stays true.
 * (Not Graph, so not checked here: the token service and Exchange's admin REST `/adminapi/…InvokeCommand`.
 * Message trace's `/admin/exchange/tracing/messageTraces` is in v1.0's CSDL and needs no exception.)
 */
const EXCEPTIONS: Array<{ type: string; name: string; why: string }> = [
  ...['userType', 'homeTenantId', 'homeTenantName'].map((name) => ({
    type: 'microsoft.graph.userIdentity',
    name,
    why: "Graph v1.0 answers it in directoryAudit's initiatedBy.user (Microsoft's own v1.0 example, tests/fixtures/graph-docs/directoryaudit-list.v1.0.example2.response.json), though its CSDL declares it only in beta",
  })),
];

const used = new Set<string>();
const allowed = (type: string, name: string) => {
  const hit = EXCEPTIONS.find((e) => e.type === type && e.name === name);
  if (hit) used.add(`${hit.type} ${hit.name}`);
  return hit !== undefined;
};

interface GraphCall {
  method: string;
  path: string;
  query: URLSearchParams;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
}

const parse = (text: string): unknown => (text ? (JSON.parse(text) as unknown) : undefined);

/** The Graph calls among what the emulator served, with `$batch` opened into its items. */
function graphCalls(served: readonly ServedExchange[]): GraphCall[] {
  const calls: GraphCall[] = [];
  const add = (method: string, url: string, requestBody: unknown, status: number, responseBody: unknown) => {
    const parsed = new URL(url, 'https://graph.invalid');
    calls.push({
      method,
      // Segment by segment, as the emulator routes: an id containing an encoded '/' stays one segment.
      path: routablePath(parsed.pathname).replace(/^\/v1\.0/i, ''),
      query: parsed.searchParams,
      requestBody,
      status,
      responseBody,
    });
  };
  for (const s of served) {
    if (!/^\/v1\.0\//i.test(s.url)) continue; // identity and Exchange's admin REST are not Graph
    if (/^\/v1\.0\/\$batch$/i.test(s.url)) {
      const requests = (parse(s.requestBody) as { requests: Array<{ id: string; method: string; url: string }> })
        .requests;
      const responses = (s.responseBody as { responses: Array<{ id: string; status: number; body?: unknown }> })
        .responses;
      for (const r of requests) {
        const answer = responses.find((a) => a.id === r.id)!;
        add(r.method, `/v1.0${r.url.startsWith('/') ? '' : '/'}${r.url}`, undefined, answer.status, answer.body);
      }
      continue;
    }
    add(s.method, s.url, parse(s.requestBody), s.status, s.responseBody);
  }
  return calls;
}

/** The shape of what a path answers to a method: a collection page, one object, or an operation's result. */
function answerType(call: GraphCall, resolved: Resolved): { type: string; page: boolean } | null {
  if (resolved.kind === 'operation') {
    // OData wraps a primitive or collection result in `value`; an entity or complex result is the body.
    const returns = resolved.operation.returns;
    if (!returns) return null;
    return { type: returns, page: returns.startsWith('Collection(') || returns.startsWith('Edm.') };
  }
  if (resolved.collection && call.method === 'GET') return { type: `Collection(${resolved.type})`, page: true };
  return { type: resolved.type, page: false };
}

function checkCall(call: GraphCall): string[] {
  const where = `${call.method} ${call.path}`;
  let resolved: Resolved;
  try {
    resolved = resolvePath(call.path);
  } catch (error) {
    if (error instanceof SchemaError) return [`${where}: ${error.message}`];
    throw error;
  }
  const problems = checkQuery(resolved, call.query, where);
  if (call.requestBody !== undefined) {
    if (resolved.kind === 'operation') {
      for (const [name, value] of Object.entries(call.requestBody as Record<string, unknown>)) {
        const type = resolved.operation.parameters[name];
        if (!type) problems.push(`${where} body: ${resolved.operation.name} has no parameter '${name}'`);
        else problems.push(...checkValue(value, type, `${where} body.${name}`, allowed));
      }
    } else problems.push(...checkValue(call.requestBody, resolved.type, `${where} body`, allowed));
  }
  const answer = answerType(call, resolved);
  if (call.status >= 200 && call.status < 300 && answer && call.responseBody !== undefined) {
    const body = call.responseBody as Record<string, unknown>;
    if (answer.page) {
      for (const key of Object.keys(body))
        if (key !== 'value' && !key.startsWith('@odata.')) problems.push(`${where}: a page has no member '${key}'`);
      problems.push(...checkValue(body.value, answer.type, `${where} value`, allowed));
    } else {
      problems.push(...checkValue(body, answer.type, `${where} answer`, allowed));
    }
  }
  return problems;
}

const routePattern = (path: string) => new RegExp(`^${path.replace(/:\w+/g, '[^/]+')}$`, 'i');

let b: Bench;
let calls: GraphCall[] = [];

beforeAll(async () => {
  b = await bench(scenario());
  const served: ServedExchange[] = [];
  const stop = b.emu.observe((exchange) => served.push(exchange));
  try {
    // A whole investigation, as from the case page.
    await investigatedCase(b, ADELE.upn);
    await probeCapabilities(b.tenant, ADELE.upn);
    // Every Graph containment action: dry run, change, read back, revert.
    const ctx: ActionContext = {
      graph: new GraphApi(b.tenant, { maxAttempts: 3 }),
      exchange: exchangeRunner(b.tenant),
      user: ADELE.upn,
    };
    const run = async <S>(action: ContainmentAction<S>, on: ActionContext, targets?: string[]) => {
      const plan = await action.plan(on, targets);
      await execute(action, on, plan);
      if (action.revert) await revert(action, on, plan);
    };
    await run(disableInboxRules, ctx);
    await run(revokeSessions, ctx);
    await run(blockSignIn, ctx);
    await run(revokeOAuthGrants, ctx);
    const megan = { ...ctx, user: 'megan.bowen@contoso.com' };
    const methods = await candidatesOf(removeAuthMethods, megan);
    await run(
      removeAuthMethods,
      megan,
      methods.map((m) => m.id).filter((id) => id.startsWith('microsoftAuthenticatorMethods|')),
    );
    await run(confirmCompromised, ctx);
    await run(resetPassword, ctx);
    await run(removeAdminRoles, { ...ctx, user: 'patti.fernandez@contoso.com' });
    await checkSending(b.tenant, ADELE.upn, new Date(Date.now() - 86_400_000).toISOString(), new Date());
    // Routes no flow above reaches, so that everything the emulator serves is checked too.
    const graph = ctx.graph;
    const answered = () => graphCalls(served).filter((c) => c.status < 300);
    for (const route of graphRoutes) {
      const pattern = routePattern(route.path);
      if (answered().some((c) => c.method === route.method && pattern.test(c.path))) continue;
      const extra = EXTRA[`${route.method} ${route.path}`];
      if (extra) await extra(graph);
    }
  } finally {
    stop();
  }
  calls = graphCalls(served);
}, 180_000);

afterAll(async () => {
  await b?.cleanup();
});

const user = encodeURIComponent(ADELE.upn);
const first = async (graph: GraphApi, path: string) =>
  encodeURIComponent((await graph.get<{ value: Array<{ id: string }> }>(path)).value[0]!.id);
/** Direct calls for the routes the flows do not reach, as a client following Microsoft's docs would make them. */
const EXTRA: Record<string, (graph: GraphApi) => Promise<unknown>> = {
  'GET /domains': (graph) => graph.get('/domains'),
  'GET /servicePrincipals': (graph) => graph.get('/servicePrincipals'),
  'POST /users/:id/mailFolders/:folder/messageRules': async (graph) => {
    const rule = await graph.post<{ id: string }>(`/users/${user}/mailFolders/inbox/messageRules`, {
      displayName: 'From partner',
      sequence: 7,
      isEnabled: true,
      conditions: { senderContains: ['adams'] },
      actions: { moveToFolder: 'AAMkAGI2TAAA=', stopProcessingRules: true },
    });
    await graph.delete(`/users/${user}/mailFolders/inbox/messageRules/${encodeURIComponent(rule.id)}`);
  },
  'GET /users/:id/mailboxSettings': (graph) => graph.get(`/users/${user}/mailboxSettings`),
  'PATCH /users/:id/mailboxSettings': (graph) =>
    graph.patch(`/users/${user}/mailboxSettings`, { automaticRepliesSetting: { status: 'disabled' } }),
  'GET /users/:id/mailFolders/:folder': (graph) => graph.get(`/users/${user}/mailFolders/sentitems`),
  'GET /roleManagement/directory/roleDefinitions': (graph) => graph.get('/roleManagement/directory/roleDefinitions'),
  'DELETE /users/:id/appRoleAssignments/:assignmentId': async (graph) =>
    graph.delete(`/users/${user}/appRoleAssignments/${await first(graph, `/users/${user}/appRoleAssignments`)}`),
  'GET /users/:id/memberOf': (graph) => graph.get(`/users/${user}/memberOf`),
  'POST /identityProtection/riskyUsers/dismiss': (graph) =>
    graph.post('/identityProtection/riskyUsers/dismiss', { userIds: [ADELE.id] }),
  'GET /security/alerts_v2/:alertId': async (graph) =>
    graph.get(`/security/alerts_v2/${await first(graph, '/security/alerts_v2')}`),
};

describe('Graph v1.0 schema conformance', () => {
  it('records the requests of every flow, and every emulator route answered at least once', () => {
    expect(calls.length).toBeGreaterThan(50);
    const unreached = graphRoutes
      .filter(
        (route) =>
          !calls.some((c) => c.status < 300 && c.method === route.method && routePattern(route.path).test(c.path)),
      )
      .map((route) => `${route.method} ${route.path}`);
    expect(unreached).toEqual([]);
  });

  it('every path, query property, request body and answer is declared in Graph v1.0', () => {
    const problems = [...new Set(calls.flatMap(checkCall))];
    expect(problems).toEqual([]);
  });

  it('every listed exception is still needed', () => {
    expect(EXCEPTIONS.filter((e) => !used.has(`${e.type} ${e.name}`))).toEqual([]);
  });

  it('the checks catch an undeclared path, query property and answered property', () => {
    const fake = (path: string, query: string, responseBody: unknown): GraphCall => ({
      method: 'GET',
      path,
      query: new URLSearchParams(query),
      requestBody: undefined,
      status: 200,
      responseBody,
    });
    expect(checkCall(fake('/users/x/mailFolders/inbox/messageRulez', '', undefined))).toEqual([
      "GET /users/x/mailFolders/inbox/messageRulez: microsoft.graph.mailFolder has no property, navigation or bound operation 'messageRulez'",
    ]);
    expect(checkCall(fake('/auditLogs/signIns', "$filter=userID eq 'x'&$select=id,ipAddres", undefined))).toEqual([
      "GET /auditLogs/signIns $filter: microsoft.graph.signIn has no property 'userID' (in 'userID')",
      "GET /auditLogs/signIns $select: microsoft.graph.signIn has no property 'ipAddres' (in 'ipAddres')",
    ]);
    expect(
      checkCall(
        fake('/admin/exchange/tracing/messageTraces', '', {
          value: [{ id: 'a', senderAddress: 'a@b.c', status: 'sent', messageTraceId: 'x', size: '12' }],
        }),
      ),
    ).toEqual([
      "GET /admin/exchange/tracing/messageTraces value[].status: 'sent' is not a member of microsoft.graph.exchangeMessageTraceStatus",
      "GET /admin/exchange/tracing/messageTraces value[]: microsoft.graph.exchangeMessageTrace declares no property 'messageTraceId'",
      'GET /admin/exchange/tracing/messageTraces value[].size: "12" is not Edm.Int32',
    ]);
    const post: GraphCall = {
      method: 'POST',
      path: '/security/auditLog/queries',
      query: new URLSearchParams(),
      requestBody: { displayName: 'x', userFilters: ['a@b.c'] },
      status: 201,
      responseBody: undefined,
    };
    expect(checkCall(post)).toEqual([
      "POST /security/auditLog/queries body: microsoft.graph.security.auditLogQuery declares no property 'userFilters'",
    ]);
    expect(
      checkCall(fake('/auditLogs/directoryAudits', "$filter=targetResources/any(t: t/userId eq 'x')", undefined)),
    ).toEqual([
      "GET /auditLogs/directoryAudits $filter: microsoft.graph.targetResource has no property 'userId' (in 't/userId')",
    ]);
    expect(CSDL.container.singletons.admin).toBe('microsoft.graph.admin');
  });
});
