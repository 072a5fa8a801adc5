import { dispatchOk } from '../support/investigation.ts';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/main/app/create-app.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import { ProfileStore } from '../../src/main/auth/profiles.ts';
import { defaultVault } from '../../src/main/auth/vault.ts';
import { ROOT } from '../support/cli.ts';
import { DEMO_APP, emulator, scenario } from '../support/emulator.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { tamperWith } from '../support/tamper.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function app(): App {
  const tmp = makeTempDir();
  const a = createApp({ mode: 'cli', dataDir: tmp.dir, actor: 'analyst@test', logger: silentLogger });
  cleanups.push(
    () => tmp.cleanup(),
    () => a.close(),
  );
  return a;
}

const call = dispatchOk;

describe('connecting a tenant at run time', () => {
  it('connects the demo tenant, lists capabilities, refuses a case of another tenant, and disconnects', async () => {
    const a = app();
    expect((await call(a, 'tenant.info', {})).connected).toBe(false);
    const info = await call(a, 'tenant.connectDemo', { scenario: 'contoso' });
    expect(info).toMatchObject({ connected: true, kind: 'demo', displayName: 'Contoso' });
    const caps = await call(a, 'tenant.capabilities', { user: 'adele.vance@contoso.com' });
    expect(caps.find((c) => c.source === 'signIns')).toMatchObject({ available: true });

    const other = await call(a, 'cases.create', { upn: 'someone@fabrikam.com', tenant: 'fabrikam.com' });
    const refused = await a.dispatch('investigation.start', { caseId: other.id });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'conflict', message: 'errors.wrongTenant' });

    expect((await call(a, 'tenant.disconnect', {})).connected).toBe(false);
    const offline = await a.dispatch('tenant.capabilities', {});
    expect(!offline.ok && offline.error.code).toBe('not_connected');
  }, 60_000);

  it('saves a profile (its secret sealed, never returned), connects with it, and reports a bad secret clearly', async () => {
    const a = app();
    const emu = await emulator(scenario());
    cleanups.push(() => emu.close());
    const invalid = await a.dispatch('tenant.saveProfile', {
      name: 'Contoso Prod',
      tenantId: 'x',
      clientId: DEMO_APP.clientId,
      mode: 'appSecret',
    });
    expect(!invalid.ok && invalid.error.issues?.map((i) => i.message)).toEqual(
      expect.arrayContaining(['validation.profile.name', 'validation.profile.guid']),
    );
    const profiles = await call(a, 'tenant.saveProfile', {
      name: 'contoso',
      tenantId: emu.tenantId,
      clientId: DEMO_APP.clientId,
      mode: 'appSecret',
      clientSecret: DEMO_APP.secret,
      endpoints: { authority: emu.msal.authority, graphBaseUrl: `${emu.baseUrl}/`, exchangeBaseUrl: emu.baseUrl },
    });
    expect(profiles).toEqual([expect.objectContaining({ name: 'contoso', mode: 'appSecret', customEndpoints: true })]);
    expect(JSON.stringify(profiles)).not.toContain(DEMO_APP.secret);
    // The emulator's authority needs its metadata and CA, which the UI form does not take: add them as the CLI does.
    const store = new ProfileStore(a.dataDir, defaultVault(a.dataDir));
    store.save({
      ...store.get('contoso')!,
      endpoints: { ...store.get('contoso')!.endpoints, ...emu.msal, extraCaPem: emu.certificate },
    });
    const info = await call(a, 'tenant.connect', { name: 'contoso' });
    expect(info).toMatchObject({
      kind: 'profile',
      displayName: 'Contoso',
      domains: ['contoso.com', 'contoso.onmicrosoft.com'],
    });

    await call(a, 'tenant.saveProfile', {
      name: 'wrong',
      tenantId: emu.tenantId,
      clientId: DEMO_APP.clientId,
      mode: 'appSecret',
      clientSecret: 'not-the-secret',
      endpoints: {},
    });
    store.save({ ...store.get('wrong')!, endpoints: store.get('contoso')!.endpoints });
    const failed = await a.dispatch('tenant.connect', { name: 'wrong' });
    expect(!failed.ok && failed.error).toMatchObject({ code: 'upstream', message: 'errors.connectFailed' });
    // The working connection stays.
    expect((await call(a, 'tenant.info', {})).displayName).toBe('Contoso');
    expect((await call(a, 'tenant.removeProfile', { name: 'wrong' })).map((p) => p.name)).toEqual(['contoso']);
  }, 60_000);
});

