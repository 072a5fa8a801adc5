import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/main/app/create-app.ts';
import { silentLogger } from '../../../src/main/core/logger.ts';
import { ROOT, runClearance } from '../../support/cli.ts';
import { runImport, runImportJson } from '../../support/import-cli.ts';
import { dispatchOk } from '../../support/investigation.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

const SIGNINS = join(ROOT, 'tests', 'fixtures', 'exports', 'entra-signins.csv');

let tmp: ReturnType<typeof makeTempDir>;
let data: string;
/** A file no format recognises, and a Purview audit export (the older layout) whose one row cannot be read. */
let unknown: string;
let noRows: string;
beforeEach(() => {
  tmp = makeTempDir();
  data = join(tmp.dir, 'data');
  unknown = join(tmp.dir, 'other.csv');
  writeFileSync(unknown, 'a,b\n1,2\n');
  noRows = join(tmp.dir, 'audit.csv');
  writeFileSync(
    noRows,
    '"CreationDate","UserIds","Operations","AuditData"\r\n"2026-11-19T07:49:02","sara.lund@nordhavn.dk","New-InboxRule","{not json"\r\n',
  );
});
afterEach(() => tmp.cleanup());

const listCases = () =>
  JSON.parse(runClearance(['cases', 'list', '--json', '--data-dir', data]).stdout) as Array<{ id: string }>;
const caseFiles = () => readdirSync(join(data, 'cases')).filter((f) => f.includes('.clearance'));

describe('clearance import --user', () => {
  it('opens no case when no file yields a record (refused, or no readable row), and exits 1', () => {
    const user = ['--user', 'sara.lund@nordhavn.dk', '--tenant', 'nordhavn.dk', '--data-dir', data];
    const refused = runClearance(['import', unknown, noRows, ...user]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('other.csv: NOT IMPORTED: unrecognised CSV columns');
    expect(refused.stdout).toContain('audit.csv: purview-audit-csv → auditLog: 0 of 1 rows imported');
    expect(refused.stdout).toContain('Nothing could be imported from these files, so no case was opened.');
    expect(refused.stdout).not.toContain('Verdict:');
    expect(listCases()).toEqual([]);
    expect(caseFiles()).toEqual([]);

    const json = runClearance(['import', noRows, ...user, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      caseId: null,
      outcome: 'nothingImported',
      files: [{ imported: 0 }],
    });
    expect(listCases()).toEqual([]);
  }, 60_000);

  it('adds a second import for the same user and tenant to their open case, unless --new-case', () => {
    const sara = { user: 'sara.lund@nordhavn.dk', tenant: 'nordhavn.dk', dataDir: data };
    const first = runImportJson<{ caseId: string; outcome: string }>([SIGNINS], sara);
    const { caseId, outcome } = first.result;
    expect(outcome).toBe('created');
    expect(first.stderr).toBe('');

    // The same person written differently is the same case.
    const second = runImport([noRows], { user: 'Sara.Lund@Nordhavn.dk', tenant: 'NORDHAVN.DK', dataDir: data });
    expect(second.stdout).toContain(
      `Imported into the open case ${caseId} for Sara.Lund@Nordhavn.dk (--new-case opens another)`,
    );
    expect(second.stdout).toContain('Verdict:');
    expect(listCases().map((c) => c.id)).toEqual([caseId]);

    const forced = runImportJson<{ caseId: string; outcome: string }>([SIGNINS], {
      ...sara,
      more: ['--new-case'],
    }).result;
    expect(forced.outcome).toBe('created');
    expect(forced.caseId).not.toBe(caseId);
    expect(
      listCases()
        .map((c) => c.id)
        .sort(),
    ).toEqual([caseId, forced.caseId].sort());

    // Another tenant's user of the same name is another case.
    const other = runImportJson<{ caseId: string; outcome: string }>([SIGNINS], {
      ...sara,
      tenant: 'contoso.com',
    }).result;
    expect(other.outcome).toBe('created');
    expect(listCases()).toHaveLength(3);
  }, 60_000);

  it('refuses an invalid user before opening anything', () => {
    const bad = runImport([SIGNINS], { user: 'not an address', tenant: 'nordhavn.dk', dataDir: data });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^clearance import: upn: /m);
    expect(listCases()).toEqual([]);
  });
});

describe('import.forUser (the UI path)', () => {
  let app: App;
  beforeEach(() => {
    app = createApp({ mode: 'cli', dataDir: data, actor: 'analyst@test', logger: silentLogger });
  });
  afterEach(() => app.close());
  const target = { upn: 'sara.lund@nordhavn.dk', tenant: 'nordhavn.dk' };

  it('leaves no case behind when nothing imports or a path is wrong, and reuses the open case', async () => {
    const failed = await dispatchOk(app, 'import.forUser', { ...target, paths: [unknown, noRows] });
    expect(failed).toMatchObject({ caseId: null, outcome: 'nothingImported', verdict: null });
    expect(failed.files.map((f) => [f.file, f.imported, f.fatal !== null])).toEqual([
      ['other.csv', 0, true],
      ['audit.csv', 0, false],
    ]);
    const missing = await app.dispatch('import.forUser', { ...target, paths: [join(tmp.dir, 'nope.csv')] });
    expect(missing.ok).toBe(false);
    expect(await dispatchOk(app, 'cases.list', {})).toEqual([]);
    expect(caseFiles()).toEqual([]);

    const created = await dispatchOk(app, 'import.forUser', { ...target, paths: [SIGNINS] });
    expect(created.outcome).toBe('created');
    expect(created.files[0]!.imported).toBe(18);
    // The checklist counts an import-only case against every source the playbook needs.
    const collect = (await dispatchOk(app, 'checklist.get', { caseId: created.caseId! })).items.find(
      (i) => i.id === 'determine.collect',
    );
    expect(collect?.suggestion).toMatchObject({
      key: 'checklist.suggest.collectImported',
      params: { collected: 1, sources: 22, have: 'signIns' },
    });
    const reused = await dispatchOk(app, 'import.forUser', { ...target, paths: [noRows] });
    expect(reused).toMatchObject({ caseId: created.caseId, outcome: 'reused' });
    // A reused case stays, even when this import read nothing into it.
    expect(reused.files[0]!.imported).toBe(0);
    const fresh = await dispatchOk(app, 'import.forUser', { ...target, paths: [SIGNINS], newCase: true });
    expect(fresh.outcome).toBe('created');
    expect((await dispatchOk(app, 'cases.list', {})).map((c) => c.id).sort()).toEqual(
      [created.caseId, fresh.caseId].sort(),
    );
  });

  it('never removes a case that holds evidence', async () => {
    const created = await dispatchOk(app, 'import.forUser', { ...target, paths: [SIGNINS] });
    expect(() => app.cases.discardEmpty(created.caseId!)).toThrow('refusing to remove a case that holds evidence');
    expect(app.cases.get(created.caseId!).id).toBe(created.caseId);
  });
});
