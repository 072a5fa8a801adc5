import { join } from 'node:path';
import packageJson from '../../../package.json' with { type: 'json' };
import { CaseService } from '../cases/case-service.ts';
import { ChecklistService } from '../checklist/checklist-service.ts';
import { AnnotationService } from '../timeline/annotation-service.ts';
import { RemediationService } from '../remediation/remediation-service.ts';
import { UnblockService } from '../unblock/unblock-service.ts';
import { ExportService } from '../report/export-service.ts';
import type { PdfPrinter } from '../report/pdf.ts';
import { InvestigationService } from '../investigation/investigation-service.ts';
import { assertSqliteRuntime } from '../store/sqlite.ts';
import { resolveDataDir, localActor } from '../core/data-dir.ts';
import { ensurePrivateDir } from '../core/private-files.ts';
import { createDispatch, type Dispatch } from './dispatch.ts';
import { EventBus } from '../core/event-bus.ts';
import { createHandlers } from './handlers.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { defaultVault } from '../auth/vault.ts';
import type { SecretVault } from '../auth/secret-vault.ts';
import { ProfileStore } from '../auth/profiles.ts';
import { openInDefaultBrowser } from '../server/open-browser.ts';
import type { TenantConnection } from '../tenant/tenant-connection.ts';
import { TenantService } from '../tenant/tenant-service.ts';

export type AppMode = 'electron' | 'browser' | 'cli';

export interface AppOptions {
  mode: AppMode;
  dataDir?: string;
  actor?: string;
  logger?: Logger;
  clock?: () => Date;
  /** The tenant to investigate (the demo tenant by default in the app; none for the CLI's case commands). */
  tenant?: TenantConnection | null;
  /** Opens a sign-in page in the system browser (Electron's shell; the default browser otherwise). */
  openExternal?: (url: string) => Promise<void>;
  /** Prints a report to PDF (Electron's printToPDF in the app; headless Chromium by default). */
  pdf?: PdfPrinter;
  /** Where tenant secrets are sealed (the OS keychain in the desktop app); the key file by default. */
  vault?: (dataDir: string) => SecretVault;
}

export interface App {
  readonly mode: AppMode;
  readonly dataDir: string;
  readonly version: string;
  readonly logger: Logger;
  readonly events: EventBus;
  readonly cases: CaseService;
  readonly dispatch: Dispatch;
  /** The connected tenant, which the analyst may switch at run time. */
  readonly tenants: TenantService;
  close(): Promise<void>;
}

export const APP_VERSION: string = packageJson.version;

/** The composition root: every mode (desktop, browser, CLI, tests) builds its services here. */
export function createApp(options: AppOptions): App {
  assertSqliteRuntime();
  const dataDir = options.dataDir ?? resolveDataDir();
  // 0700 before anything is written into it: case files, the index, reports and the key file are private.
  ensurePrivateDir(dataDir);
  ensurePrivateDir(join(dataDir, 'cases'));
  const logger = options.logger ?? createLogger();
  const events = new EventBus();
  const cases = new CaseService({
    dataDir,
    actor: options.actor ?? localActor(),
    events,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const { skipped } = cases.adoptUnindexed();
  if (skipped.length > 0)
    logger.log('warn', 'case files skipped: not readable as Clearance cases', {
      count: skipped.length,
      reasons: [...new Set(skipped.map((s) => s.reason))].join(', '),
    });
  const tenants: TenantService = new TenantService({
    profiles: new ProfileStore(dataDir, (options.vault ?? defaultVault)(dataDir)),
    events,
    logger,
    openExternal:
      options.openExternal ??
      ((url) => {
        openInDefaultBrowser(url);
        return Promise.resolve();
      }),
    initial: options.tenant ?? null,
    // Declared below; only read when the analyst switches tenant.
    busy: (): boolean => investigations.busy,
  });
  const investigations = new InvestigationService({ cases, tenants, events, logger });
  const checklists = new ChecklistService({ cases });
  const handlers = createHandlers({
    cases,
    investigations,
    checklists,
    unblock: new UnblockService({ cases, checklists, tenants, ...(options.clock ? { now: options.clock } : {}) }),
    annotations: new AnnotationService({ cases }),
    remediation: new RemediationService({ cases, tenants }),
    exports: new ExportService({ cases, dataDir, ...(options.pdf ? { pdf: options.pdf } : {}) }),
    info: { version: APP_VERSION, mode: options.mode, dataDir },
    tenants,
    events,
  });
  return {
    mode: options.mode,
    dataDir,
    version: APP_VERSION,
    logger,
    events,
    cases,
    dispatch: createDispatch(handlers, logger),
    tenants,
    close: async () => {
      investigations.stopAll();
      cases.close();
      await tenants.close();
    },
  };
}
