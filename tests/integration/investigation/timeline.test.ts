import { describe, expect, it } from 'vitest';
import { investigate } from '../../../src/main/investigation/investigate.ts';
import { ADELE, scenario } from '../../support/emulator.ts';
import { bench, openCase } from '../../support/investigation.ts';

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

      const plan = b.app.cases
        .caseFile(caseId)
        .database.prepare(
          "EXPLAIN QUERY PLAN SELECT * FROM event WHERE (at, id) > ('2026-01-01', 0) ORDER BY at, id LIMIT 200",
        )
        .all() as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX event_at/);
      expect((await b.app.dispatch('timeline.window', { caseId, filter: { sources: ['nope'] } })).ok).toBe(false);
    } finally {
      await b.cleanup();
    }
  });
});
