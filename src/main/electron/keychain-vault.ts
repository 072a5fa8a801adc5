import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KeyFileVault, type SecretVault } from '../auth/secret-vault.ts';
import { defaultVault } from '../auth/vault.ts';

/**
 * The part of Electron's `safeStorage` the vault uses. Declared here rather than imported, so this file
 * (and its tests, under plain Node) never loads `electron`; `safe-storage-vault.ts` passes the real one.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: which secret store backs it (`basic_text` is a hard-coded key). */
  getSelectedStorageBackend(): string;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/** What the key-file vault writes first; safeStorage's output starts `v10`/`v11`, so the two never clash. */
const KEY_FILE_MAGIC = Buffer.from('CLV1');

/**
 * Secrets sealed by the OS keychain (DPAPI, Keychain, libsecret/kwallet) through safeStorage, or null when
 * there is none. On Linux, safeStorage may fall back to a hard-coded key (`basic_text`); that is no
 * protection, so it is refused like no keychain at all.
 */
export function keychainVault(storage: SafeStorageLike, platform: NodeJS.Platform): SecretVault | null {
  if (!storage.isEncryptionAvailable()) return null;
  if (platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    kind: 'os-keychain',
    warning: null,
    seal: (plain) => storage.encryptString(plain),
    open: (sealed) => storage.decryptString(sealed),
  };
}

/**
 * The desktop app's vault: the OS keychain when there is one, else the key file with its warning (as in
 * browser mode and the CLI). Secrets sealed by the key file before the keychain was used still open (the
 * key file is read only for them); they are sealed by the keychain the next time they are written.
 */
export function desktopVault(dataDir: string, storage: SafeStorageLike, platform: NodeJS.Platform): SecretVault {
  const keychain = keychainVault(storage, platform);
  if (!keychain) return defaultVault(dataDir);
  const keyPath = join(dataDir, 'tenants', 'vault.key');
  let legacy: KeyFileVault | null = null;
  return {
    ...keychain,
    open(sealed) {
      if (!sealed.subarray(0, KEY_FILE_MAGIC.length).equals(KEY_FILE_MAGIC)) return keychain.open(sealed);
      // Never create a key file here: without one, a key-file secret cannot be opened anyway.
      if (!existsSync(keyPath)) throw new Error('the secret was sealed with a key file that is gone');
      legacy ??= new KeyFileVault(keyPath);
      return legacy.open(sealed);
    },
  };
}
