import { safeStorage } from 'electron';
import type { SecretVault } from '../auth/secret-vault.ts';
import { desktopVault } from './keychain-vault.ts';

/**
 * The desktop app's vault, on Electron's safeStorage (the OS keychain), falling back to the key file.
 * Only valid once the app is ready (safeStorage needs it on Linux).
 */
export function safeStorageVault(dataDir: string): SecretVault {
  return desktopVault(dataDir, safeStorage, process.platform);
}
