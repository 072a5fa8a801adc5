import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExportFile } from '../../../src/main/import/import-files.ts';
import { parseExportTime } from '../../../src/main/import/export-time.ts';
import { ROOT, runClearance } from '../../support/cli.ts';
import { runImportJson } from '../../support/import-cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

const EXPORTS = join(ROOT, 'tests', 'fixtures', 'exports');
let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

/** A message trace export in the Exchange admin center's layout: ordinary mail, then a burst. */
function messageTraceCsv(): string {
  const rows = [
    '"date_time_utc","sender_address","recipient_address","subject","status","to_ip","from_ip","message_size","direction","message_trace_id"',
  ];
  const line = (t: string, to: string, subject: string, status: string, i: number) =>
    [t, 'sara.lund@nordhavn.dk', to, subject, status, '203.0.113.9', '41.203.72.11', '20481', 'Outbound', `trace-${i}`]
      .map((v) => `"${v}"`)
      .join(',');
  let i = 0;
  for (let d = 1; d <= 17; d++)
    for (let h = 0; h < 8; h++)
      rows.push(
        line(
          `11/${d}/2026 ${8 + h}:05:00 AM`
            .replace(/ (1[2-9]):/, (_m, hh: string) => ` ${Number(hh) - 12 || 12}:`)
            .replace('AM', 8 + h >= 12 ? 'PM' : 'AM'),
          `colleague${h}@nordhavn.dk`,
          'Re: weekly plan',
          'Delivered',
          i++,
        ),
      );
  for (let k = 0; k < 900; k++)
    rows.push(
      line(
        `2026-11-19 ${8 + Math.floor(k / 450)}:${String(Math.floor((k % 450) / 8)).padStart(2, '0')}:00`,
        `user${k}@victims${k % 7}.example`,
        'Your invoice is overdue',
        k < 880 ? 'Delivered' : 'Failed',
        i++,
      ),
    );
  return rows.join('\r\n') + '\r\n';
}

describe('export times', () => {
  it.each([
    ['2026-11-19T07:49:02Z', '2026-11-19T07:49:02.000Z'],
    ['2026-11-19T07:49:02', '2026-11-19T07:49:02.000Z'],
    ['2026-11-19 07:49:02', '2026-11-19T07:49:02.000Z'],
    ['11/19/2026 7:49:02 AM', '2026-11-19T07:49:02.000Z'],
    ['4/28/2021, 2:19:28.000 PM', '2021-04-28T14:19:28.000Z'],
    ['28.04.2021 14:19:28', '2021-04-28T14:19:28.000Z'],
    ['28/04/2021 14:19', '2021-04-28T14:19:00.000Z'],
    ['12/1/2026 12:05:00 AM', '2026-12-01T00:05:00.000Z'],
  ])('%s → %s', (raw, iso) => expect(parseExportTime(raw)).toBe(iso));

  it.each(['', 'yesterday', '31/02/2026 10:00', '13/13/2026 10:00'])('refuses %j', (raw) =>
    expect(parseExportTime(raw)).toBeNull(),
  );
});

describe('parsing exports', () => {
  it('reads a Purview audit CSV with a BOM and CRLF, reporting the bad row by line', async () => {
    const { report, records } = await parseExportFile(join(EXPORTS, 'purview-audit.csv'));
    expect(report).toMatchObject({ format: 'purview-audit-csv', source: 'auditLog', rows: 5, fatal: null });
    expect(report.problems).toEqual([{ line: 4, reason: 'the AuditData column is not valid JSON' }]);
    expect(records.map((r) => r.body.operation)).toEqual([
      'New-InboxRule',
      'Set-Mailbox',
      'MailItemsAccessed',
      'MailItemsAccessed',
    ]);
    expect(records[0]!.body).toMatchObject({
      createdDateTime: '2026-11-19T07:49:02.000Z',
      clientIp: '41.203.72.11:51234',
    });
  });

  it('reads an Entra sign-in CSV, reporting the row with an unreadable date', async () => {
    const { report, records } = await parseExportFile(join(EXPORTS, 'entra-signins.csv'));
    expect(report).toMatchObject({ format: 'entra-signins-csv', source: 'signIns', rows: 19 });
    expect(report.problems).toEqual([{ line: 20, reason: 'no readable date or request id' }]);
    expect(records.find((r) => r.body.id === 'req-ng-5')!.body).toMatchObject({
      clientAppUsed: 'Authenticated SMTP',
      status: { errorCode: 0 },
      location: { countryOrRegion: 'NG' },
    });
  });

  it('reads a message trace CSV and Graph JSON, and names what it cannot read', async () => {
    writeFileSync(join(tmp.dir, 'trace.csv'), messageTraceCsv());
    expect((await parseExportFile(join(tmp.dir, 'trace.csv'))).report).toMatchObject({
      format: 'message-trace-csv',
      source: 'messageTrace',
      problems: [],
    });
    writeFileSync(
      join(tmp.dir, 'signins.json'),
      JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
        value: [{ id: 'x', createdDateTime: '2026-11-19T07:00:00Z', ipAddress: '1.1.1.1', clientAppUsed: 'Browser' }],
      }),
    );
    expect((await parseExportFile(join(tmp.dir, 'signins.json'))).report).toMatchObject({
      format: 'graph-signins-json',
      source: 'signIns',
      rows: 1,
    });
    writeFileSync(join(tmp.dir, 'other.csv'), 'a,b\n1,2\n');
    expect((await parseExportFile(join(tmp.dir, 'other.csv'))).report.fatal).toMatch(/unrecognised CSV columns/);
    writeFileSync(
      join(tmp.dir, 'broken.csv'),
      '"CreationDate","UserIds","Operations","AuditData"\n"x","y","z","{unclosed\n',
    );
    expect((await parseExportFile(join(tmp.dir, 'broken.csv'))).report.fatal).toMatch(/cannot be read/);
    writeFileSync(join(tmp.dir, 'broken.json'), '{"value": [');
    expect((await parseExportFile(join(tmp.dir, 'broken.json'))).report.fatal).toMatch(/not valid JSON/);
  });
});

