import { describe, expect, it } from 'vitest';
import { AbsolutePath } from '../../../src/shared/domain/paths.ts';
import { ExportBundleInput, ExportReportInput } from '../../../src/shared/domain/report.ts';
import { ImportInput } from '../../../src/shared/domain/import.ts';

const CASE = '6f2a1c3e-7b4d-4e8a-9c1d-2b3a4c5d6e7f';

describe('paths given through the API', () => {
  it('accepts absolute POSIX, Windows drive and UNC paths', () => {
    for (const path of ['/home/ana/x.csv', 'C:\\Users\\ana\\x.csv', 'd:/exports/x.csv', '\\\\server\\share\\x.csv'])
      expect(AbsolutePath.safeParse(path).success, path).toBe(true);
  });

  it('refuses relative paths (they would resolve against the server’s working directory) and NUL', () => {
    for (const path of ['x.csv', './x.csv', '../../etc/passwd', 'C:x.csv', '~/x.csv', '\\\\\\x', '/tmp/a\0b', ' '])
      expect(AbsolutePath.safeParse(path).success, JSON.stringify(path)).toBe(false);
    expect(AbsolutePath.safeParse('x.csv').error?.issues[0]?.message).toBe('validation.absolutePath');
  });

  it('every path field of the contract is one', () => {
    expect(ImportInput.safeParse({ caseId: CASE, paths: ['/a.csv', 'b.csv'] }).error?.issues).toMatchObject([
      { path: ['paths', 1], message: 'validation.absolutePath' },
    ]);
    expect(ExportBundleInput.safeParse({ caseId: CASE, path: 'out.clearance' }).success).toBe(false);
    expect(ExportReportInput.safeParse({ caseId: CASE, format: 'md', path: 'r.md' }).success).toBe(false);
    expect(ExportReportInput.safeParse({ caseId: CASE, format: 'md', path: '/tmp/r.md' }).success).toBe(true);
  });
});
