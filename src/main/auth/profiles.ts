import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SignInMode } from '../../shared/domain/tenant.ts';
import type { SecretVault } from './secret-vault.ts';

const Guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

export { SignInMode } from '../../shared/domain/tenant.ts';

/**
 * A tenant profile: what is needed to connect, minus the secrets (those live in the vault). `endpoints`
 * is for sovereign clouds, proxies and the emulator; empty means Microsoft's public cloud.
 */
export const TenantProfile = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lower-case letters, digits and dashes'),
    tenantId: Guid,
    clientId: Guid,
    mode: SignInMode,
    /** Thumbprint (SHA-256, hex) of the app certificate, for appCertificate. */
    certificateThumbprint: z
      .string()
      .regex(/^[0-9a-f]{64}$/i)
      .optional(),
    endpoints: z
      .object({
        authority: z.string().url().optional(),
        knownAuthorities: z.array(z.string()).optional(),
        authorityMetadata: z.string().optional(),
        graphBaseUrl: z.string().url().optional(),
        exchangeBaseUrl: z.string().url().optional(),
        /** PEM of an extra CA to trust for these endpoints (TLS-inspecting proxy, the emulator). */
        extraCaPem: z.string().optional(),
      })
      .strict()
      .default({}),
  })
  .strict();
export type TenantProfile = z.infer<typeof TenantProfile>;
export type TenantProfileInput = z.input<typeof TenantProfile>;

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

  list(): TenantProfile[] {
    if (!existsSync(this.file)) return [];
    return z.array(TenantProfile).parse(JSON.parse(readFileSync(this.file, 'utf8')));
  }

  get(name: string): TenantProfile | null {
    return this.list().find((p) => p.name === name) ?? null;
  }

  save(input: TenantProfileInput): TenantProfile {
    const profile = TenantProfile.parse(input);
    const others = this.list().filter((p) => p.name !== profile.name);
    writeFileSync(this.file, `${JSON.stringify([...others, profile], null, 2)}\n`, { mode: 0o600 });
    return profile;
  }

  remove(name: string): boolean {
    const all = this.list();
    const rest = all.filter((p) => p.name !== name);
    writeFileSync(this.file, `${JSON.stringify(rest, null, 2)}\n`, { mode: 0o600 });
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
