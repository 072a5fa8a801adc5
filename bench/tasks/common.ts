import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';

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