describe('clearance import', () => {
  it('turns an audit export, a sign-in download and a message trace into a case whose findings match the records', () => {
    writeFileSync(join(tmp.dir, 'trace.csv'), messageTraceCsv());
    const data = join(tmp.dir, 'data');
    const { code, result } = runImportJson<{
      caseId: string;
      files: Array<{ file: string; imported: number; problems: unknown[]; sha256: string }>;
      findings: Array<{ detector: string; weight: string }>;
      verdict: { verdict: string };
    }>([join(EXPORTS, 'purview-audit.csv'), join(EXPORTS, 'entra-signins.csv'), join(tmp.dir, 'trace.csv')], {
      user: 'sara.lund@nordhavn.dk',
      tenant: 'nordhavn.dk',
      blockedAt: '2026-11-19T10:00:00Z',
      dataDir: data,
    });
    expect(code).toBe(3);
    expect(result.files.map((f) => [f.file, f.imported, f.problems.length])).toEqual([
      ['purview-audit.csv', 4, 1],
      ['entra-signins.csv', 18, 1],
      ['trace.csv', 1036, 0],
    ]);
    const detectors = new Set(result.findings.map((f) => f.detector));
    for (const d of [
      'inbox-rule-created-recently',
      'mailbox-forwarding',
      'signin-legacy-protocol',
      'signin-failure-burst',
      'outbound-burst',
    ])
      expect(detectors, d).toContain(d);
    expect(result.verdict.verdict).toBe('compromised');

    // Importing the same files again adds nothing, and the case file still verifies.
    const again = JSON.parse(
      runClearance([
        'import',
        join(EXPORTS, 'purview-audit.csv'),
        '--case',
        result.caseId,
        '--data-dir',
        data,
        '--json',
      ]).stdout,
    ) as { files: Array<{ imported: number }> };
    expect(again.files[0]!.imported).toBe(0);
    const listed = JSON.parse(runClearance(['cases', 'list', '--json', '--data-dir', data]).stdout) as Array<{
      id: string;
    }>;
    expect(listed.map((c) => c.id)).toEqual([result.caseId]);
    expect(runClearance(['verify', join(data, 'cases', `${result.caseId}.clearance`)]).code).toBe(0);
  }, 60_000);

  it('importing the same inbox rules again keeps them in the current state', () => {
    const rules = join(tmp.dir, 'rules.json');
    writeFileSync(
      rules,
      JSON.stringify({
        '@odata.context': "https://graph.microsoft.com/v1.0/$metadata#users('x')/mailFolders('inbox')/messageRules",
        value: [
          {
            id: 'AQAAAJ5dZqA=',
            displayName: '.',
            isEnabled: true,
            conditions: {},
            actions: { forwardTo: [{ emailAddress: { address: 'drop@evil.example' } }] },
          },
        ],
      }),
    );
    const data = join(tmp.dir, 'data');
    const importRules = (...target: string[]) =>
      JSON.parse(runClearance(['import', rules, ...target, '--data-dir', data, '--json']).stdout) as {
        caseId: string;
        files: Array<{ imported: number }>;
        findings: Array<{ detector: string }>;
      };
    const first = importRules('--user', 'sara.lund@nordhavn.dk', '--tenant', 'nordhavn.dk');
    expect(first.findings.map((f) => f.detector)).toContain('inbox-rule-external-forward');
    // A snapshot is the state one run saw: the second import is the current state and must hold the rule.
    const second = importRules('--case', first.caseId);
    expect(second.files[0]!.imported).toBe(1);
    expect(second.findings.map((f) => f.detector)).toContain('inbox-rule-external-forward');
  }, 60_000);

  it('refuses to run without a case or a user, and names missing files', () => {
    expect(runClearance(['import', join(EXPORTS, 'purview-audit.csv')]).code).toBe(2);
    expect(runClearance(['import', '/nope.csv', '--case', 'x']).stderr).toContain('no such file: /nope.csv');
  });
});
