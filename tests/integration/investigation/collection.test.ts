import { describe, expect, it } from 'vitest';
import { defaultWindow } from '../../../src/main/investigation/investigate.ts';
import { runCollection } from '../../../src/main/investigation/run-collection.ts';
import type { InvestigationStore } from '../../../src/main/store/case-file/investigation-store.ts';
import { ADELE, scenario } from '../../support/emulator.ts';
import { bench, openCase, type Bench } from '../../support/investigation.ts';

function counts(store: InvestigationStore): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of store.evidence()) out[e.source] = (out[e.source] ?? 0) + 1;
  return out;
}

function expectedFor(b: Bench, windowStart: string) {
  const s = b.emu.state.scenario;
  const user = b.emu.state.user(ADELE.upn)!;
  return {
    signIns: s.signIns.filter((x) => x.userId === ADELE.id && Date.parse(x.createdDateTime) >= Date.parse(windowStart))
      .length,
    sentItems: user.mailbox!.sentItems.filter((m) => Date.parse(m.sentDateTime) >= Date.parse(windowStart)).length,
  };
}

describe('collection', () => {
  it('completes every source through 429 storms, dropped connections, 5xx and an expired token, without duplicates', async () => {
    const b = await bench(scenario());
    try {
      b.emu.faults.add({
        path: '^/v1\\.0/auditLogs/signIns',
        times: 3,
        fault: { kind: 'status', status: 429, retryAfter: 0.2 },
      });
      b.emu.faults.add({ path: '^/v1\\.0/auditLogs/directoryAudits', times: 1, fault: { kind: 'reset' } });
      b.emu.faults.add({
        path: 'sentitems/messages',
        times: 2,
        fault: { kind: 'status', status: 503, retryAfter: 0.1 },
      });
      b.emu.faults.add({ path: '^/v1\\.0/admin/exchange/tracing', times: 1, fault: { kind: 'expireToken' } });
      b.emu.faults.add({
        path: '/authentication/methods',
        times: 1,
        fault: { kind: 'status', status: 500, retryAfter: 0.1 },
      });
      const caseId = await openCase(b, ADELE.upn);
      const file = b.app.cases.caseFile(caseId);
      const store = file.investigation;
      const window = defaultWindow(file.header.blockedAt, Date.now());
      const etas: Array<number | null | undefined> = [];
      const result = await runCollection({
        store,
        tenant: b.tenant,
        upn: ADELE.upn,
        window,
        onProgress: (p) => p.source === 'messageTrace' && etas.push(p.etaMs),
      });
      expect(result.status).toBe('completed');
      expect(etas.some((e) => typeof e === 'number')).toBe(true); // message trace knows its slices: an ETA
      expect(result.coverage.filter((c) => c.status !== 'completed')).toEqual([]);
      expect(result.coverage.find((c) => c.source === 'signIns')!.throttleWaits).toBeGreaterThanOrEqual(3);
      const got = counts(store);
      const expected = expectedFor(b, window.start);
      expect(got.signIns).toBe(expected.signIns);
      expect(got.sentItems).toBe(expected.sentItems);
    } finally {
      await b.cleanup();
    }
  });

  it('resumes an interrupted run from the last stored page, losing and duplicating nothing', async () => {
    const b = await bench(scenario());
    try {
      const caseId = await openCase(b, ADELE.upn);
      const file = b.app.cases.caseFile(caseId);
      const store = file.investigation;
      const window = defaultWindow(file.header.blockedAt, Date.now());
      const controller = new AbortController();
      const first = await runCollection({
        store,
        tenant: b.tenant,
        upn: ADELE.upn,
        window,
        signal: controller.signal,
        concurrency: 1,
        onProgress: (p) => {
          if (p.source === 'sentItems' && p.pages === 1) controller.abort(); // the connection drops mid-source
        },
      });
      expect(first.status).toBe('cancelled');
      const partial = counts(store).sentItems ?? 0;
      expect(partial).toBe(1000);
      expect(store.unfinishedRun()?.id).toBe(first.runId);

      const second = await runCollection({ store, tenant: b.tenant, upn: ADELE.upn, window });
      expect(second.resumed).toBe(true);
      expect(second.runId).toBe(first.runId);
      expect(second.status).toBe('completed');
      expect(second.coverage.find((c) => c.source === 'sentItems')!.pages).toBe(3);
      const expected = expectedFor(b, window.start);
      expect(counts(store).sentItems).toBe(expected.sentItems);
      expect(counts(store).signIns).toBe(expected.signIns);
    } finally {
      await b.cleanup();
    }
  });

  it('says which sources a grant does not allow, and what to grant', async () => {
    const s = scenario();
    s.apps[0]!.applicationPermissions = s.apps[0]!.applicationPermissions.filter(
      (p) => !/^AuditLog\.|^UserAuthenticationMethod\./.test(p),
    );
    s.apps[0]!.exchangePermissions = [];
    const b = await bench(s);
    try {
      const caseId = await openCase(b, ADELE.upn).catch(
        () => b.app.cases.create({ upn: ADELE.upn, tenant: 'contoso.com', blockedAt: null }).id,
      );
      const file = b.app.cases.caseFile(caseId);
      const store = file.investigation;
      const result = await runCollection({
        store,
        tenant: b.tenant,
        upn: ADELE.upn,
        window: defaultWindow(null, Date.now()),
      });
      const by = Object.fromEntries(result.coverage.map((c) => [c.source, c]));
      expect(by.signIns).toMatchObject({ status: 'unavailable', reason: 'permission' });
      expect(by.signIns!.fix).toContain('AuditLog.Read.All');
      expect(by.authMethods).toMatchObject({ status: 'unavailable', reason: 'permission' });
      expect(by.mailboxForwarding).toMatchObject({ status: 'unavailable', reason: 'exchange' });
      expect(by.mailboxForwarding!.fix).toContain('Exchange.ManageAsApp');
      expect(by.inboxRules).toMatchObject({ status: 'completed' });
    } finally {
      await b.cleanup();
    }
  });
});

describe('$batch', () => {
  it('looks several objects up in one call, retrying the items Graph throttled inside the batch', async () => {
    const { GraphApi } = await import('../../../src/main/graph/graph-api.ts');
    const b = await bench(scenario());
    try {
      b.emu.faults.setBudget('directory', { limit: 3, windowMs: 1000, retryAfter: 1 });
      const ids = b.emu.state
        .users()
        .slice(0, 5)
        .map((u) => String(u.user.id));
      const waits: number[] = [];
      const results = await new GraphApi(b.tenant).batchGet(
        [...ids.map((id) => `/users/${id}`), '/users/00000000-0000-4000-8000-000000000000'],
        { onWait: (ms) => waits.push(ms) },
      );
      expect(results.slice(0, 5).map((r) => r?.id)).toEqual(ids);
      expect(results[5]).toBeNull(); // no such user
      expect(waits.length).toBeGreaterThan(0);
      expect(b.emu.requestLog.filter((r) => r === 'POST /v1.0/$batch').length).toBeGreaterThanOrEqual(2);
      expect(b.emu.requestLog.some((r) => r.startsWith('GET /v1.0/users/'))).toBe(false);
    } finally {
      await b.cleanup();
    }
  });
});
