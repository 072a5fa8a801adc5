import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/main/app/create-app.ts';
import { silentLogger } from '../../../src/main/core/logger.ts';
import { startEmulator, type RunningEmulator, type Scenario } from '../../../src/main/emulator/index.ts';
import { defaultWindow } from '../../../src/main/investigation/investigate.ts';
import { runCollection } from '../../../src/main/investigation/run-collection.ts';
import type { TenantConnection } from '../../../src/main/tenant/tenant-connection.ts';
import type { CaseFile } from '../../../src/main/store/case-file/case-file.ts';
import { ADELE, scenario } from '../../support/emulator.ts';
import { connect } from '../../support/investigation.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

/** Evidence per source, and how many rows share a key (a duplicate would). */
function tally(store: CaseFile['investigation']): { counts: Record<string, number>; repeated: number } {
  const counts: Record<string, number> = {};
  const seen = new Set<string>();
  let repeated = 0;
  for (const e of store.evidence()) {
    counts[e.source] = (counts[e.source] ?? 0) + 1;
    const body = e.body as { id?: unknown };
    const key = `${e.source}:${typeof body.id === 'string' ? body.id : JSON.stringify(body)}`;
    if (seen.has(key)) repeated++;
    seen.add(key);
  }
  return { counts, repeated };
}

let tmp: ReturnType<typeof makeTempDir>;
let app: App;
const emulators: RunningEmulator[] = [];
let s: Scenario;

/** One emulator of the same tenant (the same scenario object, so the same records), on a new port. */
async function restart(): Promise<{ emu: RunningEmulator; tenant: TenantConnection }> {
  for (const old of emulators.splice(0)) await old.close();
  const emu = await startEmulator({ scenario: s, limits: 'none' });
  emulators.push(emu);
  return { emu, tenant: connect(emu) };
}

beforeEach(() => {
  tmp = makeTempDir();
  s = scenario();
  app = createApp({ mode: 'cli', dataDir: tmp.dir, actor: 'analyst@test', logger: silentLogger, tenant: null });
});
afterEach(async () => {
  await app.close();
  for (const emu of emulators.splice(0)) await emu.close();
  tmp.cleanup();
});

describe('resuming a collection after the endpoint changed', () => {
  it('resumes on another port: a gone audit query is made again, page cursors are Graph paths, nothing lost or doubled', async () => {
    const first = await restart();
    const file = app.cases.create({ upn: ADELE.upn, tenant: 'contoso.com', blockedAt: null });
    const store = app.cases.caseFile(file.id).investigation;
    const window = defaultWindow(null, Date.now());

    // 1. Interrupted right after the audit-log query was created: its id is the stored cursor.
    const stop1 = new AbortController();
    const run1 = await runCollection({
      store,
      tenant: first.tenant,
      upn: ADELE.upn,
      window,
      concurrency: 1,
      signal: stop1.signal,
      onProgress: (p) => {
        if (p.source === 'auditLog' && p.pages === 1) stop1.abort();
      },
    });
    expect(run1.status).toBe('cancelled');
    expect(store.sourceCursor(run1.runId, 'auditLog')?.cursor).toMatch(/^[0-9a-f-]{36}\|$/);

    // 2. The emulator restarted on another port, without that query: a new one for the same window.
    //    Interrupted again after the first page of sent items, whose next page is the stored cursor.
    const second = await restart();
    expect(second.emu.baseUrl).not.toBe(first.emu.baseUrl);
    const stop2 = new AbortController();
    const run2 = await runCollection({
      store,
      tenant: second.tenant,
      upn: ADELE.upn,
      window,
      concurrency: 1,
      signal: stop2.signal,
      onProgress: (p) => {
        if (p.source === 'sentItems' && p.pages === 1) stop2.abort();
      },
    });
    expect(run2).toMatchObject({ runId: run1.runId, resumed: true, status: 'cancelled' });
    expect(run2.coverage.find((c) => c.source === 'auditLog')).toMatchObject({ status: 'completed' });
    const cursor = store.sourceCursor(run1.runId, 'sentItems')?.cursor ?? '';
    expect(cursor).toMatch(/^\/v1\.0\/users\/[^?]+\/mailFolders\/sentitems\/messages\?/i);
    expect(cursor).not.toContain('127.0.0.1');

    // 3. Restarted once more on another port: the run completes from the stored page.
    const third = await restart();
    const run3 = await runCollection({ store, tenant: third.tenant, upn: ADELE.upn, window });
    expect(run3).toMatchObject({ runId: run1.runId, resumed: true, status: 'completed' });
    expect(run3.coverage.filter((c) => c.status !== 'completed')).toEqual([]);
    expect(run3.coverage.find((c) => c.source === 'sentItems')!.pages).toBe(3);

    // The same tenant collected in one go, into another case: the same evidence, source by source.
    const reference = app.cases.create({ upn: ADELE.upn, tenant: 'contoso.com', blockedAt: null });
    const referenceStore = app.cases.caseFile(reference.id).investigation;
    const whole = await runCollection({ store: referenceStore, tenant: third.tenant, upn: ADELE.upn, window });
    expect(whole.status).toBe('completed');

    const resumed = tally(store);
    const expected = tally(referenceStore);
    expect(resumed.repeated).toBe(0);
    expect(expected.repeated).toBe(0);
    expect(expected.counts.auditLog).toBeGreaterThan(0);
    expect(expected.counts.sentItems).toBeGreaterThan(1000);
    expect(resumed.counts).toEqual(expected.counts);
  }, 120_000);
});
