import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandImportPaths, FOLDER_LIMITS } from '../../../src/main/import/collector-folders.ts';
import { ROOT } from '../../support/cli.ts';
import { runImportJson } from '../../support/import-cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

/** The output folders of Microsoft-Extractor-Suite and Hawk (tests/fixtures/exports/{extractor-suite,hawk}/README.md). */
const EXPORTS = join(ROOT, 'tests', 'fixtures', 'exports');

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

interface ImportJson {
  caseId: string | null;
  files: Array<{ file: string; format: string | null; rows: number; imported: number; problems: unknown[] }>;
  skipped: Array<{ file: string; reason: string }>;
  findings?: Array<{ detector: string; title: string }>;
}

const importFolder = (folder: string, data: string) =>
  runImportJson<ImportJson>([folder], { user: 'sara.lund@nordhavn.dk', tenant: 'nordhavn.dk', dataDir: data });

describe('walking a folder', () => {
  it('takes CSV and JSON files in name order; lists links, hidden, other, deep, large and twin files with why', () => {
    const root = join(tmp.dir, 'Output');
    mkdirSync(join(root, 'a', 'b', 'c'), { recursive: true });
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'z.csv'), 'x\n');
    writeFileSync(join(root, 'rules.csv'), 'x\n');
    writeFileSync(join(root, 'rules.json'), '[]');
    writeFileSync(join(root, 'trace.JSONL'), '{}\n');
    writeFileSync(join(root, 'big.json'), 'x'.repeat(2048));
    writeFileSync(join(root, 'notes.txt'), 'x');
    writeFileSync(join(root, '.DS_Store'), 'x');
    writeFileSync(join(root, 'a', 'one.csv'), 'x\n');
    writeFileSync(join(root, 'a', 'b', 'c', 'deep.csv'), 'x\n');
    symlinkSync(join(root, 'z.csv'), join(root, 'link.csv'));
    symlinkSync(tmp.dir, join(root, 'loop'));
    const expanded = expandImportPaths([root], { ...FOLDER_LIMITS, maxDepth: 2, maxFileBytes: 1024 });
    expect('unreadable' in expanded).toBe(false);
    if ('unreadable' in expanded) return;
    expect(expanded.files.map((f) => [f.shown, f.fromFolder])).toEqual([
      ['Output/a/one.csv', true],
      ['Output/rules.json', true],
      ['Output/trace.JSONL', true],
      ['Output/z.csv', true],
    ]);
    expect(expanded.files[0]!.path).toBe(join(root, 'a', 'one.csv'));
    expect(expanded.skipped).toEqual([
      { file: 'Output/.DS_Store', reason: 'hidden: not read' },
      { file: 'Output/.git/', reason: 'hidden: not read' },
      { file: 'Output/a/b/c/', reason: 'more than 2 folders down: not searched' },
      { file: 'Output/big.json', reason: '2 KiB, larger than the 1 KiB read from a folder: import it on its own' },
      { file: 'Output/link.csv', reason: 'a symbolic link: not followed' },
      { file: 'Output/loop', reason: 'a symbolic link: not followed' },
      { file: 'Output/notes.txt', reason: 'not a CSV or JSON file' },
      {
        file: 'Output/rules.csv',
        reason: 'the same records are read from rules.json beside it (JSON keeps the lists CSV flattens)',
      },
    ]);
  });

  it('stops at the file count and total size, and passes files named on their own through', () => {
    const root = join(tmp.dir, 'out');
    mkdirSync(root);
    for (const name of ['a.csv', 'b.csv', 'c.csv']) writeFileSync(join(root, name), '0123456789');
    const single = join(tmp.dir, 'single.csv');
    writeFileSync(single, 'x\n');
    const counted = expandImportPaths([root, single], { ...FOLDER_LIMITS, maxFiles: 2 });
    expect('files' in counted && counted.files.map((f) => [f.shown, f.fromFolder])).toEqual([
      ['out/a.csv', true],
      ['out/b.csv', true],
      [single, false],
    ]);
    expect('skipped' in counted && counted.skipped).toEqual([
      { file: 'out/c.csv', reason: 'more than 2 files in the folder: import a smaller folder' },
    ]);
    const sized = expandImportPaths([root], { ...FOLDER_LIMITS, maxTotalBytes: 25 });
    expect('skipped' in sized && sized.skipped.map((s) => s.file)).toEqual(['out/c.csv']);
  });

  it('lists at most 500 files it did not read, and counts the rest', () => {
    const root = join(tmp.dir, 'junk');
    mkdirSync(root);
    for (let i = 0; i < 520; i++) writeFileSync(join(root, `n${String(i).padStart(3, '0')}.txt`), '');
    const walked = expandImportPaths([root]);
    const skipped = 'skipped' in walked ? walked.skipped : [];
    expect(skipped).toHaveLength(501);
    expect(skipped[499]).toEqual({ file: 'junk/n499.txt', reason: 'not a CSV or JSON file' });
    expect(skipped[500]).toEqual({ file: '…', reason: '20 more not read (not listed one by one)' });
  });

  it('names a path that is relative, missing, or neither file nor folder', () => {
    expect(expandImportPaths(['Output'])).toEqual({ unreadable: 'Output' });
    expect(expandImportPaths([join(tmp.dir, 'nope')])).toEqual({ unreadable: join(tmp.dir, 'nope') });
    expect(expandImportPaths(['/dev/null'])).toEqual({ unreadable: '/dev/null' });
  });
});

