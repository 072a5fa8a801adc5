import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/main/app/create-app.ts';
import { parseExportFile } from '../../../src/main/import/import-files.ts';
import { actorOf } from '../../../src/main/investigation/actors.ts';
import { ROOT } from '../../support/cli.ts';
import { runImportJson } from '../../support/import-cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

/** The Entra admin center's downloads (tests/fixtures/exports/entra/README.md says how each was built). */
const ENTRA = join(ROOT, 'tests', 'fixtures', 'exports', 'entra');
const INTERACTIVE = join(ENTRA, 'InteractiveSignIns_2026-11-18_2026-11-19.csv');
const NON_INTERACTIVE = join(ENTRA, 'NonInteractiveSignIns_2026-11-18_2026-11-19.csv');
const SERVICE_PRINCIPAL = join(ENTRA, 'ApplicationSignIns_2026-11-18_2026-11-19.csv');
const AUDIT = join(ENTRA, 'AuditLogs_2026-11-19.csv');
const ATTACKER = '203.0.113.45';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

const byId = (records: Array<{ body: Record<string, unknown> }>, id: string) => {
  const found = records.find((r) => r.body.id === id);
  expect(found, id).toBeDefined();
  return found!.body;
};
const request = (n: number) => `5e0c7a91-1b2d-4c3e-8f40-000000000${n}`;

