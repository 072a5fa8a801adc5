import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../../src/main/app/create-app.ts';
import { silentLogger } from '../../../src/main/core/logger.ts';
import { connectProfile } from '../../../src/main/auth/connect.ts';
import { ProfileStore } from '../../../src/main/auth/profiles.ts';
import { KeyFileVault } from '../../../src/main/auth/secret-vault.ts';
import { desktopVault, type SafeStorageLike } from '../../../src/main/electron/keychain-vault.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

/** Shaped like Electron's safeStorage: `v10` then the bytes XOR 0x5a, and a record of what it sealed. */
function fakeSafeStorage(options: { available?: boolean; backend?: string } = {}) {
  const sealed: string[] = [];
  const storage: SafeStorageLike = {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => options.backend ?? 'gnome_libsecret',
    encryptString: (plain) => {
      sealed.push(plain);
      return Buffer.concat([Buffer.from('v10'), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)]);
    },
    decryptString: (data) => {
      if (data.subarray(0, 3).toString() !== 'v10') throw new Error('not sealed by this keychain');
      return Buffer.from(data.subarray(3).map((b) => b ^ 0x5a)).toString('utf8');
    },
  };
  return { storage, sealed };
}

const SECRET = 'app-secret~Æ-0123456789';
const profile = {
  name: 'contoso',
  tenantId: '11111111-2222-3333-4444-555555555555',
  clientId: '66666666-7777-8888-9999-000000000000',
  mode: 'appSecret',
  clientSecret: SECRET,
};

let tmp: ReturnType<typeof makeTempDir>;
let app: App | null = null;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(async () => {
  await app?.close();
  app = null;
  tmp.cleanup();
});

async function saveProfileThroughApp(storage: SafeStorageLike, platform: NodeJS.Platform): Promise<string> {
  app = createApp({
    mode: 'electron',
    dataDir: tmp.dir,
    actor: 'ana@ws1',
    logger: silentLogger,
    tenant: null,
    vault: (dir) => desktopVault(dir, storage, platform),
  });
  const saved = await app.dispatch('tenant.saveProfile', profile);
  expect(saved).toMatchObject({ ok: true });
  return join(tmp.dir, 'tenants', 'contoso.clientSecret.sealed');
}

describe('the desktop app seals tenant secrets with the OS keychain', () => {
  it('passes the vault into createApp: the secret is sealed by safeStorage and no key file is made', async () => {
    const { storage, sealed } = fakeSafeStorage();
    const path = await saveProfileThroughApp(storage, 'linux');
    expect(sealed).toEqual([SECRET]);
    const onDisk = readFileSync(path);
    expect(onDisk.subarray(0, 3).toString()).toBe('v10');
    expect(onDisk.includes(Buffer.from(SECRET))).toBe(false);
    expect(storage.decryptString(onDisk)).toBe(SECRET);
    expect(existsSync(join(tmp.dir, 'tenants', 'vault.key'))).toBe(false);
    expect(desktopVault(tmp.dir, storage, 'linux')).toMatchObject({ kind: 'os-keychain', warning: null });
  });

  it('falls back to the key file, with its warning, when there is no keychain or only basic_text', async () => {
    const none = fakeSafeStorage({ available: false });
    const path = await saveProfileThroughApp(none.storage, 'darwin');
    expect(none.sealed).toEqual([]);
    expect(readFileSync(path).subarray(0, 4).toString()).toBe('CLV1');
    expect(existsSync(join(tmp.dir, 'tenants', 'vault.key'))).toBe(true);
    expect(desktopVault(tmp.dir, none.storage, 'darwin')).toMatchObject({ kind: 'key-file' });
    expect(desktopVault(tmp.dir, none.storage, 'darwin').warning).toMatch(/key stored in the Clearance data folder/);
    // basic_text is a hard-coded key on Linux: refused there, but the same name elsewhere means nothing.
    const basic = fakeSafeStorage({ backend: 'basic_text' });
    expect(desktopVault(tmp.dir, basic.storage, 'linux').kind).toBe('key-file');
    expect(desktopVault(tmp.dir, basic.storage, 'win32').kind).toBe('os-keychain');
  });

  it('still opens a secret the key file sealed before the keychain was used, and reseals it with the keychain', () => {
    const before = new ProfileStore(tmp.dir, new KeyFileVault(join(tmp.dir, 'tenants', 'vault.key')));
    before.putSecret('contoso', 'clientSecret', SECRET);
    const { storage, sealed } = fakeSafeStorage();
    const after = new ProfileStore(tmp.dir, desktopVault(tmp.dir, storage, 'linux'));
    expect(after.getSecret('contoso', 'clientSecret')).toBe(SECRET);
    after.putSecret('contoso', 'clientSecret', SECRET);
    expect(sealed).toEqual([SECRET]);
    expect(
      readFileSync(join(tmp.dir, 'tenants', 'contoso.clientSecret.sealed'))
        .subarray(0, 3)
        .toString(),
    ).toBe('v10');
  });

  it('refuses a key-file secret when the key file is gone, without making a new key', () => {
    const before = new ProfileStore(tmp.dir, new KeyFileVault(join(tmp.dir, 'other', 'vault.key')));
    before.putSecret('contoso', 'clientSecret', SECRET);
    const after = new ProfileStore(tmp.dir, desktopVault(tmp.dir, fakeSafeStorage().storage, 'linux'));
    expect(() => after.getSecret('contoso', 'clientSecret')).toThrow(/key file that is gone/);
    expect(existsSync(join(tmp.dir, 'tenants', 'vault.key'))).toBe(false);
  });

  it('the CLI (key file) refuses a secret the desktop app sealed with the keychain, saying why and what to do', async () => {
    const { storage } = fakeSafeStorage();
    const desktop = new ProfileStore(tmp.dir, desktopVault(tmp.dir, storage, 'linux'));
    desktop.putSecret('contoso', 'clientSecret', SECRET);
    desktop.save({
      name: profile.name,
      tenantId: profile.tenantId,
      clientId: profile.clientId,
      mode: 'appSecret',
      endpoints: {},
    });
    const cli = new ProfileStore(tmp.dir, new KeyFileVault(join(tmp.dir, 'tenants', 'vault.key')));
    await expect(connectProfile(cli.get('contoso')!, cli)).rejects.toMatchObject({
      reason: 'permission',
      message: expect.stringContaining("sealed by the desktop app's OS keychain") as unknown,
      fix: expect.stringContaining('clearance tenant add') as unknown,
    });
  });
});
