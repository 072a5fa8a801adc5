import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExportFile } from '../../../src/main/import/import-files.ts';
import { ROOT } from '../../support/cli.ts';

/** Every export layout from its fixture (tests/fixtures/exports/README.md says where each comes from). */
const EXPORTS = join(ROOT, 'tests', 'fixtures', 'exports');
const read = (file: string, dateOrder?: 'dmy' | 'mdy') => parseExportFile(join(EXPORTS, file), { dateOrder });
const byId = (records: Array<{ body: Record<string, unknown> }>, id: string) => {
  const found = records.find((r) => r.body.id === id);
  expect(found, id).toBeDefined();
  return found!.body;
};
const V6 = '2a01:4f8:c17:2d3f::1';

describe('Purview audit search export (current layout)', () => {
  it('reads every row but the one whose AuditData is cut off, with Graph names and the raw client address', async () => {
    const { report, records } = await read('purview-audit-search.csv');
    expect(report).toMatchObject({ format: 'purview-audit-search-csv', source: 'auditLog', rows: 6, fatal: null });
    expect(report.problems).toEqual([{ line: 4, reason: 'the AuditData column is not valid JSON' }]);
    expect(records.map((r) => r.line)).toEqual([2, 3, 5, 6, 7]);
    expect(byId(records, '5b1c0a51-0002-4c1e-9a7e-000000000002')).toMatchObject({
      '@odata.type': '#microsoft.graph.security.auditLogRecord',
      createdDateTime: '2023-09-20T04:07:41.000Z',
      operation: 'New-InboxRule',
      userPrincipalName: 'sara.lund@nordhavn.dk',
      clientIp: `[${V6}]:36185`,
      auditLogRecordType: 'ExchangeAdmin',
      userType: 'Admin',
      service: 'Exchange',
      auditData: {
        RecordType: 1,
        Parameters: expect.arrayContaining([{ Name: 'MoveToFolder', Value: 'Conversation History' }]),
      },
    });
    expect(byId(records, '5b1c0a51-0004-4c1e-9a7e-000000000004')).toMatchObject({
      clientIp: V6,
      auditLogRecordType: 'ExchangeItemAggregated',
    });
    expect(byId(records, '5b1c0a51-0005-4c1e-9a7e-000000000005')).toMatchObject({
      userId: 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)',
      userType: 'DcAdmin',
      createdDateTime: '2023-09-18T23:02:19.000Z',
    });
  });

  it('takes the id and time from RecordId and CreationDate when AuditData lacks them, month-first as the file shows', async () => {
    const { report, records } = await read('purview-audit-search.csv');
    expect(byId(records, '5b1c0a51-0006-4c1e-9a7e-000000000006')).toMatchObject({
      createdDateTime: '2023-09-20T15:30:00.000Z',
      operation: 'Add-MailboxPermission',
      userPrincipalName: 'it.admin@nordhavn.dk',
    });
    // Microsoft documents CreationDate as UTC: no "read as UTC" note.
    expect(report.notes).toEqual(['dates read month-first for the whole file (line 7: "9/20/2023 3:30:00 PM")']);
  });
});

describe('Search-UnifiedAuditLog | Export-Csv (Windows PowerShell 5.1, Danish culture)', () => {
  it('skips the #TYPE line, counts lines from it, and reads the culture date day-first, saying it assumed UTC', async () => {
    const { report, records } = await read('search-unifiedauditlog.csv');
    expect(report).toMatchObject({ format: 'search-unifiedauditlog-csv', rows: 4, fatal: null });
    expect(report.problems).toEqual([{ line: 5, reason: 'the AuditData column is not valid JSON' }]);
    expect(records.map((r) => [r.line, r.body.operation, r.body.createdDateTime])).toEqual([
      [3, 'UserLoginFailed', '2023-09-20T03:58:12.000Z'],
      [4, 'UserLoggedIn', '2023-09-20T03:59:40.000Z'],
      [6, 'New-InboxRule', '2023-09-20T04:20:00.000Z'],
    ]);
    expect(records[2]!.body).toMatchObject({
      id: '7c2d1b62-0003-4d2f-8b8f-000000000003',
      clientIp: '185.220.101.4:50122',
    });
    expect(report.notes).toEqual([
      'dates read day-first for the whole file (line 6: "20-09-2023 04:20:00")',
      'some times carry no time zone and no column says which: they were read as UTC',
    ]);
  });
});

