import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/main/import/import-files.ts';
import { loadEvidenceSet, periodName } from '../../src/main/investigation/evidence-set.ts';
import { CaseFile } from '../../src/main/store/case-file/case-file.ts';
import { makeTempDir } from '../support/temp-dir.ts';

// A case collected through Graph and then given older exported logs: the period under suspicion is set by
// everything the case covers, not by whichever run came last.

let tmp: ReturnType<typeof makeTempDir>;
let file: CaseFile;
beforeEach(() => {
  tmp = makeTempDir();
  file = CaseFile.create(join(tmp.dir, 'w.clearance'), {
    id: '3e2d1c0b-4a59-4876-9543-21f0e9d8c7b6',
    upn: 'anna@contoso.com',
    tenant: 'contoso.com',
    blockedAt: null,
    createdAt: '2026-11-20T10:00:00.000Z',
    createdBy: 'test',
    status: 'open',
  });
});
afterEach(() => {
  file.close();
  tmp.cleanup();
});

describe('the window a case covers', () => {
  it('spans every run, and an import of older logs does not move the period under suspicion', async () => {
    const store = file.investigation;
    const run = store.startRun({
      startedAt: '2026-11-20T10:00:00.000Z',
      windowStart: '2026-10-21T10:00:00.000Z',
      windowEnd: '2026-11-20T10:00:00.000Z',
      userId: 'a1b2c3d4-0000-4000-8000-000000000001',
      sources: ['signIns'],
    });
    store.finishRun(run, 'completed', '2026-11-20T10:05:00.000Z');

    const older = join(tmp.dir, 'signins.csv');
    writeFileSync(
      older,
      [
        'TimeGenerated [UTC],Id,UserPrincipalName,IPAddress,ResultType,ResultDescription,AppDisplayName,ClientAppUsed,Type',
        '2026-10-01T08:00:00Z,s-1,anna@contoso.com,62.107.40.10,0,,Office 365 Exchange Online,Browser,SigninLogs',
        '2026-10-05T08:00:00Z,s-2,anna@contoso.com,62.107.40.10,0,,Office 365 Exchange Online,Browser,SigninLogs',
      ].join('\r\n') + '\r\n',
    );
    const [report] = await importFiles(file, [older], 'analyst@test');
    expect(report).toMatchObject({ imported: 2, fatal: null });

    const set = loadEvidenceSet(store, { upn: 'anna@contoso.com', blockedAt: null });
    expect(set.window).toEqual({ start: '2026-10-01T08:00:00.000Z', end: '2026-11-20T10:00:00.000Z' });
    expect(set.userId).toBe('a1b2c3d4-0000-4000-8000-000000000001');
    expect(periodName(set)).toBe('the 7 days before 2026-11-20');
  });
});