describe('clearance import FOLDER', () => {
  it('imports a Microsoft-Extractor-Suite Output folder: every export it holds, the rest listed with why', () => {
    const { code, result } = importFolder(join(EXPORTS, 'extractor-suite', 'Output'), join(tmp.dir, 'data'));
    expect(code, 'a folder with files of other kinds is not an error').not.toBe(1);
    expect(result.caseId).toEqual(expect.any(String));
    expect(result.files.map((f) => [f.file, f.format, f.rows, f.imported])).toEqual([
      ['Output/EntraID/20250502-Auditlogs/20250502131826-AuditLogs.json', 'graph-directoryaudits-json', 4, 4],
      [
        'Output/EntraID/20250502-SignInLogs/servicePrincipal/20250502132320-servicePrincipal-SignInLogs.json',
        'graph-signins-json',
        2,
        2,
      ],
      ['Output/MessageTrace/sara.lund@nordhavn.dk-MTL.csv', 'get-messagetrace-csv', 3, 3],
      ['Output/Rules/20230926091150_MailboxRules.csv', 'extractor-suite-mailboxrules-2023-csv', 1, 1],
      ['Output/Rules/MailboxRules.csv', 'extractor-suite-mailboxrules-csv', 8, 8],
      ['Output/UnifiedAuditLog/20261119093000/UAL-20261119000000.json', 'search-unifiedauditlog-json', 3, 3],
      // The New-InboxRule record is in both Get-UAL files: stored once.
      ['Output/UnifiedAuditLog/20261119093000/UAL-20261119120000.csv', 'search-unifiedauditlog-csv', 2, 1],
    ]);
    expect(result.skipped.map((s) => s.file)).toEqual([
      'Output/LogFile.txt',
      'Output/MFA/202504290949-MFA-AuthenticationMethods.csv',
      'Output/Rules/20230926091150_TransportRules.csv',
    ]);
    expect(result.skipped[0]!.reason).toBe('not a CSV or JSON file');
    expect(result.skipped[2]!.reason).toMatch(/^unrecognised CSV columns "Name", "Description", "CreatedBy"/);
  }, 60_000);

  it('imports a Hawk user folder: the JSON twin of a CSV, the rules and the mail they explain', () => {
    const { result } = importFolder(join(EXPORTS, 'hawk', 'Hawk_20261119_093000'), join(tmp.dir, 'data'));
    expect(result.files.map((f) => [f.file, f.format, f.rows, f.imported, f.problems])).toEqual([
      [
        'Hawk_20261119_093000/sara.lund@nordhavn.dk/Exchange_UAL_Audit_sara.lund.csv',
        'unified-audit-records-csv',
        3,
        2,
        [{ line: 4, reason: 'no time' }],
      ],
      ['Hawk_20261119_093000/sara.lund@nordhavn.dk/InboxRules_sara.lund.json', 'get-inboxrule-json', 2, 2, []],
      ['Hawk_20261119_093000/sara.lund@nordhavn.dk/Message_Trace_sara.lund.csv', 'get-messagetrace-csv', 2, 2, []],
      [
        'Hawk_20261119_093000/sara.lund@nordhavn.dk/User_Inbox_Rules_Creation_sara.lund.json',
        'search-unifiedauditlog-json',
        1,
        1,
        [],
      ],
      [
        'Hawk_20261119_093000/sara.lund@nordhavn.dk/_Investigate_InboxRules_sara.lund.csv',
        'get-inboxrule-csv',
        1,
        0,
        [
          {
            line: 2,
            reason:
              'ForwardTo holds "System.Collections.ArrayList", the type name Export-Csv writes for a list, not its addresses: import the JSON export of the rules instead',
          },
        ],
      ],
    ]);
    const twin = (json: string) =>
      `the same records are read from ${json} beside it (JSON keeps the lists CSV flattens)`;
    expect(result.skipped.map((s) => [s.file, s.reason])).toEqual([
      ['Hawk_20261119_093000/Hawk.log', 'not a CSV or JSON file'],
      ['Hawk_20261119_093000/_Investigate.txt', 'not a CSV or JSON file'],
      ['Hawk_20261119_093000/sara.lund@nordhavn.dk/XML/InboxRules_sara.lund.xml', 'not a CSV or JSON file'],
      ['Hawk_20261119_093000/sara.lund@nordhavn.dk/InboxRules_sara.lund.csv', twin('InboxRules_sara.lund.json')],
      [
        'Hawk_20261119_093000/sara.lund@nordhavn.dk/User_Inbox_Rules_Creation_sara.lund.csv',
        twin('User_Inbox_Rules_Creation_sara.lund.json'),
      ],
      [
        'Hawk_20261119_093000/sara.lund@nordhavn.dk/Simple_User_Inbox_Rules_Creation_sara.lund.csv',
        expect.stringMatching(/^unrecognised CSV columns "Param_Name", "AuditId"/),
      ],
    ]);
    const detectors = (result.findings ?? []).map((f) => f.detector);
    expect(detectors).toContain('inbox-rule-external-forward');
    expect(detectors).toContain('inbox-rule-meaningless-name');
    const forward = result.findings!.find((f) => f.detector === 'inbox-rule-external-forward')!;
    expect(forward.title).toContain('“.”');
  }, 60_000);

  it('opens no case for a folder with nothing it reads, and lists what it found', () => {
    const folder = join(tmp.dir, 'Output');
    mkdirSync(folder);
    writeFileSync(join(folder, 'LogFile.txt'), 'x');
    writeFileSync(join(folder, 'Users.csv'), '"UserPrincipalName","DisplayName"\r\n"a@b","A"\r\n');
    const { code, result } = importFolder(folder, join(tmp.dir, 'data'));
    expect(code).toBe(1);
    expect(result.caseId).toBeNull();
    expect(result.files).toEqual([]);
    expect(result.skipped.map((s) => s.file)).toEqual(['Output/LogFile.txt', 'Output/Users.csv']);
  }, 60_000);
});