/** A fixture's header with one column left out (and its cells), as a near miss of the layout. */
function withoutColumn(file: string, column: string): string {
  const [header, ...rows] = readFileSync(file, 'utf8').split('\r\n');
  const names = header!.split('","');
  const at = names.findIndex((n) => n.replace(/"/g, '') === column);
  expect(at, column).toBeGreaterThan(-1);
  const drop = (line: string) =>
    line
      .split('","')
      .filter((_, i) => i !== at)
      .join('","');
  const path = join(tmp.dir, 'near-miss.csv');
  // Only the header matters here; the first row keeps the file a CSV with data.
  writeFileSync(path, [drop(header!), drop(rows[0]!)].join('\r\n') + '\r\n');
  return path;
}

describe('Entra sign-in log download, interactive user sign-ins (CSV, today’s columns)', () => {
  it('reads every sign-in as Graph signIn, reporting the unreadable date and error code by line', async () => {
    const { report, records } = await parseExportFile(INTERACTIVE);
    expect(report).toMatchObject({ format: 'entra-signins-csv', source: 'signIns', rows: 7, fatal: null });
    expect(report.problems).toEqual([
      { line: 7, reason: 'no readable date or request id' },
      { line: 8, reason: 'Sign-in error code "n/a" is not an error code' },
    ]);
    // Microsoft documents the download's times as UTC: nothing to note.
    expect(report.notes).toEqual([]);
    expect(records.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);

    expect(byId(records, request(101))).toMatchObject({
      createdDateTime: '2026-11-18T07:58:12.000Z',
      userPrincipalName: 'freja.dahl@nordhavn.dk',
      userId: '7b1d2c3e-4f50-4a61-8b72-9c8d0e1f2a3b',
      appDisplayName: 'Office 365 Exchange Online',
      appId: '00000002-0000-0ff1-ce00-000000000000',
      ipAddress: '192.0.2.10',
      autonomousSystemNumber: 64500,
      location: { city: 'Copenhagen', state: 'Capital Region', countryOrRegion: 'DK' },
      status: { errorCode: 0, additionalDetails: 'MFA requirement satisfied by claim in the token' },
      deviceDetail: {
        deviceId: '0c9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a',
        browser: 'Edge 131.0.0',
        operatingSystem: 'Windows10',
        isCompliant: true,
        isManaged: true,
        trustType: 'Microsoft Entra joined',
      },
      conditionalAccessStatus: 'success',
      authenticationRequirement: 'multiFactorAuthentication',
      userType: 'member',
      isInteractive: true,
      signInEventTypes: ['interactiveUser'],
    });
    expect(byId(records, request(102))).toMatchObject({
      ipAddress: ATTACKER,
      autonomousSystemNumber: 64511,
      location: { city: 'Lagos', state: 'Lagos', countryOrRegion: 'NG' },
      status: { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.' },
      conditionalAccessStatus: 'notApplied',
      deviceDetail: { isCompliant: false, isManaged: false },
    });
    expect(byId(records, request(103)).status).toEqual({
      errorCode: 50074,
      failureReason: 'Strong Authentication is required.',
    });
    expect(byId(records, request(104))).toMatchObject({
      status: { errorCode: 0, additionalDetails: 'MFA successfully completed' },
      mfaDetail: { authMethod: 'Text message', authDetail: '+45 XXXXXX14' },
    });
    expect(byId(records, request(105))).toMatchObject({
      ipAddress: '2001:db8:4a1:1::17',
      clientAppUsed: 'Mobile Apps and Desktop clients',
      incomingTokenType: 'primaryRefreshToken',
    });
    // A sign-in without MFA details has no mfaDetail at all, rather than an empty one.
    expect(byId(records, request(102))).not.toHaveProperty('mfaDetail');
  });

  it('reads the older download without the owner tenant columns alike', async () => {
    const { report, records } = await parseExportFile(join(ENTRA, 'InteractiveSignIns_2024-10-14_2024-10-15.csv'));
    expect(report).toMatchObject({ format: 'entra-signins-csv', rows: 2, problems: [], fatal: null });
    expect(byId(records, request(302))).toMatchObject({
      createdDateTime: '2024-10-14T21:05:00.000Z',
      clientAppUsed: 'Authenticated SMTP',
      status: { errorCode: 50053 },
      autonomousSystemNumber: 64511,
      isInteractive: true,
    });
  });
});

describe('Entra sign-in log download, non-interactive user sign-ins (CSV)', () => {
  it('has the interactive tab’s header; the file name the portal gives it says the sign-ins are non-interactive', async () => {
    const { report, records } = await parseExportFile(NON_INTERACTIVE);
    expect(report).toMatchObject({ format: 'entra-signins-csv', source: 'signIns', rows: 4, problems: [] });
    expect(records.map((r) => [r.body.id, r.body.isInteractive, r.body.signInEventTypes])).toEqual([
      [request(201), false, ['nonInteractiveUser']],
      [request(202), false, ['nonInteractiveUser']],
      [request(203), false, ['nonInteractiveUser']],
      [request(204), false, ['nonInteractiveUser']],
    ]);
    expect(byId(records, request(203))).toMatchObject({
      appDisplayName: 'Microsoft Office',
      ipAddress: ATTACKER,
      incomingTokenType: 'refreshToken',
      status: { errorCode: 0 },
    });
  });

  it('says nothing about interactivity when the file was renamed, rather than guess', async () => {
    const renamed = join(tmp.dir, 'freja-signins.csv');
    copyFileSync(NON_INTERACTIVE, renamed);
    const { records } = await parseExportFile(renamed);
    expect(records).toHaveLength(4);
    for (const r of records) {
      expect(r.body).not.toHaveProperty('isInteractive');
      expect(r.body).not.toHaveProperty('signInEventTypes');
    }
  });
});

describe('Entra sign-in log download, service principal sign-ins (CSV)', () => {
  it('keeps the service principal and no user, so the app’s sign-ins are never the case user’s', async () => {
    const { report, records } = await parseExportFile(SERVICE_PRINCIPAL);
    expect(report).toMatchObject({
      format: 'entra-serviceprincipal-signins-csv',
      source: 'signIns',
      rows: 3,
      fatal: null,
    });
    expect(report.problems).toEqual([{ line: 4, reason: 'no service principal id' }]);
    const failed = byId(records, request(402));
    expect(failed).toMatchObject({
      createdDateTime: '2026-11-19T07:05:40.000Z',
      servicePrincipalId: '4c3b2a19-0f8e-4d7c-a6b5-948372615a0b',
      servicePrincipalName: 'Nordhavn Mail Sync',
      servicePrincipalCredentialKeyId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      appId: '6f5e4d3c-2b1a-4098-b7a6-c5d4e3f2a1b0',
      resourceDisplayName: 'Microsoft Graph',
      ipAddress: ATTACKER,
      location: { city: 'Lagos', state: 'Lagos', countryOrRegion: 'NG' },
      status: { errorCode: 7000215 },
      isInteractive: false,
      signInEventTypes: ['servicePrincipal'],
    });
    expect(failed).not.toHaveProperty('userPrincipalName');
    expect(actorOf('signIns', failed)).toEqual({ kind: 'service', id: 'Nordhavn Mail Sync' });
  });
});

describe('Entra audit log download (CSV)', () => {
  it('reads actors, up to three targets with their modified properties, and additional details as Graph directoryAudit', async () => {
    const { report, records } = await parseExportFile(AUDIT);
    expect(report).toMatchObject({ format: 'entra-audit-csv', source: 'directoryAudits', rows: 9, fatal: null });
    expect(report.problems).toEqual([
      { line: 9, reason: 'no readable "Date (UTC)"' },
      { line: 10, reason: 'no Activity' },
    ]);
    expect(records.map((r) => r.body.activityDisplayName)).toEqual([
      'Update application – Certificates and secrets management ',
      'Update application',
      'Add delegated permission grant',
      'User registered security info',
      'Add member to role',
      'Reset user password',
      'Update user',
    ]);
    const at = (line: number) => records.find((r) => r.line === line)!.body;

    // OTRF's consent to Mail.ReadWrite: the download keeps the first five of the target's seven properties.
    expect(at(4)).toMatchObject({
      activityDateTime: '2021-08-02T13:27:20.017Z',
      category: 'ApplicationManagement',
      loggedByService: 'Core Directory',
      result: 'success',
      correlationId: '630d7f0c-acc4-4596-85ab-7e5d839b4291',
      initiatedBy: {
        user: { id: 'aead923d-498b-4f64-a66c-2af91447a8b6', userPrincipalName: 'pgustavo@simulandlabs.com' },
        app: null,
      },
      additionalDetails: [
        {
          key: 'User-Agent',
          value: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.17763.1971',
        },
      ],
    });
    const [grant, grantee] = at(4).targetResources as Array<Record<string, unknown>>;
    expect(grant).toMatchObject({ id: '401dd906-ea4f-4d41-b762-7e936d222368', type: 'ServicePrincipal' });
    expect((grant!.modifiedProperties as Array<{ displayName: string }>).map((p) => p.displayName)).toEqual([
      'DelegatedPermissionGrant.Scope',
      'DelegatedPermissionGrant.ConsentType',
      'ServicePrincipal.ObjectID',
      'ServicePrincipal.DisplayName',
      'ServicePrincipal.AppId',
    ]);
    expect((grant!.modifiedProperties as unknown[])[0]).toEqual({
      displayName: 'DelegatedPermissionGrant.Scope',
      oldValue: '"User.Read"',
      newValue: '"User.Read Mail.ReadWrite"',
    });
    expect(grantee).toEqual({
      id: '0d2f5969-011b-460d-ac74-3291d227d49f',
      displayName: null,
      type: 'ServicePrincipal',
      userPrincipalName: null,
      modifiedProperties: [],
    });

    expect(at(5).initiatedBy).toEqual({
      user: {
        id: '7b1d2c3e-4f50-4a61-8b72-9c8d0e1f2a3b',
        displayName: 'Freja Dahl',
        userPrincipalName: 'freja.dahl@nordhavn.dk',
        ipAddress: ATTACKER,
      },
      app: null,
    });
    expect(at(6)).toMatchObject({
      result: 'failure',
      resultReason: 'Microsoft.Online.DirectoryServices.AuthorizationException',
      targetResources: [
        { type: 'Role', displayName: 'Global Administrator' },
        { type: 'User', userPrincipalName: 'freja.dahl@nordhavn.dk' },
      ],
    });
    expect(at(7)).toMatchObject({
      initiatedBy: { user: { userPrincipalName: 'it.admin@nordhavn.dk', ipAddress: '192.0.2.50' } },
      additionalDetails: [
        { key: 'TargetId.UserType', value: 'Member' },
        { key: 'User-Agent', value: expect.stringContaining('Edg/131') },
      ],
    });
    // Exchange's write-back to the directory is Microsoft's own app, labelled and never the user's.
    expect(at(8).initiatedBy).toEqual({
      app: {
        displayName: 'Microsoft Substrate Management',
        servicePrincipalId: '5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e',
        servicePrincipalName: 'Microsoft Substrate Management',
      },
      user: null,
    });
    expect(actorOf('directoryAudits', at(8))).toEqual({ kind: 'system', id: 'Microsoft Substrate Management' });
    expect(actorOf('directoryAudits', at(5))).toEqual({ kind: 'user', id: 'freja.dahl@nordhavn.dk' });
  });

  it('names each record by its content: the same download gives the same ids, no two rows share one', async () => {
    const first = (await parseExportFile(AUDIT)).records.map((r) => r.body.id);
    const again = (await parseExportFile(AUDIT)).records.map((r) => r.body.id);
    expect(first).toHaveLength(7);
    expect(new Set(first).size).toBe(7);
    expect(again).toEqual(first);
  });

  it('still reads files in the list view’s columns, as earlier versions did', async () => {
    const path = join(tmp.dir, 'audit-list.csv');
    writeFileSync(
      path,
      '"Date (UTC)","Id","Activity","Category","Status","Target","Initiated By (Actor)"\r\n' +
        '"2026-11-19T09:12:44Z","Directory_x1","Reset user password","UserManagement","Success","freja.dahl@nordhavn.dk","it.admin@nordhavn.dk"\r\n',
    );
    const { report, records } = await parseExportFile(path);
    expect(report).toMatchObject({ format: 'entra-audit-list-csv', rows: 1, problems: [] });
    expect(records[0]!.body).toMatchObject({
      id: 'Directory_x1',
      result: 'success',
      initiatedBy: { user: { userPrincipalName: 'it.admin@nordhavn.dk' } },
    });
  });
});

describe('Entra JSON downloads', () => {
  it('reads the sign-in JSON download, an array in Graph beta’s signIn shape', async () => {
    const { report, records } = await parseExportFile(join(ENTRA, 'InteractiveSignIns_2026-11-18_2026-11-19.json'));
    expect(report).toMatchObject({ format: 'graph-signins-json', source: 'signIns', rows: 2, problems: [] });
    expect(byId(records, request(102))).toMatchObject({
      isInteractive: true,
      autonomousSystemNumber: 64511,
      status: { errorCode: 50126 },
      location: { countryOrRegion: 'NG' },
    });
  });

  it('reads the audit JSON download, an array of Graph directoryAudit objects', async () => {
    const { report, records } = await parseExportFile(join(ENTRA, 'AuditLogs_2026-11-19.json'));
    expect(report).toMatchObject({ format: 'graph-directoryaudits-json', source: 'directoryAudits', rows: 1 });
    expect(records[0]!.body).toMatchObject({ id: 'Directory_630d7f0c-acc4-4596-85ab-7e5d839b4291_9VRQI_37762000' });
  });
});

describe('near misses of the Entra layouts', () => {
  it.each([
    [INTERACTIVE, 'Client app', 'Entra sign-in log download, interactive or non-interactive user sign-ins (CSV)'],
    [SERVICE_PRINCIPAL, 'Service principal ID', 'Entra sign-in log download, service principal sign-ins (CSV)'],
    [AUDIT, 'ActorType', 'Entra audit log download (CSV)'],
  ])(
    'a header without one column is refused, naming the closest layout and the column (%#)',
    async (file, column, closest) => {
      const { report, records } = await parseExportFile(withoutColumn(file, column));
      expect(records).toEqual([]);
      expect(report.format).toBeNull();
      expect(report.fatal).toMatch(/^unrecognised CSV columns /);
      expect(report.fatal).toContain(`closest is ${closest} (`);
      expect(report.fatal).toContain(`which also needs "${column}"`);
    },
  );
});

describe('clearance import of a user’s interactive and non-interactive downloads', () => {
  it('puts both tabs into one case: every sign-in once, each marked by its tab', async () => {
    const data = join(tmp.dir, 'data');
    const { code, stderr, result } = runImportJson<{
      caseId: string;
      files: Array<{ file: string; format: string; imported: number; problems: Array<{ line: number }> }>;
    }>([INTERACTIVE, NON_INTERACTIVE], {
      user: 'freja.dahl@nordhavn.dk',
      tenant: 'nordhavn.dk',
      blockedAt: '2026-11-19T10:00:00Z',
      dataDir: data,
    });
    expect(stderr).toBe('');
    expect(code).not.toBe(1);
    expect(result.files.map((f) => [f.file, f.format, f.imported, f.problems.map((p) => p.line)])).toEqual([
      ['InteractiveSignIns_2026-11-18_2026-11-19.csv', 'entra-signins-csv', 5, [7, 8]],
      ['NonInteractiveSignIns_2026-11-18_2026-11-19.csv', 'entra-signins-csv', 4, []],
    ]);

    const app = createApp({ mode: 'cli', dataDir: data });
    try {
      const count = await app.dispatch('timeline.count', { caseId: result.caseId, filter: { sources: ['signIns'] } });
      if (!count.ok) throw new Error(JSON.stringify(count.error));
      expect((count.value as { total: number }).total).toBe(9);
      const page = await app.dispatch('timeline.window', {
        caseId: result.caseId,
        filter: { sources: ['signIns'] },
        limit: 50,
      });
      if (!page.ok) throw new Error(JSON.stringify(page.error));
      const ids = (page.value as { events: Array<{ evidenceId: number }> }).events.map((e) => e.evidenceId);
      const evidence = await app.dispatch('evidence.get', { caseId: result.caseId, ids });
      if (!evidence.ok) throw new Error(JSON.stringify(evidence.error));
      const tabs = (evidence.value as Array<{ body: string }>).map(
        (e) => (JSON.parse(e.body) as { signInEventTypes: string[] }).signInEventTypes[0],
      );
      expect(tabs.filter((t) => t === 'interactiveUser')).toHaveLength(5);
      expect(tabs.filter((t) => t === 'nonInteractiveUser')).toHaveLength(4);
    } finally {
      await app.close();
    }
  }, 60_000);
});
