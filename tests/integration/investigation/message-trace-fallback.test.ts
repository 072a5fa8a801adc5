import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../../src/main/emulator/index.ts';
import { invokeCommand } from '../../../src/main/exchange/admin-client.ts';
import { messageTraceV2 } from '../../../src/main/exchange/message-trace.ts';
import { userCollector } from '../../../src/main/graph/collectors/identity.ts';
import { messageTraceCollector } from '../../../src/main/graph/collectors/mail.ts';
import { defaultWindow } from '../../../src/main/investigation/investigate.ts';
import { probeCapabilities } from '../../../src/main/investigation/probes.ts';
import { runCollection } from '../../../src/main/investigation/run-collection.ts';
import { SOURCES } from '../../../src/main/investigation/sources.ts';
import { checkSending } from '../../../src/main/unblock/sending-watch.ts';
import { ADELE, scenario } from '../../support/emulator.ts';
import { checkValue } from '../../support/graph-csdl.ts';
import { bench, openCase, type Bench } from '../../support/investigation.ts';

const DAY = 86_400_000;

/** Graph's message trace refused: not provisioned in the tenant (404), or the app lacks its permission (403). */
function notProvisioned(base: Scenario = scenario()): Scenario {
  const s = structuredClone(base);
  s.tenant.graphMessageTrace = false;
  return s;
}
function withoutGraphPermission(): Scenario {
  const s = scenario();
  s.apps[0]!.applicationPermissions = s.apps[0]!.applicationPermissions.filter(
    (p) => p !== 'ExchangeMessageTrace.Read.All',
  );
  return s;
}

async function collectTrace(b: Bench, exchangeAllowed = true) {
  const caseId = exchangeAllowed
    ? await openCase(b, ADELE.upn)
    : b.app.cases.create({ upn: ADELE.upn, tenant: 'contoso.com', blockedAt: null }).id;
  const store = b.app.cases.caseFile(caseId).investigation;
  const window = defaultWindow(b.app.cases.caseFile(caseId).header.blockedAt, Date.now());
  const result = await runCollection({
    store,
    tenant: b.tenant,
    upn: ADELE.upn,
    window,
    collectors: [userCollector, messageTraceCollector],
  });
  const coverage = result.coverage.find((c) => c.source === 'messageTrace')!;
  const rows = [...store.evidence(['messageTrace'])].map((e) => e.body);
  return { coverage, rows, window };
}

/** The scenario's own rows for Adele in the window: the known answer, read from the data, not the collector. */
function expectedRows(b: Bench, window: { start: string; end: string }) {
  const from = Math.max(Date.parse(window.start), Date.now() - 90 * DAY + 60_000);
  return b.emu.state.scenario.messageTraces.filter(
    (r) =>
      r.senderAddress.toLowerCase() === ADELE.upn &&
      Date.parse(r.receivedDateTime) >= from &&
      Date.parse(r.receivedDateTime) <= Date.parse(window.end),
  );
}

/** What both paths must agree on, with times compared as instants. */
const comparable = (r: Record<string, unknown>) =>
  JSON.stringify([
    r.id,
    Date.parse(String(r.receivedDateTime)),
    r.recipientAddress,
    r.subject,
    r.status,
    r.size,
    r.fromIP ?? null,
  ]);

