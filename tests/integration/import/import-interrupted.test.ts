import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/main/app/create-app.ts';
import { silentLogger } from '../../../src/main/core/logger.ts';
import { dispatchOk } from '../../support/investigation.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

const USER = 'sara.lund@nordhavn.dk';

let tmp: ReturnType<typeof makeTempDir>;
let app: App;
beforeEach(() => {
  tmp = makeTempDir();
  app = createApp({ mode: 'cli', dataDir: join(tmp.dir, 'data'), actor: 'analyst@test', logger: silentLogger });
});
afterEach(async () => {
  await app.close();
  tmp.cleanup();
});

/** A Log Analytics SigninLogs download and a Purview audit export, three rows each. */
function exports(): { signIns: string; audit: string } {
  const signIns = join(tmp.dir, 'signins.csv');
  writeFileSync(
    signIns,
    [
      'TimeGenerated [UTC],Id,UserPrincipalName,IPAddress,ResultType,ResultDescription,AppDisplayName,ClientAppUsed,Type',
      ...[1, 2, 3].map(
        (i) => `2026-11-1${i}T08:00:00Z,s-${i},${USER},87.62.100.20,0,,Office 365 Exchange Online,Browser,SigninLogs`,
      ),
    ].join('\r\n') + '\r\n',
  );
  const audit = join(tmp.dir, 'audit.csv');
  const row = (i: number) =>
    `"2026-11-1${i}T09:00:00","${USER}","MailItemsAccessed","${JSON.stringify({ Id: `a-${i}`, CreationTime: `2026-11-1${i}T09:00:00`, Operation: 'MailItemsAccessed', UserId: USER, ClientIP: '87.62.100.20' }).replace(/"/g, '""')}"`;
  writeFileSync(audit, ['"CreationDate","UserIds","Operations","AuditData"', row(1), row(2), row(3)].join('\r\n'));
  return { signIns, audit };
}

describe('an import whose file goes away between its passes', () => {
  it('keeps the other file, names the failure, and leaves no run half-open', async () => {
    const { signIns, audit } = exports();
    const { id: caseId } = app.cases.create({ upn: USER, tenant: 'nordhavn.dk', blockedAt: null });
    // The audit export is deleted once both layouts are read, as the sign-ins start to import.
    app.events.subscribe((event) => {
      if (event.name !== 'import.progress') return;
      const { fileIndex, pass, bytesRead } = event.payload.progress;
      if (fileIndex === 0 && pass === 'import' && bytesRead === 0) unlinkSync(audit);
    });

    const result = await dispatchOk(app, 'import.files', { caseId, paths: [signIns, audit], progressId: 'p1' });
    expect(result.files.map((f) => [f.file, f.imported, f.fatal])).toEqual([
      ['signins.csv', 3, null],
      ['audit.csv', 0, expect.stringContaining('the file changed while it was read')],
    ]);

    const summary = await dispatchOk(app, 'investigation.summary', { caseId });
    expect(summary.run?.status).toBe('partial');
    expect(summary.running).toBe(false);
    const status = (source: string) => summary.coverage.find((c) => c.source === source)?.status;
    expect([status('signIns'), status('auditLog')]).toEqual(['completed', 'failed']);
  });
});
