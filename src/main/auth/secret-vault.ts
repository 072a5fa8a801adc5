import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where secrets (client secrets, certificate keys, the MSAL token cache) are protected at rest. The desktop
 * app uses the OS keychain through Electron's safeStorage; outside Electron there is no keychain API in
 * Node, so secrets are sealed with AES-256-GCM under a key kept in a file only the user can read, and
 * Clearance says so. Nothing here is ever written to a case file, a log or a report.
 */
export interface SecretVault {
  /** `os-keychain` (safeStorage), or `key-file` (weaker: anyone who can read the data folder can decrypt). */
  readonly kind: 'os-keychain' | 'key-file';
  /** Shown to the analyst when the protection is weaker than an OS keychain. */
  readonly warning: string | null;
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

const MAGIC = Buffer.from('CLV1');

/** AES-256-GCM with a random key in `keyPath` (mode 0600): the fallback when no OS keychain is reachable. */
export class KeyFileVault implements SecretVault {
  readonly kind = 'key-file' as const;
  readonly warning =
    'No OS keychain is available to this process: secrets are encrypted with a key stored in the Clearance data folder. Protect that folder (it is readable only by you).';
  private readonly key: Buffer;

  constructor(keyPath: string) {
    if (existsSync(keyPath)) {
      this.key = readFileSync(keyPath);
      if (this.key.length !== 32) throw new Error('the secret key file is damaged');
    } else {
      mkdirSync(dirname(keyPath), { recursive: true, mode: 0o700 });
      this.key = randomBytes(32);
      writeFileSync(keyPath, this.key, { mode: 0o600, flag: 'wx' });
    }
    chmodSync(keyPath, 0o600);
  }

  seal(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): string {
    if (!sealed.subarray(0, 4).equals(MAGIC)) throw new Error('not a sealed secret');
    const iv = sealed.subarray(4, 16);
    const tag = sealed.subarray(16, 32);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(32)), decipher.final()]).toString('utf8');
  }
}
