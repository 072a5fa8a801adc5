import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { expandGenerated } from '../../src/main/emulator/scenario/generate.ts';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import type { InvestigationStore } from '../../src/main/store/case-file/investigation-store.ts';
import type { SourceId } from '../../src/shared/domain/investigation.ts';

export function tempCase(): { file: CaseFile; dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'clearance-bench-'));
  const file = CaseFile.create(join(dir, 'bench.clearance'), {
    id: '7c1e9a52-4b3d-4f6a-8e2c-0d9b8a7f6e5d',
    upn: 'bulk.user@large.example',
    tenant: 'large.example',
    blockedAt: '2026-11-20T09:00:00.000Z',
    createdAt: new Date().toISOString(),
    createdBy: 'bench',
    status: 'open',
  });
  return {
    file,
    dir,
    done: () => {
      file.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function time<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

/** One line of JSON on stdout: the parent collects it (with this process's own peak memory). */
export function report(result: Record<string, unknown>): void {
  process.stdout.write(
    `${JSON.stringify({ ...result, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
}

type Scenario = ReturnType<typeof expandGenerated>;

/** The large scenario's generated records, per evidence source, for its first (blocked) user. */
export function scenarioSources(scenario: Scenario): Array<[SourceId, Array<Record<string, unknown>>]> {
  const user = scenario.users[0]!;
  return [
    ['signIns', scenario.signIns],
    ['directoryAudits', scenario.directoryAudits],
    ['auditLog', scenario.auditRecords],
    ['messageTrace', scenario.messageTraces],
    ['sentItems', user.mailbox!.sentItems],
  ];
}

/**
 * Stores records as a finished collection run does (pages of 5,000 per source, each source completed),
 * emptying each list once stored so the records live only in the case file. Returns how many were stored.
 */
export function storeAsCollection(
  store: InvestigationStore,
  userId: string,
  sources: Array<[SourceId, Array<Record<string, unknown>>]>,
): number {
  const runId = store.startRun({
    startedAt: new Date().toISOString(),
    windowStart: '2026-10-01T00:00:00.000Z',
    windowEnd: '2026-11-21T00:00:00.000Z',
    userId,
    sources: sources.map(([s]) => s),
  });
  let stored = 0;
  for (const [source, list] of sources) {
    for (let i = 0; i < list.length; i += 5000) {
      const items = list.slice(i, i + 5000).map((body) => ({ key: String(body.id), body }));
      store.storePage(runId, source, { request: 'bench', fetchedAt: new Date().toISOString(), items }, null);
    }
    store.updateSource(runId, source, { status: 'completed' });
    stored += list.length;
    list.length = 0;
  }
  store.finishRun(runId, 'completed', new Date().toISOString());
  return stored;
}
