// Collection: every source for the demo's compromised user from the emulator with latency on every call
// and Graph's throttling budgets, Clearance's concurrent runner against a naive one source at a time,
// page after page. The emulator runs in this process; the clients go through HTTPS as in the app.
import { loadScenarioFile, startEmulator, AUDIT_QUERY_TIMING } from '../../src/main/emulator/index.ts';
import { defaultWindow } from '../../src/main/investigation/investigate.ts';
import { runCollection } from '../../src/main/investigation/run-collection.ts';
import { emulatorConnection } from '../../src/main/tenant/demo-tenant.ts';
import { report, tempCase } from './common.ts';

const LATENCY_MS = Number(process.argv[2] ?? 60);
AUDIT_QUERY_TIMING.notStartedMs = 500;
AUDIT_QUERY_TIMING.runningMs = 1500;

const scenario = loadScenarioFile(
  new URL('../../resources/scenarios/contoso.json', import.meta.url).pathname,
  new Date(),
);
const emu = await startEmulator({ scenario, owned: true, limits: 'graph' });
const tenant = emulatorConnection(emu, { closeEmulator: false });

async function measure(concurrency: number) {
  const bench = tempCase();
  const store = bench.file.investigation;
  const start = performance.now();
  const result = await runCollection({
    store,
    tenant,
    upn: 'adele.vance@contoso.com',
    window: defaultWindow('2026-11-20T09:00:00Z', Date.now()),
    concurrency,
  });
  const ms = performance.now() - start;
  const records = result.coverage.reduce((n, c) => n + c.records, 0);
  const pages = result.coverage.reduce((n, c) => n + c.pages, 0);
  bench.done();
  // Throttling budgets are per tenant and sliding: let them drain between the two runs.
  emu.faults.clear();
  emu.faults.add({ fault: { kind: 'latency', ms: LATENCY_MS } });
  return { ms, records, pages, status: result.status };
}

const naive = await measure(1);
const ours = await measure(6);
await emu.close();
report({
  task: 'collect',
  latencyMs: LATENCY_MS,
  records: ours.records,
  pages: ours.pages,
  naiveMs: Math.round(naive.ms),
  clearanceMs: Math.round(ours.ms),
  speedup: Number((naive.ms / ours.ms).toFixed(2)),
  target: '≥ 3× faster than naive',
});