describe('message trace: Graph, or Exchange Get-MessageTraceV2 where Graph refuses it', () => {
  it('collects the same records through Get-MessageTraceV2 when Graph message trace is not provisioned, and says so', async () => {
    // One scenario for both, so both tenants carry the same times.
    const base = scenario();
    const graph = await bench(base);
    const exchange = await bench(notProvisioned(base));
    try {
      const viaGraph = await collectTrace(graph);
      const viaExchange = await collectTrace(exchange);
      const expected = expectedRows(exchange, viaExchange.window);
      expect(expected.length).toBeGreaterThan(100);

      expect(viaGraph.coverage).toMatchObject({ status: 'completed', reason: null });
      expect(viaGraph.coverage.detail).toBe(
        'Collected through Microsoft Graph (/admin/exchange/tracing/messageTraces).',
      );
      expect(viaExchange.coverage).toMatchObject({ status: 'completed', reason: null, fix: null });
      expect(viaExchange.coverage.detail).toBe(
        "Collected through Exchange Online (Get-MessageTraceV2): Graph's message trace was refused (Message trace is not available for this tenant.).",
      );
      expect(viaExchange.rows).toHaveLength(expected.length);
      expect(viaExchange.rows.map(comparable).sort()).toEqual(viaGraph.rows.map(comparable).sort());
      expect(viaExchange.rows.map(comparable).sort()).toEqual(
        expected.map((r) => comparable(r as Record<string, unknown>)).sort(),
      );
      // Graph-shaped as Microsoft's v1.0 schema declares exchangeMessageTrace.
      expect(
        viaExchange.rows.flatMap((r) => checkValue(r, 'microsoft.graph.exchangeMessageTrace', 'row', () => false)),
      ).toEqual([]);
      // It went through the real client: Graph's 404 first, then the cmdlet.
      expect(exchange.emu.requestLog.filter((r) => r.startsWith('GET /v1.0/admin/exchange/tracing'))).toHaveLength(1);
      expect(exchange.emu.requestLog.some((r) => /^POST \/adminapi\/beta\/.+\/InvokeCommand$/.test(r))).toBe(true);
    } finally {
      await graph.cleanup();
      await exchange.cleanup();
    }
  });

  it('falls back when the app lacks ExchangeMessageTrace.Read.All (403)', async () => {
    const b = await bench(withoutGraphPermission());
    try {
      const { coverage, rows, window } = await collectTrace(b);
      expect(coverage).toMatchObject({ status: 'completed', reason: null });
      expect(coverage.detail).toMatch(
        /^Collected through Exchange Online \(Get-MessageTraceV2\): .+refused \(Access denied/,
      );
      expect(rows).toHaveLength(expectedRows(b, window).length);
    } finally {
      await b.cleanup();
    }
  });

  it('is unavailable, naming both refusals and both grants, when Exchange refuses the cmdlet too', async () => {
    const s = notProvisioned();
    s.apps[0]!.exchangePermissions = [];
    const b = await bench(s);
    try {
      const { coverage, rows } = await collectTrace(b, false);
      expect(rows).toEqual([]);
      expect(coverage).toMatchObject({ status: 'unavailable', reason: 'not_found', fix: SOURCES.messageTrace.fix });
      expect(coverage.detail).toBe(
        'Graph refused message trace (Message trace is not available for this tenant.), and Exchange Online refused Get-MessageTraceV2 (Exchange Online refused Get-MessageTraceV2.).',
      );
    } finally {
      await b.cleanup();
    }
  });

  it('the capability probe says which way works', async () => {
    const graph = await bench(scenario());
    const exchange = await bench(notProvisioned());
    const s = notProvisioned();
    s.apps[0]!.exchangePermissions = [];
    const neither = await bench(s);
    try {
      const trace = async (b: Bench) =>
        (await probeCapabilities(b.tenant, ADELE.upn)).find((c) => c.source === 'messageTrace');
      expect(await trace(graph)).toEqual({
        source: 'messageTrace',
        available: true,
        reason: null,
        detail: null,
        fix: null,
      });
      expect(await trace(exchange)).toEqual({
        source: 'messageTrace',
        available: true,
        reason: null,
        detail:
          "Graph refused message trace (Message trace is not available for this tenant.); Exchange Online's Get-MessageTraceV2 answers instead.",
        fix: null,
      });
      expect(await trace(neither)).toMatchObject({
        source: 'messageTrace',
        available: false,
        reason: 'not_found',
        detail: "Message trace is not available for this tenant. Exchange Online's Get-MessageTraceV2 was refused too.",
        fix: SOURCES.messageTrace.fix,
      });
    } finally {
      await graph.cleanup();
      await exchange.cleanup();
      await neither.cleanup();
    }
  });

  it('the emulator cuts Get-MessageTraceV2 with a warning, and the client continues from the last row without loss or duplicates', async () => {
    const b = await bench(scenario());
    try {
      const end = new Date().toISOString();
      const start = new Date(Date.now() - 10 * DAY).toISOString();
      const first = await invokeCommand(b.tenant, 'Get-MessageTraceV2', {
        SenderAddress: ADELE.upn,
        StartDate: start.slice(0, 19),
        EndDate: end.slice(0, 19),
        ResultSize: 7,
      });
      expect(first.rows).toHaveLength(7);
      expect(first.rows[0]).toMatchObject({
        'Received@data.type': 'System.DateTime',
        'Size@data.type': 'System.Int32',
      });
      expect(String(first.rows[0]!.Received)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
      expect(first.warnings).toEqual([
        `There are more results, use the following command to get more. Get-MessageTraceV2 -StartDate "${start.slice(0, 19)}" -EndDate "${String(first.rows[6]!.Received)}" -StartingRecipientAddress "${String(first.rows[6]!.RecipientAddress)}" -ResultSize 7`,
      ]);

      const pages = [];
      for await (const page of messageTraceV2(b.tenant, { sender: ADELE.upn, start, end }, { resultSize: 25 }))
        pages.push(page);
      const rows = pages.flatMap((p) => p.rows);
      const expected = b.emu.state.scenario.messageTraces.filter(
        (r) =>
          r.senderAddress === ADELE.upn &&
          Date.parse(r.receivedDateTime) >= Date.parse(start.slice(0, 19) + 'Z') &&
          Date.parse(r.receivedDateTime) <= Date.parse(end.slice(0, 19) + 'Z'),
      );
      expect(expected.length).toBeGreaterThan(14);
      expect(pages.length).toBeGreaterThan(2);
      expect(rows.map((r) => `${String(r.id)}|${String(r.recipientAddress)}`).sort()).toEqual(
        expected.map((r) => `${r.id}|${r.recipientAddress}`).sort(),
      );
    } finally {
      await b.cleanup();
    }
  });

  it('the emulator refuses what the cmdlet refuses: more than 10 days, one date without the other', async () => {
    const b = await bench(scenario());
    try {
      const at = (days: number) => new Date(Date.now() - days * DAY).toISOString().slice(0, 19);
      await expect(
        invokeCommand(b.tenant, 'Get-MessageTraceV2', { StartDate: at(12), EndDate: at(1) }),
      ).rejects.toMatchObject({
        message: 'errors.exchangeFailed',
        params: { detail: 'The date range cannot be more than 10 days.' },
      });
      await expect(invokeCommand(b.tenant, 'Get-MessageTraceV2', { StartDate: at(2) })).rejects.toMatchObject({
        params: { detail: 'Both StartDate and EndDate must be specified.' },
      });
      await expect(
        invokeCommand(b.tenant, 'Get-MessageTraceV2', { SenderAddress: ADELE.upn, Recipient: 'x@y.z' }),
      ).rejects.toMatchObject({
        params: { detail: "A parameter cannot be found that matches parameter name 'Recipient'." },
      });
    } finally {
      await b.cleanup();
    }
  });

  it('the sending watch reads the same answer through either path', async () => {
    const base = scenario();
    const graph = await bench(base);
    const exchange = await bench(notProvisioned(base));
    try {
      const delivered = graph.emu.state.scenario.messageTraces
        .filter(
          (r) =>
            r.senderAddress === ADELE.upn && r.status === 'delivered' && Date.parse(r.receivedDateTime) < Date.now(),
        )
        .map((r) => r.receivedDateTime)
        .sort();
      const since = new Date(Date.parse(delivered.at(-3)!) - 1000).toISOString();
      const now = new Date();
      const viaGraph = await checkSending(graph.tenant, ADELE.upn, since, now);
      const viaExchange = await checkSending(exchange.tenant, ADELE.upn, since, now);
      expect(Date.parse(viaGraph.resumedAt!)).toBe(Date.parse(delivered.at(-3)!));
      expect(Date.parse(viaExchange.resumedAt!)).toBe(Date.parse(delivered.at(-3)!));
    } finally {
      await graph.cleanup();
      await exchange.cleanup();
    }
  });
});
