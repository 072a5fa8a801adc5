import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExportFile } from '../../../src/main/import/import-files.ts';
import { ROOT } from '../../support/cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

/** Defender XDR advanced hunting exports (tests/fixtures/exports/defender-xdr/README.md says how each was made). */
const DIR = join(ROOT, 'tests', 'fixtures', 'exports', 'defender-xdr');
const read = (file: string) => parseExportFile(join(DIR, file));
const byId = (records: Array<{ body: Record<string, unknown> }>, id: string) => {
  const found = records.find((r) => r.body.id === id);
  expect(found, id).toBeDefined();
  return found!.body;
};

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

describe('CloudAppEvents', () => {
  it('reads the portal CSV export as audit log records keyed by the UAL record id, refusing the cut-off RawEventData', async () => {
    const { report, records } = await read('cloudappevents.csv');
    expect(report).toMatchObject({ format: 'defender-cloudappevents-csv', source: 'auditLog', rows: 6, fatal: null });
    expect(report.problems).toEqual([{ line: 5, reason: 'the RawEventData column is not a JSON object' }]);
    expect(report.notes).toEqual([]);
    expect(records.map((r) => r.body.operation)).toEqual([
      'UserLoggedIn',
      'New-InboxRule',
      'Set-Mailbox',
      'MailItemsAccessed',
      'FileAccessed',
    ]);
    expect(byId(records, '3f1c8a2e-5b7d-4e90-a1c3-7d2e9f4b6a01')).toMatchObject({
      '@odata.type': '#microsoft.graph.security.auditLogRecord',
      createdDateTime: '2026-11-19T07:49:02.000Z',
      userPrincipalName: 'sara.lund@nordhavn.dk',
      clientIp: '203.0.113.45:50412',
      auditLogRecordType: 'ExchangeAdmin',
      auditData: { Parameters: expect.arrayContaining([{ Name: 'MoveToFolder', Value: 'RSS Feeds' }]) },
      cloudAppEvent: { countryCode: 'NG', city: 'Lagos', activityType: 'Create' },
    });
    // The raw address with its port, IPv6 in brackets, as Exchange wrote it: detectors parse it.
    expect(byId(records, '8c2d4e6f-1a3b-4c5d-9e7f-0a1b2c3d4e02').clientIp).toBe('[2001:db8:85a3::8a2e:370:7334]:443');
    expect(byId(records, '9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e05')).toMatchObject({
      userPrincipalName: 'anna.berg@nordhavn.dk',
      service: 'SharePoint',
    });
  });

  it("reads the hunting API's {Schema, Results}, rebuilding a row without RawEventData from the table's columns", async () => {
    const { report, records } = await read('cloudappevents-api.json');
    expect(report).toMatchObject({ format: 'defender-cloudappevents-json', rows: 3, fatal: null });
    expect(report.problems).toEqual([
      {
        line: 3,
        reason:
          'neither ActivityType nor RawEventData: a row of another advanced hunting table (device or identity events)',
      },
    ]);
    expect(byId(records, '106830890_11161_d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f07')).toMatchObject({
      createdDateTime: '2026-11-19T08:05:44.000Z',
      operation: 'Add delegated permission grant.',
      userPrincipalName: 'sara.lund@nordhavn.dk',
      clientIp: '203.0.113.45',
      service: 'Office 365',
      auditData: {},
    });
  });

  it("reads OTRF's real Defender rows (JSON Lines, a union of tables): the two CloudAppEvents rows, the others named", async () => {
    const { report, records } = await read('Microsoft365DefenderEvents.json');
    expect(report).toMatchObject({ format: 'defender-cloudappevents-jsonl', source: 'auditLog', rows: 9 });
    expect(report.problems.map((p) => p.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(records.map((r) => r.line)).toEqual([8, 9]);
    expect(byId(records, '699e0b10-1c53-403e-976f-ce0847a92b44')).toMatchObject({
      operation: 'MailItemsAccessed',
      createdDateTime: '2021-08-02T13:32:07.000Z',
      userPrincipalName: 'pgustavo@simulandlabs.com',
      clientIp: '1.2.3.4',
      auditData: { ClientAppId: '5a95e683-08ad-424e-a441-1d1aec52c02c' },
    });
    expect(byId(records, '106830890_11161_e417c1fd-ae0b-4efa-891b-bb6b0ea7d35e')).toMatchObject({
      operation: 'Add delegated permission grant.',
      userPrincipalName: 'pgustavo@simulandlabs.com',
    });
  });
});

describe('EmailEvents', () => {
  it('reads one message trace record per message and recipient, every direction, with the status message trace would give', async () => {
    const { report, records } = await read('emailevents.csv');
    expect(report).toMatchObject({ format: 'defender-emailevents-csv', source: 'messageTrace', rows: 6 });
    expect(report.problems).toEqual([{ line: 7, reason: 'no NetworkMessageId, sender or recipient' }]);
    expect(records.map((r) => [r.body.recipientAddress, r.body.status])).toEqual([
      ['ap@victim1.example', 'delivered'],
      ['billing@victim2.example', 'delivered'],
      ['finance@victim3.example', 'quarantined'],
      ['sara.lund@nordhavn.dk', 'delivered'],
      ['anna.berg@nordhavn.dk', 'delivered'],
    ]);
    expect(byId(records, '4a1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d|ap@victim1.example')).toMatchObject({
      senderAddress: 'sara.lund@nordhavn.dk',
      receivedDateTime: '2026-11-19T08:02:11.531Z',
      subject: 'Your invoice is overdue',
      fromIP: '203.0.113.45',
      messageId: '<AM0PR06MB1234A1@AM0PR06MB1234.eurprd06.prod.outlook.com>',
      emailEvent: { emailDirection: 'Outbound', deliveryLocation: 'On-premises/External' },
    });
    // Only an IPv6 sender address: it is the one kept.
    expect(byId(records, '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e|sara.lund@nordhavn.dk').fromIP).toBe('2001:db8:4::25');
  });
});

describe('AADSignInEventsBeta', () => {
  it('reads Graph sign-ins: RequestId as id, ErrorCode as status, location and interactivity from their columns', async () => {
    const { report, records } = await read('aadsignineventsbeta.csv');
    expect(report).toMatchObject({ format: 'defender-aadsigninevents-csv', source: 'signIns', rows: 5 });
    expect(report.problems).toEqual([{ line: 6, reason: 'ErrorCode "n/a" is not a number' }]);
    expect(records.map((r) => (r.body.status as { errorCode: number }).errorCode)).toEqual([0, 50126, 0, 0]);
    expect(byId(records, 'a1b2c3d4-0002-4e5f-8a9b-0c1d2e3f4a02')).toMatchObject({
      createdDateTime: '2026-11-19T07:45:10.000Z',
      userPrincipalName: 'sara.lund@nordhavn.dk',
      userId: '6f0c2f4e-2a4b-4b7e-9c1d-2d8f3e5a7b10',
      ipAddress: '203.0.113.45',
      clientAppUsed: 'Browser',
      conditionalAccessStatus: 'notApplied',
      isInteractive: true,
      location: { city: 'Lagos', countryOrRegion: 'NG', geoCoordinates: { latitude: 6.4541, longitude: 3.3947 } },
      riskLevelDuringSignIn: 'medium',
    });
    expect(byId(records, 'a1b2c3d4-0004-4e5f-8a9b-0c1d2e3f4a04')).toMatchObject({
      ipAddress: '2001:db8:85a3::8a2e:370:7334',
      clientAppUsed: 'Authenticated SMTP',
      isInteractive: false,
      location: { geoCoordinates: null },
    });
  });
});

describe('near misses and other kinds', () => {
  it('refuses a CloudAppEvents export without RawEventData and names the closest layout', async () => {
    writeFileSync(
      join(tmp.dir, 'cae.csv'),
      'Timestamp,ActionType,Application,AccountObjectId,ActivityType,IPAddress\n2026-11-19T07:49:02Z,New-InboxRule,Microsoft Exchange Online,x,Create,203.0.113.45\n',
    );
    const { report } = await parseExportFile(join(tmp.dir, 'cae.csv'));
    expect(report.format).toBeNull();
    expect(report.fatal).toMatch(/closest is Defender XDR advanced hunting CloudAppEvents \(CSV\).*"RawEventData"/);
  });

  it('refuses an EmailEvents export without EmailDirection', async () => {
    writeFileSync(
      join(tmp.dir, 'ee.csv'),
      'Timestamp,NetworkMessageId,SenderFromAddress,RecipientEmailAddress,Subject\n2026-11-19T08:02:11Z,n1,sara.lund@nordhavn.dk,ap@victim1.example,x\n',
    );
    expect((await parseExportFile(join(tmp.dir, 'ee.csv'))).report.fatal).toMatch(
      /closest is Defender XDR advanced hunting EmailEvents.*"EmailDirection"/,
    );
  });

  it("does not take Log Analytics' SigninLogs or a message trace for a Defender table", async () => {
    const exports = join(ROOT, 'tests', 'fixtures', 'exports');
    expect((await parseExportFile(join(exports, 'log-analytics-signinlogs.csv'))).report.format).toBe(
      'log-analytics-signinlogs-csv',
    );
    expect((await parseExportFile(join(exports, 'message-trace', 'get-messagetrace.csv'))).report.format).toBe(
      'get-messagetrace-csv',
    );
    expect((await parseExportFile(join(exports, 'purview-audit-search.csv'))).report.format).toBe(
      'purview-audit-search-csv',
    );
  });
});
