import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runClearance } from '../../support/cli.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

// Fields detectors read that only the import path (projected loading from the case file) can lose: each
// scenario goes through `clearance import` into a real case file and detection, with its twin beside it.

const USER = 'jonas.berg@nordhavn.dk';
const HOME = '87.62.100.20'; // TDC, Denmark: the user's usual network
const FOREIGN = '102.89.34.117'; // MTN Nigeria: a network the user never used

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

interface Result {
  files: Array<{ imported: number; problems: unknown[]; fatal: string | null }>;
  findings: Array<{ detector: string; weight: string; title: string }>;
}

function importFile(name: string, content: string, tenant = 'nordhavn.dk'): Result {
  const file = join(tmp.dir, name);
  writeFileSync(file, content);
  const args = ['import', file, '--user', USER, '--tenant', tenant, '--blocked-at', '2026-11-20T09:00:00Z', '--json'];
  const { stdout, stderr } = runClearance([...args, '--data-dir', join(tmp.dir, `data-${name}`)]);
  expect(stderr).toBe('');
  const result = JSON.parse(stdout) as Result;
  expect(result.files[0]).toMatchObject({ problems: [], fatal: null });
  return result;
}

const detectors = (r: Result) => r.findings.map((f) => f.detector);
const csvLine = (cells: unknown[]) => cells.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(',');

/** A Purview audit search export (older layout): a login history, then failures and a login from FOREIGN. */
function auditExport(logonError: string, errorNumber: string): string {
  const rows = [csvLine(['CreationDate', 'UserIds', 'Operations', 'AuditData'])];
  let n = 0;
  const add = (time: string, operation: string, ip: string, extra: Record<string, unknown> = {}) =>
    rows.push(
      csvLine([
        time,
        USER,
        operation,
        JSON.stringify({
          CreationTime: time,
          Id: `0b7c1e2a-0000-4000-8000-${String(++n).padStart(12, '0')}`,
          Operation: operation,
          RecordType: 15,
          ResultStatus: operation === 'UserLoggedIn' ? 'Success' : 'Failed',
          UserType: 0,
          Workload: 'AzureActiveDirectory',
          ClientIP: ip,
          ObjectId: '00000002-0000-0ff1-ce00-000000000000',
          UserId: USER,
          ...extra,
        }),
      ]),
    );
  for (let d = 1; d <= 6; d++) add(`2026-11-0${d}T08:00:00`, 'UserLoggedIn', HOME);
  for (let m = 0; m < 3; m++)
    add(`2026-11-18T10:0${m}:00`, 'UserLoginFailed', FOREIGN, { LogonError: logonError, ErrorNumber: errorNumber });
  add('2026-11-18T10:05:00', 'UserLoggedIn', FOREIGN);
  return rows.join('\r\n') + '\r\n';
}

describe('audit-log logins through a real import', () => {
  it.each([
    ['a wrong password', 'InvalidUserNameOrPassword', '50126', true],
    ['a "keep me signed in" interrupt', 'InterruptDueToKmsi', '50140', false],
    ['an MFA interrupt known only by its number', '', '50074', false],
  ])('failures from a new address then a login: %s → flagged %s', (_what, logonError, errorNumber, flagged) => {
    const result = importFile('audit.csv', auditExport(logonError, errorNumber));
    expect(result.files[0]!.imported).toBe(10);
    expect(detectors(result).includes('audit-failure-then-success')).toBe(flagged);
  });
});

/** The Entra admin center's sign-in download: six days at home, then two failures and a success from `ip`. */
function entraSignIns(ip: string): string {
  const header = [
    'Date (UTC)',
    'Request ID',
    'User ID',
    'User',
    'Username',
    'Application',
    'IP address',
    'Location',
    'Status',
    'Sign-in error code',
    'Failure reason',
    'Client app',
  ];
  const rows = [csvLine(header)];
  let n = 0;
  const add = (time: string, from: string, ok: boolean) =>
    rows.push(
      csvLine([
        time,
        `req-${++n}`,
        '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
        'Jonas Berg',
        USER,
        'Office 365 Exchange Online',
        from,
        from === HOME ? 'Aarhus, Midtjylland, DK' : 'Lagos, Lagos, NG',
        ok ? 'Success' : 'Failure',
        ok ? '0' : '50126',
        ok ? '' : 'Invalid username or password.',
        'Browser',
      ]),
    );
  for (let d = 1; d <= 6; d++) add(`2026-11-0${d}T08:10:00Z`, HOME, true);
  add('2026-11-18T10:00:00Z', ip, false);
  add('2026-11-18T10:01:00Z', ip, false);
  add('2026-11-18T10:03:00Z', ip, true);
  return rows.join('\r\n') + '\r\n';
}

