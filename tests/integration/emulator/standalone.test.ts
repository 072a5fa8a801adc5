import { spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../../support/cli.ts';
import { ADELE, DEMO_APP } from '../../support/emulator.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { spawnEmulator, type EmulatorReady } from '../../support/emulator-process.ts';

let tmp: ReturnType<typeof makeTempDir>;
let child: ChildProcess;
let details: EmulatorReady;

beforeAll(async () => {
  tmp = makeTempDir();
  ({ child, ready: details } = await spawnEmulator([
    '--scenario',
    'contoso',
    '--limits',
    'none',
    '--cert-out',
    join(tmp.dir, 'emulator.pem'),
  ]));
});
afterAll(() => {
  child.kill('SIGTERM');
  tmp.cleanup();
});

describe('clearance emulator, on its own', () => {
  it('serves a tenant that plain MSAL and the Graph client use, trusting it via NODE_EXTRA_CA_CERTS', () => {
    const result = spawnSync(
      process.execPath,
      [
        join(ROOT, 'tests', 'integration', 'fixtures', 'plain-client.mjs'),
        JSON.stringify(details),
        DEMO_APP.clientId,
        DEMO_APP.secret,
        ADELE.upn,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NODE_EXTRA_CA_CERTS: join(tmp.dir, 'emulator.pem') },
        timeout: 30_000,
      },
    );
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as { user: string; signIns: number };
    expect(out.user).toBe(ADELE.upn);
    expect(out.signIns).toBeGreaterThan(100);
  });

  it('refuses a malformed scenario, naming the bad field', () => {
    const { status, stderr } = spawnSync(
      process.execPath,
      [CLI, 'emulator', '--scenario', join(ROOT, 'tests', 'integration', 'fixtures', 'bad-scenario.json')],
      { encoding: 'utf8' },
    );
    expect(status).toBe(2);
    expect(stderr).toContain('tenant.verifiedDomains: ');
    expect(stderr).toContain('users[0].user.userPrincipalName: must be an e-mail address');
  });
});
