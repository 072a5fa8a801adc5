import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExportFile } from '../../../src/main/import/import-files.ts';
import { ROOT } from '../../support/cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

/** The single files of the collectors' folders: inbox rules and audit records in their own shapes. */
const EXPORTS = join(ROOT, 'tests', 'fixtures', 'exports');
const ES = join(EXPORTS, 'extractor-suite', 'Output');
const HAWK = join(EXPORTS, 'hawk', 'Hawk_20261119_093000', 'sara.lund@nordhavn.dk');
const named = (records: Array<{ body: Record<string, unknown> }>, name: string) => {
  const found = records.find((r) => r.body.displayName === name);
  expect(found, name).toBeDefined();
  return found!.body;
};

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

describe('inbox rules', () => {
  it("reads Extractor-Suite's MailboxRules.csv as Graph message rules, each with its owner", async () => {
    const { report, records } = await parseExportFile(join(ES, 'Rules', 'MailboxRules.csv'));
    expect(report).toMatchObject({ format: 'extractor-suite-mailboxrules-csv', source: 'inboxRules', rows: 8 });
    expect(report.problems).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([2, 8, 14, 20, 26, 32, 39, 45]);
    expect(named(records, 'forward')).toEqual({
      id: 'jacksone@bonacu.onmicrosoft.com\\2222208661541879809',
      displayName: 'forward',
      sequence: 1,
      isEnabled: true,
      conditions: { subjectContains: ['invoice', 'payment', 'project', 'money'] },
      actions: {
        forwardTo: [
          { emailAddress: { name: 'Law1234567890@protonmail.com', address: 'Law1234567890@protonmail.com' } },
        ],
        delete: true,
        stopProcessingRules: true,
      },
      mailboxOwnerId: 'jacksone@bonacu.onmicrosoft.com',
      description: expect.stringContaining("forward the message to 'Law1234567890@protonmail.com'"),
    });
    expect(named(records, '发').actions).toEqual({ delete: true, stopProcessingRules: true });
    expect(named(records, 'Office365Alerts@microsoft.com').actions).toEqual({
      stopProcessingRules: true,
      markImportance: 'high',
    });
    expect(named(records, 'Weekly Reports Backup').actions).toMatchObject({
      forwardTo: [
        {
          emailAddress: {
            name: 'Patricia Davis',
            address:
              '/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=5219bb11dd8540a1b7898cfe7509e028-789afa84-34',
          },
        },
      ],
    });
  });

  it("reads Extractor-Suite's 2023 layout, taking delete and mark-read from the description", async () => {
    const { report, records } = await parseExportFile(join(ES, 'Rules', '20230926091150_MailboxRules.csv'));
    expect(report).toMatchObject({ format: 'extractor-suite-mailboxrules-2023-csv', rows: 1, problems: [] });
    expect(records[0]!.body).toMatchObject({
      id: 'fortunahodan\\..',
      displayName: '..',
      actions: { forwardTo: [{ emailAddress: { address: 'hacker@gmail.com' } }] },
    });
  });

  it("reads Hawk's Get-InboxRule JSON (UTF-16) whole, and refuses its CSV rows whose lists became a type name", async () => {
    const json = await parseExportFile(join(HAWK, 'InboxRules_sara.lund.json'));
    expect(json.report).toMatchObject({ format: 'get-inboxrule-json', rows: 2, problems: [] });
    expect(named(json.records, '.')).toMatchObject({
      id: 'Sara Lund\\2733752306731024385',
      isEnabled: true,
      sequence: 1,
      conditions: { subjectContains: ['invoice', 'payment'] },
      actions: {
        forwardTo: [{ emailAddress: { name: 'drop', address: 'drop@evil.example' } }],
        moveToFolder: 'Sara Lund:\\RSS Feeds',
        markAsRead: true,
      },
      mailboxOwnerId: 'sara lund',
    });
    expect(named(json.records, 'Newsletters').conditions).toEqual({
      fromAddresses: [{ emailAddress: { name: 'Shop News', address: 'news@shop.example' } }],
    });
    const csv = await parseExportFile(join(HAWK, 'InboxRules_sara.lund.csv'));
    expect(csv.records).toEqual([]);
    expect(csv.report.problems.map((p) => [p.line, p.reason.split(' holds')[0]])).toEqual([
      [2, 'ForwardTo'],
      [3, 'From'],
    ]);
  });

  it('refuses a rules export without the rule id, and does not take other CSVs for rules', async () => {
    // Extractor-Suite's current header without RuleIdentity.
    const header = [
      'UserName',
      'RuleName',
      'Enabled',
      'Priority',
      'StopProcessingRules',
      'CopyToFolder',
      'MoveToFolder',
      'RedirectTo',
      'ForwardTo',
      'ForwardAsAttachmentTo',
      'ApplyCategory',
      'MarkImportance',
      'MarkAsRead',
      'DeleteMessage',
      'SoftDeleteMessage',
      'From',
      'SubjectContainsWords',
      'SubjectOrBodyContainsWords',
      'BodyContainsWords',
      'HasAttachment',
      'Description',
      'InError',
      'ErrorType',
    ];
    writeFileSync(join(tmp.dir, 'rules.csv'), `${header.join(',')}\r\n${header.map(() => 'x').join(',')}\r\n`);
    expect((await parseExportFile(join(tmp.dir, 'rules.csv'))).report.fatal).toMatch(
      /closest is Microsoft-Extractor-Suite Get-MailboxRules.*"RuleIdentity"/,
    );
    expect((await parseExportFile(join(ES, 'MFA', '202504290949-MFA-AuthenticationMethods.csv'))).report.format).toBe(
      null,
    );
    expect((await parseExportFile(join(ES, 'Rules', '20230926091150_TransportRules.csv'))).report.format).toBe(null);
  });
});