describe('sign-in failures then a success through a real import', () => {
  it('two failures and a success from a network the user never used are flagged', () => {
    const result = importFile('InteractiveSignIns_2026-11-01_2026-11-20.csv', entraSignIns(FOREIGN));
    const burst = result.findings.filter((f) => f.detector === 'signin-failure-burst');
    expect(burst.map((f) => [f.weight, f.title])).toEqual([
      ['moderate', `2 failed sign-ins from ${FOREIGN}, then a successful one`],
    ]);
  });

  it('the same from the user’s usual network is a typo, not an attack', () => {
    const result = importFile('InteractiveSignIns_2026-11-01_2026-11-20.csv', entraSignIns('87.62.100.21'));
    expect(detectors(result)).not.toContain('signin-failure-burst');
  });
});

/** Graph sign-ins (JSON) carrying Identity Protection's rating of each sign-in. */
function riskySignIn(riskLevelDuringSignIn: string, riskState: string): string {
  return JSON.stringify({
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns',
    value: [
      {
        id: '66ea54eb-6301-4ee5-be62-ff5a759b0100',
        createdDateTime: '2026-11-18T10:03:00Z',
        userPrincipalName: USER,
        userId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
        appDisplayName: 'Office 365 Exchange Online',
        ipAddress: FOREIGN,
        clientAppUsed: 'Browser',
        riskDetail: 'none',
        riskLevelAggregated: riskLevelDuringSignIn,
        riskLevelDuringSignIn,
        riskState,
        riskEventTypes_v2: ['unfamiliarFeatures'],
        status: { errorCode: 0, failureReason: null },
        location: { city: 'Lagos', countryOrRegion: 'NG' },
      },
    ],
  });
}

describe('a sign-in Identity Protection rated, through a real import', () => {
  it.each([
    ['high', 'atRisk', 'moderate'],
    ['high', 'confirmedCompromised', 'strong'],
    ['medium', 'atRisk', 'context'],
  ])('%s / %s is %s', (level, state, weight) => {
    const result = importFile('signins.json', riskySignIn(level, state));
    const risk = result.findings.filter((f) => f.detector === 'entra-risk');
    expect(risk.map((f) => f.weight)).toEqual([weight]);
    expect(risk[0]!.title).toContain(FOREIGN);
  });

  it.each([
    ['high', 'dismissed'],
    ['high', 'remediated'],
    ['low', 'atRisk'],
    ['none', 'none'],
  ])('%s / %s raises nothing', (level, state) => {
    const result = importFile('signins.json', riskySignIn(level, state));
    expect(detectors(result)).not.toContain('entra-risk');
  });
});

/** Extractor-Suite's tenant-wide Get-MailboxRules output: the user's rule and a colleague's. */
function mailboxRules(owners: [string, string]): string {
  const header = ['UserName', 'RuleName', 'Enabled', 'Priority', 'RuleIdentity', 'ForwardTo', 'Description'];
  return (
    [
      csvLine(header),
      csvLine([owners[0], 'Fakturaer', 'True', '1', '101', '"x" [SMTP:fakturaer@gmx-mail.example]', '']),
      csvLine([owners[1], 'Til privat', 'True', '1', '202', '"s" [SMTP:sara.privat@gmail.example]', '']),
    ].join('\r\n') + '\r\n'
  );
}

describe('a tenant-wide inbox-rule export', () => {
  it.each([
    ['UPNs', [USER, 'sara.lund@nordhavn.dk']],
    ['display names (the older layout)', ['Jonas Berg', 'Sara Lund']],
  ] as const)('counts only the user’s own rules when the owners are %s', (_what, owners) => {
    const result = importFile('MailboxRules.csv', mailboxRules([...owners]));
    expect(result.files[0]!.imported).toBe(2);
    const forwards = result.findings.filter((f) => f.detector === 'inbox-rule-external-forward').map((f) => f.title);
    expect(forwards).toHaveLength(1);
    expect(forwards[0]).toContain('Fakturaer');
  });

  it('keeps every rule when no owner can be recognised as the user (losing theirs would be worse)', () => {
    const result = importFile('MailboxRules.csv', mailboxRules(['JB-01', 'SL-02']));
    const forwards = result.findings.filter((f) => f.detector === 'inbox-rule-external-forward');
    expect(forwards).toHaveLength(2);
  });
});

describe('inside the organisation, for a case with no collected domains', () => {
  const rule = (to: string) =>
    [
      csvLine(['UserName', 'RuleName', 'Enabled', 'Priority', 'RuleIdentity', 'ForwardTo', 'Description']),
      csvLine([USER, 'Arkiv', 'True', '1', '101', `"a" [SMTP:${to}]`, '']),
    ].join('\r\n') + '\r\n';

  it('the case’s tenant domain counts as inside', () => {
    const result = importFile('MailboxRules.csv', rule('arkiv@nordhavn.onmicrosoft.com'), 'nordhavn.onmicrosoft.com');
    expect(detectors(result)).not.toContain('inbox-rule-external-forward');
  });

  it('but not when the case names another tenant', () => {
    const result = importFile('MailboxRules.csv', rule('arkiv@nordhavn.onmicrosoft.com'));
    expect(detectors(result)).toContain('inbox-rule-external-forward');
  });
});
