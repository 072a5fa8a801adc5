import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TenantProfile, type TenantProfileInput } from '../../shared/domain/tenant.ts';
import { AppError } from '../core/app-error.ts';
import type { SecretVault } from './secret-vault.ts';

export { SignInMode, TenantProfile, type TenantProfileInput } from '../../shared/domain/tenant.ts';

export type SecretName = 'clientSecret' | 'privateKey' | 'tokenCache';

/** Tenant profiles in `<data>/tenants/profiles.json`; their secrets sealed beside them by the vault. */
export class ProfileStore {
  private readonly dir: string;
  private readonly vault: SecretVault;

  constructor(dataDir: string, vault: SecretVault) {
    this.dir = join(dataDir, 'tenants');
    this.vault = vault;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  get vaultWarning(): string | null {
    return this.vault.warning;
  }

  private get file(): string {
    return join(this.dir, 'profiles.json');
  }

  /** The file's entries as written, each checked against the one profile schema on its own. */
  private entries(): Array<{ name: string; raw: unknown; profile: TenantProfile | null; field: string }> {
    if (!existsSync(this.file)) return [];
    const raw: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
    return (Array.isArray(raw) ? raw : []).map((entry: unknown) => {
      const parsed = TenantProfile.safeParse(entry);
      const name = entry && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined;
      return {
        name: typeof name === 'string' ? name : '',
        raw: entry,
        profile: parsed.success ? parsed.data : null,
        field: parsed.success ? '' : (parsed.error.issues[0]?.path.join('.') ?? ''),
      };
    });
  }

  private write(entries: unknown[]): void {
    writeFileSync(this.file, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600 });
  }

  /**
   * The usable profiles. One the schema refuses (an http:// endpoint written by an older version or by
   * hand) is left out, kept in the file, and named with its reason when asked for by `get`.
   */
  list(): TenantProfile[] {
    return this.entries().flatMap((e) => (e.profile ? [e.profile] : []));
  }

  get(name: string): TenantProfile | null {
    const entry = this.entries().find((e) => e.name === name);
    if (entry && !entry.profile)
      throw new AppError('invalid_input', 'errors.profileRefused', { name, field: entry.field });
    return entry?.profile ?? null;
  }

  save(input: TenantProfileInput): TenantProfile {
    const profile = TenantProfile.parse(input);
    const others = this.entries().filter((e) => e.name !== profile.name);
    this.write([...others.map((e) => e.raw), profile]);
    return profile;
  }

  remove(name: string): boolean {
    const all = this.entries();
    const rest = all.filter((e) => e.name !== name);
    this.write(rest.map((e) => e.raw));
    for (const secret of ['clientSecret', 'privateKey', 'tokenCache'] as const)
      rmSync(this.secretPath(name, secret), { force: true });
    return rest.length !== all.length;
  }

  private secretPath(name: string, secret: SecretName): string {
    return join(this.dir, `${name}.${secret}.sealed`);
  }

  putSecret(name: string, secret: SecretName, value: string): void {
    writeFileSync(this.secretPath(name, secret), this.vault.seal(value), { mode: 0o600 });
  }

  getSecret(name: string, secret: SecretName): string | null {
    const path = this.secretPath(name, secret);
    return existsSync(path) ? this.vault.open(readFileSync(path)) : null;
  }
}
