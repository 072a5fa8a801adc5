import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli/main.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

const TENANT = '6f2a1c3e-7b4d-4e8a-9c1d-2b3a4c5d6e7f';
const CLIENT = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';

let tmp: ReturnType<typeof makeTempDir>;
let data: string;
beforeEach(() => {
  tmp = makeTempDir();
  data = join(tmp.dir, 'data');
});
afterEach(() => tmp.cleanup());

async function clearance(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--data-dir', data], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const add = (...extra: string[]) =>
  clearance(['tenant', 'add', 'lab', '--tenant-id', TENANT, '--client-id', CLIENT, '--mode', 'device-code', ...extra]);

describe('one tenant profile schema, https only', () => {
  it('refuses an http:// authority with the reason, and saves nothing', async () => {
    const refused = await add('--authority', `http://127.0.0.1:8080/${TENANT}`);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('  endpoints.authority: Enter an https:// address.');
    expect((await clearance(['tenant', 'list'])).out).toEqual([
      'No tenant profiles. Add one with `clearance tenant add`.',
    ]);
  });

  it('refuses http:// Graph and Exchange addresses, and metadata whose token endpoint is http://', async () => {
    const graph = await add('--graph-url', 'http://graph.example.test/');
    expect(graph.code).toBe(2);
    expect(graph.err).toContain('  endpoints.graphBaseUrl: Enter an https:// address.');
    const exchange = await add('--exchange-url', 'http://outlook.example.test');
    expect(exchange.err).toContain('  endpoints.exchangeBaseUrl: Enter an https:// address.');

    const metadata = join(tmp.dir, 'metadata.json');
    writeFileSync(
      metadata,
      JSON.stringify({
        issuer: 'https://login.example.test/x/v2.0',
        token_endpoint: 'http://login.example.test/x/oauth2/v2.0/token',
      }),
    );
    const viaMetadata = await add(
      '--authority',
      'https://login.example.test/x',
      '--known-authority',
      'login.example.test',
      '--authority-metadata',
      metadata,
    );
    expect(viaMetadata.code).toBe(2);
    expect(viaMetadata.err).toContain(
      '  endpoints.authorityMetadata: The OpenID metadata must be JSON whose every address is https://.',
    );
  });

  it('saves the same profile with https:// addresses, through the same schema the connect screen uses', async () => {
    const saved = await add('--authority', 'https://login.example.test/x', '--known-authority', 'login.example.test');
    expect(saved.code, saved.err.join('\n')).toBe(0);
    expect(saved.out).toEqual(['Saved tenant profile lab (device-code).']);
    const stored = JSON.parse(readFileSync(join(data, 'tenants', 'profiles.json'), 'utf8')) as unknown;
    expect(stored).toEqual([
      {
        name: 'lab',
        tenantId: TENANT,
        clientId: CLIENT,
        mode: 'deviceCode',
        endpoints: { authority: 'https://login.example.test/x', knownAuthorities: ['login.example.test'] },
      },
    ]);
  });

  it('on load, leaves out a stored profile with an http:// endpoint and names why when it is used', async () => {
    mkdirSync(join(data, 'tenants'), { recursive: true });
    const good = { name: 'good', tenantId: TENANT, clientId: CLIENT, mode: 'deviceCode', endpoints: {} };
    const old = {
      name: 'old',
      tenantId: TENANT,
      clientId: CLIENT,
      mode: 'deviceCode',
      endpoints: { graphBaseUrl: 'http://graph.example.test/' },
    };
    writeFileSync(join(data, 'tenants', 'profiles.json'), JSON.stringify([old, good]));

    const list = await clearance(['tenant', 'list']);
    expect(list.code).toBe(0);
    expect(list.out.slice(2).map((l) => l.split(/\s+/)[0])).toEqual(['good']);

    const used = await clearance(['investigate', '--tenant', 'old', '--user', 'anna@contoso.com']);
    expect(used.code).toBe(2);
    expect(used.err).toEqual([
      'clearance investigate: The saved tenant profile old cannot be used: endpoints.graphBaseUrl is not valid (addresses must be https://). Remove it and add it again.',
    ]);

    // Saving another profile keeps the refused entry as it was; removing it removes it.
    expect((await add()).code).toBe(0);
    const names = () =>
      (JSON.parse(readFileSync(join(data, 'tenants', 'profiles.json'), 'utf8')) as Array<{ name: string }>).map(
        (p) => p.name,
      );
    expect(names()).toEqual(['old', 'good', 'lab']);
    expect((await clearance(['tenant', 'remove', 'old'])).out).toEqual(['Removed old.']);
    expect(names()).toEqual(['good', 'lab']);
    const again = await clearance(['tenant', 'remove', 'old']);
    expect(again.code).toBe(2);
    expect(again.err).toEqual(['clearance tenant remove: There is no tenant profile named old.']);
  });
});
