import { describe, expect, it } from 'vitest';
import { events, methods } from '../../../src/shared/api/contract.ts';
import { passPercent } from '../../../src/shared/domain/import-progress.ts';

const CASE = '6f1c2a4e-0b7d-4c1e-9a53-2f8e3d9b7c10';

describe('import progress in the contract', () => {
  it.each([
    [{ bytesRead: 0, totalBytes: 1000, done: false }, 0],
    [{ bytesRead: 333, totalBytes: 1000, done: false }, 33],
    [{ bytesRead: 1000, totalBytes: 1000, done: false }, 99],
    [{ bytesRead: 0, totalBytes: 0, done: false }, 0],
    [{ bytesRead: 0, totalBytes: 0, done: true }, 100],
    [{ bytesRead: 10, totalBytes: 1000, done: true }, 100],
  ])('%j is %i %', (p, percent) => expect(passPercent(p)).toBe(percent));

  it('takes a progress id of plain characters on both import methods, and nothing else', () => {
    const paths = ['/tmp/a.csv'];
    expect(methods['import.files'].input.safeParse({ caseId: CASE, paths, progressId: 'a1_B-2' }).success).toBe(true);
    const forUser = { upn: 'a@b.dk', tenant: 'b.dk', paths, progressId: 'x' };
    expect(methods['import.forUser'].input.safeParse(forUser).success).toBe(true);
    for (const progressId of ['', '<b>x</b>', 'a'.repeat(65), 'a b'])
      expect(methods['import.files'].input.safeParse({ caseId: CASE, paths, progressId }).success, progressId).toBe(
        false,
      );
  });

  it('refuses an event that is not progress as declared', () => {
    const progress = {
      file: 'a.csv',
      fileIndex: 0,
      fileCount: 1,
      pass: 'layout',
      bytesRead: 5,
      totalBytes: 10,
      rows: 2,
      done: false,
    };
    const schema = events['import.progress'];
    expect(schema.safeParse({ caseId: CASE, progressId: null, progress }).success).toBe(true);
    expect(schema.safeParse({ caseId: CASE, progressId: null, progress: { ...progress, pass: 'hash' } }).success).toBe(
      false,
    );
    expect(schema.safeParse({ caseId: CASE, progressId: null, progress: { ...progress, bytesRead: -1 } }).success).toBe(
      false,
    );
    expect(schema.safeParse({ caseId: CASE, progress }).success).toBe(false);
  });
});
