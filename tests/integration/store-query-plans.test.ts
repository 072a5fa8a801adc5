import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { databaseOf } from '../../src/main/store/case-file/raw-database.ts';
import { plansOf } from '../support/query-plan.ts';
import { makeTempDir } from '../support/temp-dir.ts';

/**
 * The plans of the store's own statements (captured as the store runs them, with its parameters): the reads
 * a million-event case depends on must stay index searches. A query rewritten into a scan fails here.
 */
const tmp = makeTempDir();
let file: CaseFile;

beforeAll(() => {
  file = CaseFile.create(join(tmp.dir, 'plans.clearance'), {
    id: '0b6c3c52-41b4-4a8f-9b3e-5d8f5b8f0f11',
    upn: 'anna@contoso.com',
    tenant: 'contoso.onmicrosoft.com',
    blockedAt: '2026-11-20T08:15:00.000Z',
    createdAt: '2026-11-26T10:00:00.000Z',
    createdBy: 'ana@ws1',
    status: 'open',
  });
  const store = file.investigation;
  const runId = store.startRun({
    startedAt: '2026-11-26T10:01:00.000Z',
    windowStart: '2026-11-10T00:00:00.000Z',
    windowEnd: '2026-11-20T09:00:00.000Z',
    userId: null,
    sources: ['signIns'],
  });
  const items = Array.from({ length: 50 }, (_, i) => ({
    key: `s${i}`,
    body: { id: `s${i}`, createdDateTime: `2026-11-19T${String(i % 24).padStart(2, '0')}:00:00Z` },
  }));
  store.storePage(
    runId,
    'signIns',
    { request: 'GET /auditLogs/signIns', fetchedAt: '2026-11-26T10:02:00Z', items },
    null,
  );
  store.replaceEvents(
    items.map((item, i) => ({
      at: item.body.createdDateTime.replace('Z', '.000Z'),
      source: 'signIns' as const,
      kind: 'signIn',
      actor: 'anna@contoso.com',
      ip: '203.0.113.9',
      country: 'DK',
      client: 'Browser',
      userAgent: null,
      summary: 'Sign-in',
      severity: i % 7 === 0 ? ('high' as const) : ('info' as const),
      evidenceId: i + 1,
    })),
  );
});
afterAll(() => {
  file.close();
  tmp.cleanup();
});

const only = (plans: ReturnType<typeof plansOf>) => {
  expect(plans).toHaveLength(1);
  return plans[0]!.plan;
};

describe("the store's statements use their indexes", () => {
  it('pages the log by primary key', () => {
    expect(only(plansOf(databaseOf(file), () => file.listLog(0, 10)))).toMatch(
      /SEARCH log USING INTEGER PRIMARY KEY \(rowid>\?\)/,
    );
  });

  it('pages the timeline after a keyset position by the (at, id) index', () => {
    const plan = only(plansOf(databaseOf(file), () => file.timeline.window({}, { at: '2026-11-19', id: 0 }, 200)));
    expect(plan).toMatch(/SEARCH event USING (COVERING )?INDEX event_at/);
    expect(plan).not.toMatch(/SCAN event\b/);
  });

  it('pages the full timeline export by the (at, id) index', () => {
    const plan = only(plansOf(databaseOf(file), () => file.timeline.exportPage({ at: '', id: 0 }, 5000)));
    expect(plan).toMatch(/SEARCH event USING (COVERING )?INDEX event_at/);
  });

  it("reads the report's attack window as a time range, counted and ranked", () => {
    const plans = plansOf(databaseOf(file), () =>
      file.timeline.mostSevere('2026-11-19T05:00:00.000Z', '2026-11-19T09:00:00.000Z', 10),
    );
    expect(plans).toHaveLength(2);
    for (const { plan } of plans)
      expect(plan).toMatch(/SEARCH event USING (COVERING )?INDEX event_at \(at>\? AND at<\?\)/);
  });

  it("reads one source's evidence by the (source, id) index", () => {
    const plans = plansOf(databaseOf(file), () => [...file.investigation.evidence(['signIns'])]);
    expect(plans.length).toBeGreaterThan(0);
    expect(plans[0]!.plan).toMatch(
      /SEARCH evidence USING (COVERING )?INDEX evidence_source_id|SEARCH evidence USING INTEGER PRIMARY KEY/,
    );
  });

  it('finds the newest event from the index end, not a scan', () => {
    expect(only(plansOf(databaseOf(file), () => file.timeline.lastEventAt()))).toMatch(
      /SEARCH event USING (COVERING )?INDEX event_at/,
    );
  });
});
