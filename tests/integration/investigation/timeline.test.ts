import { describe, expect, it } from 'vitest';
import { investigate } from '../../../src/main/investigation/investigate.ts';
import { ADELE, scenario } from '../../support/emulator.ts';
import { bench, openCase } from '../../support/investigation.ts';
import { plansOf } from '../../support/query-plan.ts';
import { databaseOf } from '../../../src/main/store/case-file/raw-database.ts';

describe('timeline windows', () => {
  it('pages the whole timeline in time order by keyset, filters it, and uses the (at, id) index', async () => {
    const b = await bench(scenario());
    try {
      const caseId = await openCase(b, ADELE.upn);
      const result = await investigate({ file: b.app.cases.caseFile(caseId), tenant: b.tenant, actor: 'analyst@test' });
      const call = async (method: string, input: unknown) => {
        const r = await b.app.dispatch(method, input);
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        return r.value as never;
      };
      const seen: Array<{ id: number; at: string }> = [];
      let after: { at: string; id: number } | null = null;
      for (let page = 0; page < 100; page++) {
        const { events, hasMore } = (await call('timeline.window', { caseId, after, limit: 500 })) as {
          events: Array<{ id: number; at: string }>;
          hasMore: boolean;
        };
        seen.push(...events);
        if (!hasMore) break;
        after = { at: events.at(-1)!.at, id: events.at(-1)!.id };
      }
      expect(seen.length).toBe(result.events);
      expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
      expect(seen.map((e) => e.at)).toEqual([...seen.map((e) => e.at)].sort());

      const legacy = (await call('timeline.window', {
        caseId,
        filter: { sources: ['signIns'], text: 'Authenticated SMTP' },
      })) as { events: Array<{ summary: string; source: string }> };
      expect(legacy.events.length).toBeGreaterThanOrEqual(6);
      expect(legacy.events.every((e) => e.source === 'signIns' && e.summary.includes('Authenticated SMTP'))).toBe(true);
      const cited = seen.slice(0, 3) as Array<{ id: number; at: string; evidenceId?: number }>;
      const ids = [...new Set(cited.map((e) => e.evidenceId!))];
      const focus = (await call('timeline.window', { caseId, filter: { evidenceIds: ids } })) as {
        events: Array<{ evidenceId: number }>;
      };
      expect(focus.events.length).toBeGreaterThanOrEqual(ids.length);
      expect(focus.events.every((e) => ids.includes(e.evidenceId))).toBe(true);
      const none = (await call('timeline.count', { caseId, filter: { evidenceIds: [] } })) as { total: number };
      expect(none.total).toBe(0);
      const ng = (await call('timeline.count', { caseId, filter: { country: 'ng' } })) as { total: number };
      expect(ng.total).toBeGreaterThan(0);
      const odd = (await call('timeline.count', { caseId, filter: { text: '100%_\\' } })) as { total: number };
      expect(odd.total).toBe(0); // LIKE wildcards in the search text are literal

      // The store's own keyset page, as it runs it: a page after a position is an index range, never a scan.
      const file = b.app.cases.caseFile(caseId);
      const plans = plansOf(databaseOf(file), () => file.timeline.window({}, { at: '2026-01-01', id: 0 }, 200));
      expect(plans).toHaveLength(1);
      expect(plans[0]!.plan).toMatch(/SEARCH event USING (COVERING )?INDEX event_at/);
      expect(plans[0]!.plan).not.toMatch(/SCAN event/);
      expect((await b.app.dispatch('timeline.window', { caseId, filter: { sources: ['nope'] } })).ok).toBe(false);
    } finally {
      await b.cleanup();
    }
  });

  it('draws the attack’s shape per hour, offers the values to filter by, and keeps pins and notes in the log', async () => {
    const b = await bench(scenario());
    try {
      const caseId = await openCase(b, ADELE.upn);
      await investigate({ file: b.app.cases.caseFile(caseId), tenant: b.tenant, actor: 'analyst@test' });
      const call = async (method: string, input: unknown) => {
        const r = await b.app.dispatch(method, input);
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        return r.value as never;
      };
      const total = ((await call('timeline.count', { caseId })) as { total: number }).total;
      // The summary's counts come from cheap reads (largest evidence id, hourly counts): they equal real counts.
      const db = databaseOf(b.app.cases.caseFile(caseId));
      const summary = (await call('investigation.summary', { caseId })) as {
        evidenceCount: number;
        eventCount: number;
      };
      expect(summary.evidenceCount).toBe((db.prepare('SELECT count(*) AS n FROM evidence').get() as { n: number }).n);
      expect(summary.eventCount).toBe(total);
      const bySource = (await call('timeline.histogram', { caseId })) as {
        bucketMs: number;
        start: string;
        series: Array<{ key: string; counts: number[] }>;
      };
      expect(bySource.bucketMs).toBe(3_600_000);
      const sum = (h: typeof bySource) => h.series.flatMap((s) => s.counts).reduce((a, n) => a + n, 0);
      // The chart covers the investigation window; only snapshots' old dates (MFA methods) fall outside.
      expect(sum(bySource)).toBeGreaterThan(total - 10);
      expect(sum(bySource)).toBeLessThanOrEqual(total);
      // The spam run is the tallest bar of message trace.
      const trace = bySource.series.find((s) => s.key === 'messageTrace')!;
      expect(Math.max(...trace.counts)).toBeGreaterThan(100);
      const byCountry = (await call('timeline.histogram', {
        caseId,
        filter: { sources: ['signIns'] },
        groupBy: 'country',
      })) as typeof bySource;
      expect(byCountry.series.map((s) => s.key)).toContain('NG');
      expect(byCountry.series.length).toBeLessThanOrEqual(8);
      // Words are not in the hourly counts: that chart is drawn from the matching events themselves.
      const smtp = (await call('timeline.histogram', {
        caseId,
        filter: { text: 'Authenticated SMTP' },
      })) as typeof bySource;
      const smtpCount = (
        (await call('timeline.count', { caseId, filter: { text: 'Authenticated SMTP' } })) as { total: number }
      ).total;
      expect(sum(smtp)).toBe(smtpCount);
      const smtpScanned = (
        (await call('timeline.count', {
          caseId,
          filter: { text: 'Authenticated SMTP', from: '2000-01-01T00:00:00.000Z' },
        })) as { total: number }
      ).total;
      expect(smtpCount).toBe(smtpScanned); // the full-text index's own count agrees with the events'
      expect(sum(smtp)).toBeGreaterThan(0);

      const facets = (await call('timeline.facets', { caseId })) as {
        kinds: Array<{ value: string }>;
        clients: Array<{ value: string; count: number }>;
      };
      expect(facets.kinds.map((k) => k.value)).toContain('signin.failure');
      const client = facets.clients.find((c) => c.value === 'Authenticated SMTP')!;
      expect(client.count).toBeGreaterThan(0);
      expect(
        ((await call('timeline.count', { caseId, filter: { client: client.value } })) as { total: number }).total,
      ).toBe(client.count);
      // Counts from the hourly table and from the events agree (a time bound forces the scan).
      for (const filter of [{ sources: ['signIns'] }, { country: 'ng' }, { kinds: ['signin.failure'] }, {}]) {
        const fromHours = ((await call('timeline.count', { caseId, filter })) as { total: number }).total;
        const scanned = (
          (await call('timeline.count', { caseId, filter: { ...filter, from: '2000-01-01T00:00:00.000Z' } })) as {
            total: number;
          }
        ).total;
        expect(fromHours, JSON.stringify(filter)).toBe(scanned);
      }
      const kind = facets.kinds[0]!.value;
      const kindRows = (await call('timeline.window', { caseId, filter: { kinds: [kind] }, limit: 50 })) as {
        events: Array<{ kind: string; evidenceId: number; summary: string }>;
      };
      expect(kindRows.events.every((e) => e.kind === kind)).toBe(true);

      const target = kindRows.events[0]!;
      await call('timeline.pin', { caseId, evidenceId: target.evidenceId, pinned: true });
      await call('timeline.pin', { caseId, evidenceId: target.evidenceId, pinned: true }); // idempotent
      const noted = (await call('timeline.addNote', {
        caseId,
        evidenceId: target.evidenceId,
        text: 'First sign-in from the attacker’s network.',
      })) as { pins: Array<{ evidenceId: number; by: string }>; notes: Array<{ text: string }> };
      expect(noted.pins).toEqual([expect.objectContaining({ evidenceId: target.evidenceId, by: 'analyst@test' })]);
      expect(noted.notes.map((n) => n.text)).toEqual(['First sign-in from the attacker’s network.']);
      const unpinned = (await call('timeline.pin', { caseId, evidenceId: target.evidenceId, pinned: false })) as {
        pins: unknown[];
      };
      expect(unpinned.pins).toEqual([]);
      const log = b.app.cases.caseFile(caseId).listLog(0, 100).entries;
      expect(log.filter((e) => e.kind.startsWith('event.')).map((e) => e.kind)).toEqual([
        'event.pinned',
        'event.noted',
        'event.unpinned',
      ]);
      expect(log.find((e) => e.kind === 'event.noted')?.payload.summary).toBe(target.summary);
      const missing = await b.app.dispatch('timeline.pin', { caseId, evidenceId: 99_999_999, pinned: true });
      expect(!missing.ok && missing.error.code).toBe('not_found');
    } finally {
      await b.cleanup();
    }
  });
});
