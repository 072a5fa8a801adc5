import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_QUERY_TIMING, parseScenario, type RunningEmulator } from '../../../src/main/emulator/index.ts';
import { ROOT } from '../../support/cli.ts';
import { ADELE, appToken, emulator, graphClient, scenario } from '../../support/emulator.ts';

// Microsoft's documented example responses (tests/fixtures/graph-docs, CC-BY-4.0) are the target shapes:
// served by the emulator, every property the example has must be there, at every level of nesting.
const DATASETS = join(ROOT, 'tests', 'fixtures', 'graph-docs');
const example = (name: string) =>
  JSON.parse(readFileSync(join(DATASETS, name), 'utf8')) as { value: Array<Record<string, unknown>> };

function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length > 0 ? keyPaths(value[0], `${prefix}[]`) : [];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [`${prefix}${k}`, ...keyPaths(v, `${prefix}${k}.`)]);
  }
  return [];
}

let emu: RunningEmulator;
let token: string;

beforeAll(async () => {
  // The documented examples themselves, loaded as scenario data (times shifted to now).
  const s = scenario();
  const signIn = example('signin-list.v1.0.example1.response.json').value[0]!;
  const audit = example('directoryaudit-list.v1.0.example1.response.json').value[0]!;
  const rule = example('mailfolder-list-messagerules.v1.0.example.response.json').value[0]!;
  const record = example('security-auditlogquery-list-records.v1.0.example.response.json').value[0]!;
  const shifted = parseScenario(
    {
      ...JSON.parse(readFileSync(join(ROOT, 'resources', 'scenarios', 'contoso.json'), 'utf8')),
      signIns: [{ ...signIn, userId: ADELE.id }],
      directoryAudits: [audit],
      auditRecords: [{ ...record, userPrincipalName: ADELE.upn, createdDateTime: s.scenario.anchor }],
    },
    'docs examples',
  );
  shifted.users.find((u) => u.user.id === ADELE.id)!.mailbox!.messageRules = [rule as never];
  shifted.generate = undefined;
  emu = await emulator(shifted);
  token = await appToken(emu);
});
afterAll(() => emu?.close());

describe('documented shapes', () => {
  const client = () => graphClient(emu, () => Promise.resolve(token));

  it.each([
    ['signin-list.v1.0.example1.response.json', '/auditLogs/signIns'],
    ['directoryaudit-list.v1.0.example1.response.json', '/auditLogs/directoryAudits'],
    ['mailfolder-list-messagerules.v1.0.example.response.json', `/users/${ADELE.id}/mailFolders/inbox/messageRules`],
  ])('%s: envelope and every property survive the emulator', async (file, path) => {
    const served = (await client().api(path).get()) as { value: unknown[] };
    expect(Object.keys(served)).toEqual(expect.arrayContaining(['@odata.context', 'value']));
    const expected = keyPaths(example(file).value[0]);
    const actual = new Set(keyPaths(served.value[0]));
    expect(expected.filter((k) => !actual.has(k))).toEqual([]);
  });

  it('security auditLogRecord example comes back from an audit-log query unchanged in shape', async () => {
    AUDIT_QUERY_TIMING.notStartedMs = 0;
    AUDIT_QUERY_TIMING.runningMs = 0;
    const q = (await client()
      .api('/security/auditLog/queries')
      .post({ filterStartDateTime: '2000-01-01T00:00:00Z', filterEndDateTime: '2100-01-01T00:00:00Z' })) as {
      id: string;
    };
    const records = (await client().api(`/security/auditLog/queries/${q.id}/records`).get()) as { value: unknown[] };
    const expected = keyPaths(example('security-auditlogquery-list-records.v1.0.example.response.json').value[0]);
    const actual = new Set(keyPaths(records.value[0]));
    expect(expected.filter((k) => !actual.has(k))).toEqual([]);
  });
});
