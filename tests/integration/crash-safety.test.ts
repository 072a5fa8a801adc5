import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { verifyCaseFile } from '../../src/main/store/case-file/verify.ts';
import { makeTempDir } from '../support/temp-dir.ts';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

/** Starts the writer, kills it with SIGKILL once it has reported `after` commits; returns the last reported seq. */
function writeThenKill(path: string, after: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures', 'log-writer.ts'), path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    let reported = 0;
    let lastSeq = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        lastSeq = Number(line);
        reported++;
      }
      if (reported >= after && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`writer ended on its own: ${stderr}`));
      else resolve(lastSeq);
    });
  });
}

describe('crash safety', () => {
  it('keeps every committed entry and an intact chain when the writer is killed mid-stream', async () => {
    const path = join(tmp.dir, 'crash.clearance');
    CaseFile.create(path, {
      id: '6a1f1a55-3f0e-4c1e-8f3e-0d7a2b9c4e21',
      upn: 'anna@contoso.com',
      tenant: 'contoso.com',
      blockedAt: null,
      createdAt: new Date().toISOString(),
      createdBy: 'test',
      status: 'open',
    }).close();

    let previous = 1;
    for (const after of [150, 40, 300]) {
      const lastReported = await writeThenKill(path, after);
      expect(lastReported).toBeGreaterThan(previous);
      const report = await verifyCaseFile(path);
      expect(report.firstBroken).toBeNull();
      expect(report.intact).toBe(true);
      // Everything reported as committed is there; at most the one in flight may also have landed.
      expect(report.entries).toBeGreaterThanOrEqual(lastReported);
      expect(report.entries).toBeLessThanOrEqual(lastReported + 1);
      previous = report.entries;
    }
  });
});
