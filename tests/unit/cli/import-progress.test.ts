import { describe, expect, it } from 'vitest';
import { describeImportProgress, importStatusLine } from '../../../src/main/cli/import-progress.ts';
import type { ImportProgress } from '../../../src/shared/domain/import-progress.ts';

const progress = (over: Partial<ImportProgress> = {}): ImportProgress => ({
  file: 'AuditLog_2026-11-20.csv',
  fileIndex: 1,
  fileCount: 3,
  pass: 'import',
  bytesRead: 3 * 1024 ** 3,
  totalBytes: 4 * 1024 ** 3,
  rows: 1_234_567,
  done: false,
  ...over,
});

describe('the import status line', () => {
  it('says which file of how many, which pass, how much of its size and how many rows', () => {
    expect(describeImportProgress(progress(), 120)).toBe(
      '[2/3] AuditLog_2026-11-20.csv: importing (pass 2 of 2), 75 % of 4.0 GiB, 1,234,567 rows',
    );
    expect(
      describeImportProgress(
        progress({ fileIndex: 0, fileCount: 1, pass: 'layout', bytesRead: 0, totalBytes: 300 * 1024, rows: 0 }),
        120,
      ),
    ).toBe('AuditLog_2026-11-20.csv: reading layout (pass 1 of 2), 0 % of 300 KiB, 0 rows');
  });

  it('shortens a long name from the front to fit the terminal, and neutralises control characters in it', () => {
    const long = progress({ file: `${'deep/'.repeat(30)}\u001b[2JSignIns.csv`, fileCount: 1, fileIndex: 0 });
    const line = describeImportProgress(long, 80);
    // 58 characters say how far it is; the name gets the other 22, its end kept.
    expect(line).toBe('…/deep/\uFFFD[2JSignIns.csv: importing (pass 2 of 2), 75 % of 4.0 GiB, 1,234,567 rows');
    expect(line).toHaveLength(80);
  });

  it('is there only for a terminal, and clears what it wrote', () => {
    expect(importStatusLine(undefined)).toBeNull();
    const written: string[] = [];
    const line = importStatusLine({ columns: 200, write: (t) => written.push(t) });
    line?.clear();
    expect(written).toEqual([]);
    line?.update(progress({ done: true }));
    line?.clear();
    expect(written).toEqual([
      '\r\x1b[2K[2/3] AuditLog_2026-11-20.csv: importing (pass 2 of 2), 100 % of 4.0 GiB, 1,234,567 rows',
      '\r\x1b[2K',
    ]);

    // A pseudo-terminal without a size says 0 columns: read as 80, not as no room for the name.
    const sizeless: string[] = [];
    importStatusLine({ columns: 0, write: (t) => sizeless.push(t) })?.update(
      progress({ file: 'SignIns.csv', fileCount: 1, fileIndex: 0 }),
    );
    expect(sizeless).toEqual(['\r\x1b[2KSignIns.csv: importing (pass 2 of 2), 75 % of 4.0 GiB, 1,234,567 rows']);
  });
});