describe('delegated sign-in from the connect screen', () => {
  it('a device-code profile shows the code as an event, and connects once the user has signed in', async () => {
    const a = app();
    const emu = await emulator(scenario());
    cleanups.push(() => emu.close());
    await call(a, 'tenant.saveProfile', {
      name: 'contoso-dc',
      tenantId: emu.tenantId,
      clientId: DEMO_APP.clientId,
      mode: 'deviceCode',
      endpoints: {},
    });
    const store = new ProfileStore(a.dataDir, defaultVault(a.dataDir));
    store.save({
      ...store.get('contoso-dc')!,
      endpoints: {
        ...emu.msal,
        graphBaseUrl: `${emu.baseUrl}/`,
        exchangeBaseUrl: emu.baseUrl,
        extraCaPem: emu.certificate,
      },
    });
    const prompts: string[] = [];
    cleanups.push(
      a.events.subscribe((event) => {
        if (event.name !== 'tenant.signIn' || !event.payload.message) return;
        prompts.push(event.payload.message);
        // The analyst reads the code off the screen and signs in on another device.
        const code = /enter the code (\S+)/.exec(event.payload.message)?.[1] ?? '';
        setTimeout(() => emu.approveDeviceCode(code, 'megan.bowen@contoso.com'), 300);
      }),
    );
    const info = await call(a, 'tenant.connect', { name: 'contoso-dc' });
    expect(prompts[0]).toContain(`${emu.baseUrl}/devicelogin`);
    expect(info).toMatchObject({ connected: true, kind: 'profile', displayName: 'Contoso' });
  }, 60_000);
});

describe('importing exported logs from the UI', () => {
  it('imports by absolute path, re-detects, and names a path that is not a file', async () => {
    const a = app();
    const c = await call(a, 'cases.create', { upn: 'sara.lund@nordhavn.dk', tenant: 'nordhavn.dk' });
    // A relative path would be read from the server's working directory: refused by the contract.
    const relative = await a.dispatch('import.files', { caseId: c.id, paths: ['relative.csv'] });
    expect(!relative.ok && relative.error).toMatchObject({
      code: 'invalid_input',
      issues: [{ message: 'validation.absolutePath' }],
    });
    const missing = join(ROOT, 'no-such-export.csv');
    const bad = await a.dispatch('import.files', { caseId: c.id, paths: [missing] });
    expect(!bad.ok && bad.error).toMatchObject({ message: 'errors.importPath', params: { path: missing } });
    const result = await call(a, 'import.files', {
      caseId: c.id,
      paths: [
        join(ROOT, 'tests/fixtures/exports/entra-signins.csv'),
        join(ROOT, 'tests/fixtures/exports/purview-audit.csv'),
      ],
    });
    expect(result.files.map((f) => f.source)).toEqual(['signIns', 'auditLog']);
    expect(result.files.every((f) => f.imported > 0 && f.fatal === null)).toBe(true);
    expect(result.files.some((f) => f.problems.length > 0)).toBe(true);
    expect((await call(a, 'timeline.count', { caseId: c.id })).total).toBeGreaterThan(0);
    const kinds = (await call(a, 'caseLog.list', { caseId: c.id })).entries.map((e) => e.kind);
    // One entry per file with its rows, then the import run as it ended, then the detection over it.
    expect(kinds).toEqual([
      'case.created',
      'evidence.imported',
      'evidence.imported',
      'import.finished',
      'detection.completed',
    ]);
  });
});

describe('opening a case file someone handed over', () => {
  it('verifies it, copies it in, records the receipt, and warns precisely when the chain is broken', async () => {
    const sender = app();
    const c = await call(sender, 'cases.create', { upn: 'adele.vance@contoso.com', tenant: 'contoso.com' });
    await call(sender, 'cases.addNote', { caseId: c.id, text: 'Handing over to the night shift.' });
    await call(sender, 'cases.addNote', { caseId: c.id, text: 'Forwarding rule confirmed.' });
    const tmp = makeTempDir();
    cleanups.push(() => tmp.cleanup());
    const handed = join(tmp.dir, 'handed.clearance');
    copyFileSync(join(sender.dataDir, 'cases', `${c.id}.clearance`), handed);

    const receiver = app();
    const opened = await call(receiver, 'cases.openFile', { path: handed });
    expect(opened.report).toMatchObject({ intact: true, entries: 3, firstBroken: null });
    expect(opened.summary.id).toBe(c.id);
    const log = (await call(receiver, 'caseLog.list', { caseId: c.id })).entries;
    expect(log.at(-1)).toMatchObject({ kind: 'case.received', payload: { from: 'handed.clearance', intact: true } });
    expect((await call(receiver, 'caseLog.verify', { caseId: c.id })).intact).toBe(true);
    const again = await receiver.dispatch('cases.openFile', { path: handed });
    expect(!again.ok && again.error.message).toBe('errors.caseExists');

    // Someone edited a note in the file: the chain breaks at that entry, and the receiver is told so.
    const tampered = join(tmp.dir, 'tampered.clearance');
    copyFileSync(handed, tampered);
    tamperWith(tampered, "UPDATE log SET payload = json_set(payload, '$.text', 'Nothing found.') WHERE seq = 3");
    const third = app();
    const warned = await call(third, 'cases.openFile', { path: tampered });
    expect(warned.report).toMatchObject({ intact: false, firstBroken: { seq: 3, reason: 'hash_mismatch' } });

    const notACase = await third.dispatch('cases.openFile', { path: join(ROOT, 'package.json') });
    expect(!notACase.ok && notACase.error.code).toBe('case_file_invalid');
  });
});