describe('Log Analytics OfficeActivity', () => {
  it('rebuilds AuditData under the unified audit log names from the portal CSV (OTRF row with a CRLF inside a cell)', async () => {
    const { report, records } = await read('log-analytics-officeactivity.csv');
    expect(report).toMatchObject({ format: 'log-analytics-officeactivity-csv', source: 'auditLog', rows: 5 });
    expect(report.problems).toEqual([
      { line: 5, reason: 'the Parameters column is not a JSON list of {Name, Value}' },
      { line: 6, reason: 'expected 38 fields, found 5' },
    ]);
    expect(records.map((r) => r.line)).toEqual([2, 4, 7]);
    const otrf = byId(records, '699e0b10-1c53-403e-976f-ce0847a92b44');
    expect(otrf).toMatchObject({
      createdDateTime: '2021-08-02T13:32:07.000Z',
      operation: 'MailItemsAccessed',
      userPrincipalName: 'pgustavo@simulandlabs.com',
      clientIp: '1.2.3.4',
      service: 'Exchange',
      auditLogRecordType: 'ExchangeItemAggregated',
      userType: 'Regular',
      auditData: {
        Operation: 'MailItemsAccessed',
        UserId: 'pgustavo@simulandlabs.com',
        ClientIP: '1.2.3.4',
        ClientIPAddress: '1.2.3.4',
        RecordType: 50,
        UserType: 0,
        Workload: 'Exchange',
        LogonType: 'Owner',
        ExternalAccess: false,
        OriginatingServer: 'AB1CD23EF4567 (15.20.4200.000)\r\n',
        OperationProperties: [
          { Name: 'MailAccessType', Value: 'Bind' },
          { Name: 'IsThrottled', Value: 'False' },
        ],
      },
    });
    expect((otrf.auditData as { Folders: Array<{ Path: string }> }).Folders[0]!.Path).toBe('\\Inbox');
    expect(otrf.auditData).not.toHaveProperty('TenantId');
    expect(otrf.auditData).not.toHaveProperty('UserId_');
    expect(byId(records, '0e3a0c3e-13aa-4f0f-9a51-000000000001')).toMatchObject({
      createdDateTime: '2021-08-13T09:14:27.000Z',
      clientIp: `[${V6}]:36185`,
      auditData: {
        Parameters: [
          { Name: 'Name', Value: '.' },
          { Name: 'MoveToFolder', Value: 'Archive' },
          { Name: 'DeleteMessage', Value: 'True' },
          { Name: 'StopProcessingRules', Value: 'True' },
        ],
        ObjectId: 'pgustavo\\.',
        RecordType: 1,
      },
    });
  });

  it('reads the OTRF row (one JSON object) to the same record as the CSV', async () => {
    const json = await read('otrf-golden-saml/OfficeActivityEvents.json');
    const csv = await read('log-analytics-officeactivity.csv');
    expect(json.report).toMatchObject({ format: 'log-analytics-officeactivity-json', rows: 1, problems: [] });
    const pick = (b: Record<string, unknown>) => [
      b.id,
      b.createdDateTime,
      b.operation,
      b.userPrincipalName,
      b.clientIp,
      b.auditLogRecordType,
      (b.auditData as Record<string, unknown>).Folders,
    ];
    expect(pick(json.records[0]!.body)).toEqual(pick(csv.records[0]!.body));
  });
});

describe('Log Analytics AuditLogs', () => {
  it('refuses the OTRF rows downloaded as CSV when every date reads both ways, naming the flag', async () => {
    const { report, records } = await read('log-analytics-auditlogs.csv');
    expect(records).toEqual([]);
    expect(report.fatal).toBe(
      'its dates cannot be read one way: every date in it reads both day-first and month-first (line 2: "8/2/2021, 2:29:25.983 PM"); choose with --date-order dmy (day first) or --date-order mdy (month first)',
    );
  });

  it('with the order chosen, applies the header zone [UTC+01:00] and rebuilds the JSON columns', async () => {
    const { report, records } = await read('log-analytics-auditlogs.csv', 'mdy');
    expect(report).toMatchObject({
      format: 'log-analytics-auditlogs-csv',
      source: 'directoryAudits',
      rows: 4,
      problems: [],
    });
    expect(report.notes).toEqual(['dates read month-first, as chosen with --date-order']);
    expect(records[0]!.body).toMatchObject({
      id: 'Directory_10065ffb-8199-48bc-8ff5-912cb5b8295a_AUMVX_13992832',
      activityDateTime: '2021-08-02T13:29:25.983Z',
      activityDisplayName: 'Update application – Certificates and secrets management ',
      category: 'ApplicationManagement',
      result: 'success',
      loggedByService: 'Core Directory',
      operationType: 'Update',
      initiatedBy: { user: { userPrincipalName: 'pgustavo@simulandlabs.com' } },
      targetResources: [{ displayName: 'SimuLandApp', type: 'Application' }],
      additionalDetails: [{ key: 'User-Agent' }],
    });
    const dayFirst = await read('log-analytics-auditlogs.csv', 'dmy');
    expect(dayFirst.records[0]!.body.activityDateTime).toBe('2021-02-08T13:29:25.983Z');
  });

  it('reads the same rows from the query API (tables, columns, rows) and from OTRF JSON Lines, whatever Type a query put there', async () => {
    const api = await read('log-analytics-auditlogs-api.json');
    const jsonl = await read('otrf-golden-saml/AADAuditEvents.json');
    const csv = await read('log-analytics-auditlogs.csv', 'mdy');
    expect(api.report).toMatchObject({ format: 'log-analytics-auditlogs-json', rows: 4, problems: [] });
    expect(jsonl.report).toMatchObject({ format: 'log-analytics-auditlogs-jsonl', rows: 4, problems: [] });
    const summary = (records: typeof api.records) =>
      records.map((r) => [r.line, r.body.id, r.body.activityDateTime, r.body.activityDisplayName]);
    expect(summary(api.records)).toEqual(summary(jsonl.records));
    expect(summary(jsonl.records).map(([, ...rest]) => rest)).toEqual(summary(csv.records).map(([, ...rest]) => rest));
    expect(api.records[3]!.body).toMatchObject({
      activityDisplayName: 'Add delegated permission grant',
      category: 'ApplicationManagement',
    });
  });
});

