import { safeStorage } from 'electron';
import type { SecretVault } from '../auth/secret-vault.ts';

/**
 * Secrets sealed by the OS keychain (DPAPI, Keychain, libsecret/kwallet) through Electron's safeStorage.
 * On Linux, safeStorage may fall back to a hard-coded key ("basic_text"); that is no protection, so it is
 * refused and the caller falls back to the key-file vault, which at least says what it is.
 */
export function safeStorageVault(): SecretVault | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    kind: 'os-keychain',
    warning: null,
    seal: (plain) => safeStorage.encryptString(plain),
    open: (sealed) => safeStorage.decryptString(sealed),
  };
}
