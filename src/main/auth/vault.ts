import { join } from 'node:path';
import { KeyFileVault, type SecretVault } from './secret-vault.ts';

/** The vault outside Electron (CLI, browser mode): a key file in the data folder, with its warning. */
export function defaultVault(dataDir: string): SecretVault {
  return new KeyFileVault(join(dataDir, 'tenants', 'vault.key'));
}
