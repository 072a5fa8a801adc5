import { join } from 'node:path';
import { app as electronApp, BrowserWindow, shell } from 'electron';
import { createApp, type App } from '../app/create-app.ts';
import { DEFAULT_DEMO_SCENARIO } from '../emulator/scenario/resolve.ts';
import { startDemoTenant } from '../tenant/demo-tenant.ts';
import { rendererDir } from '../core/paths.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { hardenWebContents } from './hardening.ts';
import { forwardEvents, registerIpc } from './ipc.ts';
import { APP_ENTRY_URL, APP_ORIGIN } from './navigation-policy.ts';
import { mainWindowOptions } from './window-options.ts';
import { electronPdf } from './print-pdf.ts';
import { safeStorageVault } from './safe-storage-vault.ts';

// The desktop shell: windows, IPC registration and OS integration. All behaviour lives in the services
// that browser mode and the CLI share; nothing outside this folder imports `electron`.

registerAppScheme();
if (!electronApp.requestSingleInstanceLock()) electronApp.quit();

const trustedOrigins = new Set([APP_ORIGIN]);
let services: App | null = null;

function openMainWindow(): void {
  const window = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/index.cjs')));
  forwardEvents(services!, window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
}

electronApp.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});

void electronApp.whenReady().then(async () => {
  // The desktop app opens on the demo tenant; the analyst connects a real one from the Connect screen.
  const scenario = process.env.CLEARANCE_SCENARIO ?? DEFAULT_DEMO_SCENARIO;
  services = createApp({
    mode: 'electron',
    tenant: scenario === 'none' ? null : await startDemoTenant(scenario),
    // Microsoft's sign-in page opens in the system browser, never in an app window.
    openExternal: (url) => shell.openExternal(url),
    // Reports print with the app's own Chromium; browser mode and the CLI use the system's.
    pdf: electronPdf,
    // Tenant secrets and the token cache sealed by the OS keychain (the key file only when there is none).
    vault: safeStorageVault,
  });
  hardenWebContents(trustedOrigins, (what) => services?.logger.log('warn', 'refused', { what }));
  serveRenderer(rendererDir());
  registerIpc(services, trustedOrigins);
  openMainWindow();
  electronApp.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
});

electronApp.on('window-all-closed', () => {
  if (process.platform !== 'darwin') electronApp.quit();
});

electronApp.on('will-quit', () => void services?.close());
