import { describe, expect, it } from 'vitest';
import { runClearance } from '../../support/cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

describe('clearance investigate', () => {
  it('prints coverage, findings and the verdict, and exits 3 for a compromised account', () => {
    const tmp = makeTempDir();
    try {
      const { code, stdout, stderr } = runClearance([
        'investigate',
        '--tenant',
        'demo',
        '--user',
        'adele.vance@contoso.com',
        '--data-dir',
        tmp.dir,
      ]);
      expect(code, stderr).toBe(3);
      expect(stderr).toContain('Opened case');
      expect(stderr).toMatch(/✓ Sign-in logs: \d+ records/);
      expect(stdout).toContain('Coverage');
      expect(stdout).toMatch(/Findings \(\d+\)/);
      expect(stdout).toContain('Verdict: COMPROMISED');
      // The case it wrote is listed and verifies.
      const listed = JSON.parse(runClearance(['cases', 'list', '--json', '--data-dir', tmp.dir]).stdout) as Array<{
        upn: string;
        head: { seq: number };
      }>;
      expect(listed).toEqual([
        expect.objectContaining({ upn: 'adele.vance@contoso.com', head: expect.objectContaining({ seq: 4 }) }),
      ]);
    } finally {
      tmp.cleanup();
    }
  }, 60_000);

  it('exits 4 with the missing source named for an inconclusive case, and --json is machine-readable', () => {
    const tmp = makeTempDir();
    try {
      const { code, stdout } = runClearance([
        'investigate',
        '--user',
        'alex.wilber@fabrikam.com',
        '--data-dir',
        tmp.dir,
        '--json',
      ]);
      expect(code).toBe(4);
      const result = JSON.parse(stdout) as {
        verdict: { verdict: string; missing: string[] };
        coverage: Array<{ source: string; status: string }>;
      };
      expect(result.verdict).toMatchObject({ verdict: 'inconclusive', missing: ['signIns'] });
      expect(result.coverage.find((c) => c.source === 'signIns')?.status).toBe('unavailable');
    } finally {
      tmp.cleanup();
    }
  }, 60_000);
});
