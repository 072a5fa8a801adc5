import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseFile } from '../../../src/main/store/case-file/case-file.ts';
import { ROOT, runClearance } from '../../support/cli.ts';
import { runImportJson } from '../../support/import-cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

const EXPORTS = join(ROOT, 'tests', 'fixtures', 'exports');

interface Detected {
  caseId: string;
  verdict: { verdict: string; engineVersion: string };
  findings: Array<{ detector: string }>;
  coverage: Array<{ source: string; status: string }>;
}

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

/** The case log's kinds, oldest first, read from the case file itself. */
function logKinds(data: string, caseId: string): string[] {
  const file = CaseFile.open(join(data, 'cases', `${caseId}.clearance`), { readonly: true });
  try {
    return file.listLog(0, 1000).entries.map((e) => e.kind);
  } finally {
    file.close();
  }
}

describe('clearance detect', () => {
  it('re-runs detection on an imported case with no tenant: the same verdict and exit code as the import', () => {
    const data = join(tmp.dir, 'data');
    const imported = runImportJson<Detected>([join(EXPORTS, 'purview-audit.csv'), join(EXPORTS, 'entra-signins.csv')], {
      user: 'sara.lund@nordhavn.dk',
      tenant: 'nordhavn.dk',
      blockedAt: '2026-11-19T10:00:00Z',
      dataDir: data,
    });
    expect(imported.code, imported.stderr).toBe(3);
    const first = imported.result;

    // No tenant option exists for detect: it reads the case file alone.
    const json = runClearance(['detect', '--case', first.caseId, '--data-dir', data, '--json']);
    expect(json.code, json.stderr).toBe(3);
    const again = JSON.parse(json.stdout) as Detected;
    expect(again.caseId).toBe(first.caseId);
    expect(again.verdict.verdict).toBe('compromised');
    expect(again.findings.map((f) => f.detector).sort()).toEqual(first.findings.map((f) => f.detector).sort());
    expect(again.coverage.map((c) => [c.source, c.status]).sort()).toEqual([
      ['auditLog', 'completed'],
      ['signIns', 'completed'],
    ]);

    const text = runClearance(['detect', '--case', first.caseId, '--data-dir', data]);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('Coverage');
    expect(text.stdout).toMatch(/Findings \(\d+\)/);
    expect(text.stdout).toContain('Verdict: COMPROMISED');
    expect(text.stderr).toBe('');

    // Each run is a detection entry in the case log, and the case still verifies.
    expect(logKinds(data, first.caseId).filter((k) => k === 'detection.completed')).toHaveLength(3);
    expect(runClearance(['verify', join(data, 'cases', `${first.caseId}.clearance`)]).code).toBe(0);
  }, 60_000);

  it('gives an investigated case the verdict its investigation gave (0 not compromised, 4 inconclusive)', () => {
    const data = join(tmp.dir, 'data');
    for (const [upn, code, verdict] of [
      ['megan.bowen@contoso.com', 0, 'not_compromised'],
      ['alex.wilber@fabrikam.com', 4, 'inconclusive'],
    ] as const) {
      const investigated = runClearance(['investigate', '--user', upn, '--data-dir', data, '--json']);
      expect(investigated.code, investigated.stderr).toBe(code);
      const { caseId } = JSON.parse(investigated.stdout) as Detected;
      // The emulator lived only inside the investigate process: detect runs on the case file alone.
      const detected = runClearance(['detect', '--case', caseId, '--data-dir', data, '--json']);
      expect(detected.code, detected.stderr).toBe(code);
      expect((JSON.parse(detected.stdout) as Detected).verdict.verdict).toBe(verdict);
    }
  }, 120_000);

  it('refuses a case that holds nothing, and one that does not exist (exit 1)', () => {
    const data = join(tmp.dir, 'data');
    const created = runClearance([
      'cases',
      'create',
      '--upn',
      'anna@contoso.com',
      '--tenant',
      'contoso.com',
      '--json',
      '--data-dir',
      data,
    ]);
    const { id } = JSON.parse(created.stdout) as { id: string };
    const empty = runClearance(['detect', '--case', id, '--data-dir', data]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(
      'clearance detect: This case holds no evidence yet: investigate or import exported logs first.',
    );
    expect(logKinds(data, id)).toEqual(['case.created']);
    const missing = runClearance(['detect', '--case', '6d1f4c1e-0000-4000-8000-000000000000', '--data-dir', data]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('clearance detect: There is no such case on this computer.');
  });

  it('has help that names the exit codes', () => {
    const help = runClearance(['detect', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--case <id>');
    // Commander wraps the description to the terminal's width.
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'exit 0 not compromised, 3 compromised, 4 inconclusive, 1 error',
    );
  });
});
