import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/api/contract.ts';
import { createApp, type App } from '../../src/main/app/create-app.ts';
import { silentLogger } from '../../src/main/core/logger.ts';
import {
  AUDIT_QUERY_TIMING,
  startEmulator,
  trustEmulatorCertificate,
  type RunningEmulator,
  type Scenario,
} from '../../src/main/emulator/index.ts';
import { listRestrictedSenders } from '../../src/main/exchange/restricted-senders.ts';
import { investigate } from '../../src/main/investigation/investigate.ts';
import { emulatorConnection } from '../../src/main/tenant/demo-tenant.ts';
import type { TenantConnection } from '../../src/main/tenant/tenant-connection.ts';
import { makeTempDir } from './temp-dir.ts';

// Audit-log queries finish quickly in tests; the emulator's default imitates minutes with seconds.
AUDIT_QUERY_TIMING.notStartedMs = 50;
AUDIT_QUERY_TIMING.runningMs = 150;

/** A TenantConnection to an emulator (what startDemoTenant builds, with the emulator kept in reach). */
export function connect(emu: RunningEmulator): TenantConnection {
  return emulatorConnection(emu, { closeEmulator: false });
}

export interface Bench {
  emu: RunningEmulator;
  tenant: TenantConnection;
  app: App;
  cleanup(): Promise<void>;
}

/** An emulator and an app on it; `now` sets both clocks (the emulator's and the app's) for tests of time. */
export async function bench(scenario: Scenario, limits: 'graph' | 'none' = 'none', now?: () => number): Promise<Bench> {
  const emu = await startEmulator({ scenario, limits, ...(now ? { now } : {}) });
  trustEmulatorCertificate(emu.certificate);
  const tenant = connect(emu);
  const tmp = makeTempDir();
  const app = createApp({
    mode: 'cli',
    dataDir: tmp.dir,
    actor: 'analyst@test',
    logger: silentLogger,
    tenant,
    ...(now ? { clock: () => new Date(now()) } : {}),
  });
  return {
    emu,
    tenant,
    app,
    cleanup: async () => {
      await app.close();
      await emu.close();
      tmp.cleanup();
    },
  };
}

/** Opens a case for a user the way the UI does from the restricted list. */
export async function openCase(b: Bench, upn: string): Promise<string> {
  const blocked = (await listRestrictedSenders(b.tenant)).find((s) => s.senderAddress === upn);
  return b.app.cases.create({ upn, tenant: b.tenant.info.domains[0]!, blockedAt: blocked?.blockedAt ?? null }).id;
}

/** Calls the app through its real dispatch (validation included) and fails the test on a refusal. */
export async function dispatchOk<M extends MethodName>(
  app: App,
  method: M,
  input: MethodInput<M>,
): Promise<MethodOutput<M>> {
  const r = await app.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.message} ${JSON.stringify(r.error.params ?? r.error.issues ?? '')}`);
  return r.value as MethodOutput<M>;
}

/** Opens a case for a blocked user and runs the whole investigation on it, as an analyst's first step. */
export async function investigatedCase(b: Bench, upn: string): Promise<string> {
  const caseId = await openCase(b, upn);
  await investigate({ file: b.app.cases.caseFile(caseId), tenant: b.tenant, actor: 'analyst@test' });
  return caseId;
}