describe('Log Analytics SigninLogs and AADNonInteractiveUserSignInLogs', () => {
  it('reads the portal CSV as Graph signIns: ResultType is status.errorCode, LocationDetails the location', async () => {
    const { report, records } = await read('log-analytics-signinlogs.csv');
    expect(report).toMatchObject({ format: 'log-analytics-signinlogs-csv', source: 'signIns', rows: 6 });
    expect(report.problems).toEqual([{ line: 6, reason: 'ResultType "Success" is not an error code' }]);
    expect(records).toHaveLength(5);
    expect(byId(records, 'a8e3f1d0-0002-4b00-9000-000000000002')).toMatchObject({
      createdDateTime: '2026-11-19T07:47:30.500Z',
      userPrincipalName: 'sara.lund@nordhavn.dk',
      ipAddress: V6,
      clientAppUsed: 'Authenticated SMTP',
      isInteractive: true,
      status: { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.' },
      location: { city: 'Lagos', countryOrRegion: 'NG', geoCoordinates: { latitude: 6.4531 } },
      deviceDetail: { operatingSystem: 'Windows 10', browser: 'Edge 118.0.2088' },
      autonomousSystemNumber: 37148,
    });
    expect(byId(records, 'a8e3f1d0-0006-4b00-9000-000000000006')).toMatchObject({ status: { errorCode: 50074 } });
  });

  it('reads `az monitor log-analytics query` JSON of non-interactive sign-ins as isInteractive false', async () => {
    const { report, records } = await read('log-analytics-noninteractive.json');
    expect(report).toMatchObject({ format: 'log-analytics-signinlogs-json', source: 'signIns', rows: 3 });
    expect(report.problems).toEqual([{ line: 3, reason: 'no readable TimeGenerated or Id' }]);
    expect(records.map((r) => r.body.isInteractive)).toEqual([false, false]);
    expect(records[0]!.body).toMatchObject({
      id: 'b9f4e2c1-0001-4c00-9000-000000000001',
      createdDateTime: '2026-11-19T07:52:10.441Z',
      userPrincipalName: 'sara.lund@nordhavn.dk',
      appDisplayName: 'Microsoft Teams',
      status: { errorCode: 0 },
      location: { countryOrRegion: 'NG' },
    });
  });
});

describe('Graph audit log query records', () => {
  it('keeps Graph records, fills what auditData holds, and reports the one without a time', async () => {
    const { report, records } = await read('graph-auditlogrecords.json');
    expect(report).toMatchObject({ format: 'graph-auditlogrecords-json', source: 'auditLog', rows: 3 });
    expect(report.problems).toEqual([{ line: 3, reason: 'no id or readable createdDateTime' }]);
    expect(byId(records, '5b1c0a51-0002-4c1e-9a7e-000000000002')).toMatchObject({
      clientIp: `[${V6}]:36185`,
      createdDateTime: '2023-09-20T04:07:41.000Z',
      auditData: {
        Parameters: [
          { Name: 'Name', Value: '.' },
          { Name: 'MoveToFolder', Value: 'Conversation History' },
        ],
      },
    });
    expect(byId(records, '5b1c0a51-0004-4c1e-9a7e-000000000004')).toMatchObject({
      userPrincipalName: 'sara.lund@nordhavn.dk',
      clientIp: V6,
      operation: 'MailItemsAccessed',
    });
  });

  it("refuses the placeholder record of Microsoft's documentation example by line", async () => {
    const { report, records } = await read('graph-docs/security-auditlogquery-list-records.json');
    expect(report.format).toBe('graph-auditlogrecords-json');
    expect(records).toEqual([]);
    expect(report.problems).toEqual([{ line: 1, reason: 'no id or readable createdDateTime' }]);
  });
});
