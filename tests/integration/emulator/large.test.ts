import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startEmulator, trustEmulatorCertificate, type RunningEmulator } from '../../../src/main/emulator/index.ts';
import { ROOT } from '../../support/cli.ts';
import { appToken, graphClient, scenario } from '../../support/emulator.ts';

// The benchmark tenant: over a million events for one user, generated from a seed at start.
const LARGE = join(ROOT, 'resources', 'scenarios', 'large.json');
const BULK = 'bulk.user@large.example';
let emu: RunningEmulator;

beforeAll(async () => {
  const s = scenario(LARGE);
  emu = await startEmulator({ scenario: s, owned: true, limits: 'none' });
  trustEmulatorCertificate(emu.certificate);
}, 120_000);
afterAll(() => emu?.close());

describe('the large tenant', () => {
  it('holds at least 1,000,000 events for one user across sources', () => {
    const s = emu.state.scenario;
    const user = emu.state.user(BULK)!;
    const id = String(user.user.id);
    const events =
      s.signIns.filter((x) => x.userId === id).length +
      s.directoryAudits.length +
      s.auditRecords.filter((x) => x.userPrincipalName === BULK).length +
      s.messageTraces.filter((x) => x.senderAddress === BULK).length +
      (user.mailbox?.sentItems.length ?? 0);
    expect(events).toBeGreaterThanOrEqual(1_000_000);
  });

  it('serves filtered pages of it through the real client', async () => {
    const token = await appToken(emu);
    const client = graphClient(emu, () => Promise.resolve(token));
    const since = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const first = (await client
      .api('/auditLogs/signIns')
      .filter(`userPrincipalName eq '${BULK}' and createdDateTime ge ${since}`)
      .top(1000)
      .get()) as { value: unknown[]; '@odata.nextLink'?: string };
    expect(first.value).toHaveLength(1000);
    const second = (await client.api(first['@odata.nextLink']!).get()) as { value: unknown[] };
    expect(second.value.length).toBeGreaterThan(0);
  }, 60_000);
});
