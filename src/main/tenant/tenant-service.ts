import type { z } from 'zod';
import type {
  Capability,
  DemoScenario,
  ProfileSummary,
  SaveProfileInput,
  TenantInfo,
} from '../../shared/domain/tenant.ts';
import { AppError } from '../core/app-error.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { Logger } from '../core/logger.ts';
import { connectProfile } from '../auth/connect.ts';
import type { ProfileStore } from '../auth/profiles.ts';
import { CollectError } from '../investigation/collect-error.ts';
import { probeCapabilities } from '../investigation/probes.ts';
import { startDemoTenant } from './demo-tenant.ts';
import type { TenantConnection } from './tenant-connection.ts';

export const NOT_CONNECTED: TenantInfo = {
  connected: false,
  kind: null,
  displayName: null,
  tenantId: null,
  domains: [],
  scenario: null,
};

export interface TenantServiceDeps {
  profiles: ProfileStore;
  events: EventBus;
  logger: Logger;
  /** Interactive sign-in opens Microsoft's page in the system browser (never inside the app). */
  openExternal: (url: string) => Promise<void>;
  initial: TenantConnection | null;
  /** True while investigations collect through the current connection: it is not switched under them. */
  busy: () => boolean;
}

/**
 * The tenant the app works on, switchable at run time: the demo tenant, a saved profile (any of the
 * four sign-in modes), or none (offline: cases stay readable). Credentials stay in main; the renderer
 * gets names, domains and capabilities.
 */
export class TenantService {
  private connection: TenantConnection | null;
  private connecting = false;
  private readonly deps: TenantServiceDeps;

  constructor(deps: TenantServiceDeps) {
    this.deps = deps;
    this.connection = deps.initial;
  }

  get current(): TenantConnection | null {
    return this.connection;
  }

  info(): TenantInfo {
    return this.connection?.info ?? NOT_CONNECTED;
  }

  profiles(): ProfileSummary[] {
    return this.deps.profiles.list().map((p) => ({
      name: p.name,
      tenantId: p.tenantId,
      clientId: p.clientId,
      mode: p.mode,
      customEndpoints: Object.keys(p.endpoints).length > 0,
    }));
  }

  saveProfile(input: z.output<typeof SaveProfileInput>): ProfileSummary[] {
    const store = this.deps.profiles;
    if (input.mode === 'appSecret') store.putSecret(input.name, 'clientSecret', input.clientSecret!.trim());
    if (input.mode === 'appCertificate') store.putSecret(input.name, 'privateKey', input.privateKeyPem!);
    const { clientSecret: _secret, privateKeyPem: _key, ...profile } = input;
    store.save(profile);
    return this.profiles();
  }

  /** Why secrets are less protected than the OS keychain would keep them, when they are. */
  vaultWarning(): { warning: string | null } {
    return { warning: this.deps.profiles.vaultWarning };
  }

  removeProfile(name: string): ProfileSummary[] {
    // A profile the schema refuses is removable too: that is how the analyst gets rid of it.
    if (!this.deps.profiles.remove(name)) throw new AppError('not_found', 'errors.profileNotFound', { name });
    return this.profiles();
  }

  async connectDemo(scenario: z.output<typeof DemoScenario>): Promise<TenantInfo> {
    return this.switchTo(() => startDemoTenant(scenario));
  }

  async connect(name: string): Promise<TenantInfo> {
    const profile = this.deps.profiles.get(name);
    if (!profile) throw new AppError('not_found', 'errors.profileNotFound', { name });
    return this.switchTo(() =>
      connectProfile(profile, this.deps.profiles, {
        openBrowser: async (url) => {
          this.deps.events.emit('tenant.signIn', { message: null, url });
          await this.deps.openExternal(url);
        },
        onDeviceCode: (message) => this.deps.events.emit('tenant.signIn', { message, url: null }),
      }),
    );
  }

  async disconnect(): Promise<TenantInfo> {
    if (this.deps.busy()) throw new AppError('conflict', 'errors.tenantBusy');
    const old = this.connection;
    this.connection = null;
    await old?.close();
    this.deps.events.emit('tenant.changed', { info: NOT_CONNECTED });
    return NOT_CONNECTED;
  }

  async capabilities(user: string | null): Promise<Capability[]> {
    const tenant = this.connection;
    if (!tenant) throw new AppError('not_connected', 'errors.notConnected');
    return probeCapabilities(tenant, user);
  }

  async close(): Promise<void> {
    await this.connection?.close();
    this.connection = null;
  }

  /** Connects first, then replaces the old connection: a failed sign-in leaves the working one in place. */
  private async switchTo(open: () => Promise<TenantConnection>): Promise<TenantInfo> {
    if (this.connecting) throw new AppError('conflict', 'errors.connecting');
    if (this.deps.busy()) throw new AppError('conflict', 'errors.tenantBusy');
    this.connecting = true;
    try {
      let next: TenantConnection;
      try {
        next = await open();
      } catch (error) {
        this.deps.logger.log('warn', 'tenant connection failed', {
          reason: error instanceof CollectError ? error.reason : 'error',
        });
        throw new AppError('upstream', 'errors.connectFailed', {
          detail:
            error instanceof CollectError ? error.message : error instanceof Error ? firstLine(error.message) : '',
        });
      }
      const old = this.connection;
      this.connection = next;
      await old?.close();
      this.deps.events.emit('tenant.changed', { info: next.info });
      return next.info;
    } finally {
      this.connecting = false;
    }
  }
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
