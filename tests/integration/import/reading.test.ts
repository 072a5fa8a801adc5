import { closeSync, openSync, writeFileSync, writeSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExportFile } from '../../../src/main/import/import-files.ts';
import { openExport } from '../../../src/main/import/read-export.ts';
import { dateShape, readExportTime } from '../../../src/main/import/export-time.ts';
import { ROOT, runClearance } from '../../support/cli.ts';
import { runImport } from '../../support/import-cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

const EXPORTS = join(ROOT, 'tests', 'fixtures', 'exports');
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const file = (name: string, content: string | Buffer) => {
  const path = join(tmp.dir, name);
  writeFileSync(path, content);
  return path;
};

/** A SigninLogs portal download with the given times (one row each), otherwise constant columns. */
function signInCsv(times: string[], header = 'TimeGenerated [UTC]'): string {
  const head = `${header},Id,UserPrincipalName,IPAddress,ResultType,ResultDescription,AppDisplayName,ClientAppUsed,Type`;
  const rows = times.map(
    (t, i) => `"${t}",id-${i},sara.lund@nordhavn.dk,203.0.113.9,0,,Office 365 Exchange Online,Browser,SigninLogs`,
  );
  return [head, ...rows].join('\r\n') + '\r\n';
}

describe('times', () => {
  it.each([
    ['04/05/2026 10:00', 'ambiguous'],
    ['13/05/2026 10:00', 'dmy'],
    ['05/13/2026 10:00', 'mdy'],
    ['05/05/2026 10:00', 'neutral'],
    ['28.04.2021 14:19:28', 'dmy'],
    ['2026-05-04 10:00', 'neutral'],
    ['2026-05-04T10:00:00Z', 'neutral'],
    ['yesterday', 'unreadable'],
  ] as const)('%s is %s', (raw, shape) => expect(dateShape(raw)).toBe(shape));

  it.each([
    ['04/05/2026 10:00', 'dmy', 0, '2026-05-04T10:00:00.000Z', false],
    ['04/05/2026 10:00', 'mdy', 0, '2026-04-05T10:00:00.000Z', false],
    ['4/5/2026, 1:02:03.450 PM', 'mdy', 60, '2026-04-05T12:02:03.450Z', false],
    ['2026-11-19 08:49:02 +01:00', 'mdy', 0, '2026-11-19T07:49:02.000Z', true],
    ['19-11-2026 08:49:02 UTC', 'dmy', 120, '2026-11-19T08:49:02.000Z', true],
    ['2026-11-19T08:49:02', 'mdy', 60, '2026-11-19T07:49:02.000Z', false],
    ['2026-11-19T08:49:02.1234567+01:00', 'mdy', 0, '2026-11-19T07:49:02.123Z', true],
  ] as const)('%s read %s at offset %i → %s', (raw, order, offset, iso, zoned) =>
    expect(readExportTime(raw, order, offset)).toEqual({ iso, zoned }),
  );

  it.each([
    ['13/05/2026 10:00', 'mdy'],
    ['31/02/2026 10:00', 'dmy'],
    ['1/5/2026 13:00 PM', 'mdy'],
  ] as const)('refuses %s read %s', (raw, order) => expect(readExportTime(raw, order)).toBeNull());
});

