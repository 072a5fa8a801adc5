import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/main/app/create-app.ts';
import { silentLogger } from '../../../src/main/core/logger.ts';
import { ROOT, runClearance } from '../../support/cli.ts';
import { dispatchOk } from '../../support/investigation.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

/** 19 rows: 18 sign-ins and one row with neither a date nor a request id. */
const SIGN_INS = join(ROOT, 'tests/fixtures/exports/entra-signins.csv');

let tmp: ReturnType<typeof makeTempDir>;
let app: App;
beforeEach(() => {
  tmp = makeTempDir();
  app = createApp({ mode: 'cli', dataDir: join(tmp.dir, 'data'), actor: 'ana@ws1', logger: silentLogger });
});
afterEach(async () => {
  await app.close();
  tmp.cleanup();
});

describe('importing records the case already holds', () => {
  it('counts them as duplicates, apart from rows that could not be read, in the result and the log', async () => {
    const caseId = app.cases.create({ upn: 'sara.lund@nordhavn.dk', tenant: 'nordhavn.dk', blockedAt: null }).id;
    const first = await dispatchOk(app, 'import.files', { caseId, paths: [SIGN_INS] });
    expect(first.files[0]).toMatchObject({ rows: 19, imported: 18, duplicates: 0, problemCount: 1 });
    const again = await dispatchOk(app, 'import.files', { caseId, paths: [SIGN_INS] });
    expect(again.files[0]).toMatchObject({ rows: 19, imported: 0, duplicates: 18, problemCount: 1 });

    const log = await dispatchOk(app, 'caseLog.list', { caseId, afterSeq: 0, limit: 50 });
    const imports = log.entries.filter((e) => e.kind === 'evidence.imported').map((e) => e.payload);
    expect(imports.map((p) => [p.imported, p.duplicates])).toEqual([
      [18, 0],
      [0, 18],
    ]);
  });

  it('says so on the command line', () => {
    const data = join(tmp.dir, 'cli');
    const target = ['--user', 'sara.lund@nordhavn.dk', '--tenant', 'nordhavn.dk', '--data-dir', data];
    const first = runClearance(['import', SIGN_INS, ...target]);
    expect(first.stdout).toContain('18 of 19 rows imported (sha256');
    const again = runClearance(['import', SIGN_INS, ...target]);
    expect(again.stdout).toContain('0 of 19 rows imported, 18 already in the case (duplicates) (sha256');
  }, 60_000);
});
