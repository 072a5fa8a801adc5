import { describe, expect, it } from 'vitest';
import { newProgressId, withImportProgress, type ImportProgress } from '../../../src/shared/domain/import-progress.ts';

const CASE = '6f1c2a4e-0b7d-4c1e-9a53-2f8e3d9b7c10';
const at = (fileIndex: number, bytesRead: number, pass: ImportProgress['pass'] = 'layout'): ImportProgress => ({
  file: `f${fileIndex}.csv`,
  fileIndex,
  fileCount: 2,
  pass,
  bytesRead,
  totalBytes: 100,
  rows: bytesRead,
  done: false,
});
const event = (progressId: string | null, progress: ImportProgress) => ({ caseId: CASE, progressId, progress });

describe('the import page’s progress list', () => {
  it('keeps each file’s latest progress, in the order the files were given', () => {
    let files: readonly ImportProgress[] = [];
    for (const p of [at(0, 0), at(0, 40), at(1, 0), at(1, 100), at(0, 0, 'import'), at(0, 60, 'import')])
      files = withImportProgress(files, event('mine', p), 'mine');
    expect(files).toEqual([at(0, 60, 'import'), at(1, 100)]);
  });

  it('ignores another import’s progress, and every import’s when none of its own is running', () => {
    const files = [at(0, 10)];
    expect(withImportProgress(files, event('theirs', at(0, 90)), 'mine')).toBe(files);
    expect(withImportProgress(files, event(null, at(0, 90)), 'mine')).toBe(files);
    expect(withImportProgress(files, event('mine', at(0, 90)), null)).toBe(files);
  });

  it('makes ids the contract accepts, a new one each time', () => {
    const a = newProgressId();
    expect(a).toMatch(/^[0-9a-f]{24}$/);
    expect(newProgressId()).not.toBe(a);
  });
});