describe('the date order, decided once per file', () => {
  it('reads a file month-first when one row can only be month-first, even rows that would fit both', async () => {
    const path = file('a.csv', signInCsv(['04/05/2026, 10:00:00.000 AM', '04/13/2026, 10:00:00.000 AM']));
    const { report, records } = await parseExportFile(path);
    expect(report.fatal).toBeNull();
    expect(records.map((r) => r.body.createdDateTime)).toEqual([
      '2026-04-05T10:00:00.000Z',
      '2026-04-13T10:00:00.000Z',
    ]);
    expect(report.notes).toEqual(['dates read month-first for the whole file (line 3: "04/13/2026, 10:00:00.000 AM")']);
  });

  it('refuses a file whose rows are written both ways, naming a line of each', async () => {
    const path = file('b.csv', signInCsv(['13/04/2026 10:00', '04/05/2026 10:00', '04/13/2026 10:00']));
    const { report } = await parseExportFile(path);
    expect(report.fatal).toBe(
      'its dates cannot be read one way: its dates are written both day-first (line 2: "13/04/2026 10:00") and month-first (line 4: "04/13/2026 10:00"); choose one with --date-order dmy or --date-order mdy, and the rows that do not fit it are reported',
    );
  });

  it('with --date-order given, reports by line the rows that do not fit it', async () => {
    const path = file('c.csv', signInCsv(['13/04/2026 10:00', '04/05/2026 10:00']));
    const { report, records } = await parseExportFile(path, { dateOrder: 'mdy' });
    expect(report.problems).toEqual([{ line: 2, reason: 'no readable TimeGenerated or Id' }]);
    expect(records.map((r) => r.body.createdDateTime)).toEqual(['2026-04-05T10:00:00.000Z']);
  });

  it('clearance import refuses an ambiguous file with the flag to use, and imports it with --date-order', () => {
    const path = file('ambiguous.csv', signInCsv(['04/05/2026 10:00', '04/06/2026 10:00']));
    const data = join(tmp.dir, 'data');
    const common = ['--user', 'sara.lund@nordhavn.dk', '--tenant', 'nordhavn.dk', '--data-dir', data];
    const refused = runClearance(['import', path, ...common]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('choose with --date-order dmy (day first) or --date-order mdy (month first)');
    const done = runClearance(['import', path, ...common, '--date-order', 'dmy', '--json']);
    const result = JSON.parse(done.stdout) as { files: Array<{ imported: number; notes: string[] }> };
    expect(result.files[0]).toMatchObject({
      imported: 2,
      notes: ['dates read day-first, as chosen with --date-order'],
    });
    expect(runClearance(['import', path, ...common, '--date-order', 'ymd']).stderr).toContain(
      '--date-order is dmy (day first) or mdy (month first)',
    );
  }, 60_000);
});

describe('time zones', () => {
  it('applies a [UTC+01:00] header to every time without its own zone', async () => {
    const path = file('z.csv', signInCsv(['2026-11-19 08:49:02', '2026-11-19T08:49:02Z'], 'TimeGenerated [UTC+01:00]'));
    const { records } = await parseExportFile(path);
    expect(records.map((r) => r.body.createdDateTime)).toEqual([
      '2026-11-19T07:49:02.000Z',
      '2026-11-19T08:49:02.000Z',
    ]);
  });

  it('refuses a header whose time columns give different zones', async () => {
    const csv = signInCsv(['2026-11-19 08:49:02'], 'TimeGenerated [UTC+01:00]').replace(
      'ResultType,',
      'ResultType,CreatedDateTime [UTC],',
    );
    const { report } = await parseExportFile(file('zz.csv', csv));
    expect(report.fatal).toBe(
      'its columns give times in different zones ("TimeGenerated [UTC+01:00]", "CreatedDateTime [UTC]")',
    );
  });

  it('refuses a header that gives local time without its offset', async () => {
    const { report } = await parseExportFile(
      file('l.csv', signInCsv(['2026-11-19 08:49:02'], 'TimeGenerated [Local Time]')),
    );
    expect(report.fatal).toMatch(
      /^the column "TimeGenerated \[Local Time\]" gives its times in "Local Time", whose offset/,
    );
  });

  it('says so when it reads times without a zone, in columns that do not say UTC, as UTC', async () => {
    const csv =
      '"CreationDate","UserIds","Operations","AuditData","ResultIndex","ResultCount"\r\n"2026-11-19 08:49:02","a@b.example","Set-Mailbox","{""Id"":""x"",""Operation"":""Set-Mailbox""}","1","1"\r\n';
    const { report, records } = await parseExportFile(file('s.csv', csv));
    expect(records[0]!.body.createdDateTime).toBe('2026-11-19T08:49:02.000Z');
    expect(report.notes).toEqual(['some times carry no time zone and no column says which: they were read as UTC']);
  });
});

describe('layouts Clearance does not read', () => {
  it('names the columns seen, the closest format and what it lacks (a near-miss Purview header)', async () => {
    const path = file(
      'near.csv',
      'RecordId,CreationDate,RecordType,Operation,UserId,Audit Data,AssociatedAdminUnits,AssociatedAdminUnitsNames\r\nx,y,z,w,v,u,t,s\r\n',
    );
    expect((await parseExportFile(path)).report.fatal).toBe(
      'unrecognised CSV columns "RecordId", "CreationDate", "RecordType", "Operation", "UserId", "Audit Data", "AssociatedAdminUnits", "AssociatedAdminUnitsNames": closest is Purview audit search export (CSV) (7 of its 8 columns), which also needs "AuditData"',
    );
  });

  it('names SigninLogs as closest to a sign-in download without ResultType', async () => {
    const path = file('si.csv', 'TimeGenerated [UTC],Id,UserPrincipalName,IPAddress,AppDisplayName\r\n');
    expect((await parseExportFile(path)).report.fatal).toMatch(
      /^unrecognised CSV columns "TimeGenerated \[UTC\]", .*: closest is Log Analytics \/ Sentinel SigninLogs or AADNonInteractiveUserSignInLogs \(CSV\) \(5 of its 20 columns\), which also needs "ResultType"$/,
    );
  });

  it('says when no known export shares a column, and names JSON fields the same way', async () => {
    expect((await parseExportFile(file('o.csv', 'a,b\n1,2\n'))).report.fatal).toMatch(
      /^unrecognised CSV columns "a", "b": no known export shares any of them \(Clearance reads Search-UnifiedAuditLog/,
    );
    const json = await parseExportFile(
      file('o.json', JSON.stringify([{ TimeGenerated: '2026-01-01T00:00:00Z', Foo: 1 }])),
    );
    expect(json.report.fatal).toMatch(/^unrecognised JSON fields "TimeGenerated", "Foo": closest is Log Analytics/);
    expect(json.report.fatal).toContain('Clearance also reads Graph collections');
  });

  it('refuses an empty file, and a large JSON document that stops being JSON after its first bracket without reading on', async () => {
    expect((await parseExportFile(file('e.csv', ''))).report.fatal).toBe('the file is empty');
    const big = join(tmp.dir, 'big.json');
    const fd = openSync(big, 'w');
    writeSync(fd, '[');
    ftruncateSync(fd, 300 * 1024 * 1024); // sparse: no disk used
    closeSync(fd);
    // Streamed, not read whole: refused from its first 64 KiB.
    expect((await parseExportFile(big)).report.fatal).toMatch(/^not valid JSON \(between bytes 0 and 65536\): /);
  });

  it('reports rows of another known table by line, and JSON Lines that do not parse', async () => {
    const rows = [
      {
        TimeGenerated: '2026-11-19T07:00:00Z',
        Id: 'a',
        OperationName: 'Add member to role',
        InitiatedBy: '{}',
        TargetResources: '[]',
        Type: 'AuditLogs',
      },
      'not json',
      {
        TimeGenerated: '2026-11-19T07:00:01Z',
        Id: 'b',
        OperationName: 'Sign-in activity',
        InitiatedBy: '{}',
        Type: 'SigninLogs',
      },
    ];
    const path = file('m.jsonl', rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n');
    const { report, records } = await parseExportFile(path);
    expect(report).toMatchObject({ format: 'log-analytics-auditlogs-jsonl', rows: 3 });
    expect(report.problems).toEqual([
      { line: 2, reason: 'not valid JSON' },
      { line: 3, reason: 'a row of table SigninLogs, not AuditLogs' },
    ]);
    expect(records.map((r) => r.body.id)).toEqual(['a']);
  });
});

describe('encodings and size', () => {
  it('reads a UTF-16 LE download with a byte-order mark', async () => {
    const text = signInCsv(['11/19/2026, 7:49:02.000 AM']).replace('sara.lund', 'søren.ågård');
    const path = file('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const { report, records } = await parseExportFile(path);
    expect(report.fatal).toBeNull();
    expect(records[0]!.body).toMatchObject({
      userPrincipalName: 'søren.ågård@nordhavn.dk',
      createdDateTime: '2026-11-19T07:49:02.000Z',
    });
  });

  it('streams a large export in batches, with the right line for a bad row after thousands of multi-line cells', async () => {
    const head =
      'TimeGenerated [UTC],Id,UserPrincipalName,IPAddress,ResultType,ResultDescription,AppDisplayName,ClientAppUsed,Type';
    const lines: string[] = [head];
    const n = 60_000;
    for (let i = 0; i < n; i++)
      lines.push(
        `"2026-11-19T07:49:02Z",id-${i},u${i}@nordhavn.dk,203.0.113.9,0,"two\r\nlines",App,Browser,SigninLogs`,
      );
    lines.push('"2026-11-19T07:49:02Z",bad,u@nordhavn.dk,203.0.113.9,oops,"",App,Browser,SigninLogs');
    const path = file('large.csv', lines.join('\r\n') + '\r\n');
    const opened = await openExport(path);
    expect(opened.report.rows).toBe(n + 1);
    const sizes: number[] = [];
    for await (const batch of opened.records(5000)) sizes.push(batch.length);
    expect(sizes).toHaveLength(12);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
    // The header is line 1 and every row spans two lines.
    expect(opened.report.problems).toEqual([{ line: 2 + 2 * n, reason: 'ResultType "oops" is not an error code' }]);
  }, 60_000);
});

describe('the case log', () => {
  it('records notes and the full problem count for each imported file', () => {
    const data = join(tmp.dir, 'data');
    const out = runImport([join(EXPORTS, 'search-unifiedauditlog.csv')], {
      user: 'sara.lund@nordhavn.dk',
      tenant: 'nordhavn.dk',
      dataDir: data,
    });
    expect(out.stdout).toContain(
      'search-unifiedauditlog.csv: search-unifiedauditlog-csv → auditLog: 3 of 4 rows imported',
    );
    expect(out.stdout).toContain('  note: dates read day-first for the whole file (line 6: "20-09-2023 04:20:00")');
    expect(out.stdout).toContain('  line 5: the AuditData column is not valid JSON');
  }, 60_000);
});