describe('audit records as the collectors save them', () => {
  const record = (id: string, op: string, extra = '') =>
    `{"CreationTime":"2026-11-19T07:49:02","Id":"${id}","Operation":"${op}","OrganizationId":"a3c1f2d4-7b8e-4c9a-b6d5-1e2f3a4b5c6d","RecordType":1,"ResultStatus":"True","UserKey":"10032002A1B2C3D4","UserType":0,"Version":1,"Workload":"Exchange","ClientIP":"203.0.113.45:50412","UserId":"sara.lund@nordhavn.dk"${extra}}`;

  it('reads bare AuditData records as JSON Lines (2023 Extractor-Suite Get-UAL -Output JSON, in UTF-16), naming the broken line', async () => {
    const lines = [
      record('r1', 'New-InboxRule', ',"Parameters":[{"Name":"Name","Value":"."}]'),
      record('r2', 'Set-Mailbox'),
      '{"CreationTime":"2026-11-19T07:50:00","Id":"r3"',
      record('r4', 'MailItemsAccessed'),
    ];
    writeFileSync(join(tmp.dir, 'UAL-20261119000000.json'), Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf16le'));
    const { report, records } = await parseExportFile(join(tmp.dir, 'UAL-20261119000000.json'));
    expect(report).toMatchObject({ format: 'unified-audit-records-jsonl', source: 'auditLog', rows: 4 });
    expect(report.problems).toEqual([{ line: 3, reason: 'not valid JSON' }]);
    expect(records.map((r) => r.body.id)).toEqual(['r1', 'r2', 'r4']);
    expect(records[0]!.body).toMatchObject({
      createdDateTime: '2026-11-19T07:49:02.000Z',
      operation: 'New-InboxRule',
      clientIp: '203.0.113.45:50412',
      auditLogRecordType: 'ExchangeAdmin',
      auditData: { Parameters: [{ Name: 'Name', Value: '.' }] },
    });
  });

  it("reads Hawk's AuditData CSV under the file's own names, and Search-UnifiedAuditLog JSON whose AuditData is text", async () => {
    const csv = await parseExportFile(join(HAWK, 'Exchange_UAL_Audit_sara.lund.csv'));
    expect(csv.records[1]!.body).toMatchObject({
      id: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d02',
      operation: 'Send',
      clientIp: '[2001:db8:85a3::8a2e:370:7334]:443',
      auditLogRecordType: 'ExchangeItem',
      auditData: { ClientInfoString: 'Client=OWA;Action=ViaProxy', MailboxOwnerUPN: 'sara.lund@nordhavn.dk' },
    });
    const json = await parseExportFile(join(HAWK, 'User_Inbox_Rules_Creation_sara.lund.json'));
    expect(json.records[0]!.body).toMatchObject({
      id: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e01',
      createdDateTime: '2026-11-19T07:49:02.000Z',
      auditData: { Parameters: expect.arrayContaining([{ Name: 'ForwardTo', Value: 'drop@evil.example' }]) },
    });
  });

  it('refuses a Search-UnifiedAuditLog JSON item whose AuditData is neither object nor JSON text', async () => {
    writeFileSync(
      join(tmp.dir, 'ual.json'),
      JSON.stringify([
        {
          RecordType: 'ExchangeAdmin',
          CreationDate: '2026-11-19T07:49:02',
          UserIds: 'x',
          Operations: 'Set-Mailbox',
          AuditData: '{cut',
        },
      ]),
    );
    const { report } = await parseExportFile(join(tmp.dir, 'ual.json'));
    expect(report).toMatchObject({ format: 'search-unifiedauditlog-json', rows: 1 });
    expect(report.problems).toEqual([{ line: 1, reason: 'AuditData is neither a JSON object nor JSON text' }]);
  });
});
