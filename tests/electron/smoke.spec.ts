import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { electronBinaryPath, NO_ELECTRON_REASON } from '../../scripts/lib/electron-binary.mjs';
import { ROOT } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';

// The real desktop shell. Runs where an Electron binary and a display exist; elsewhere it is skipped
// with the reason, never silently passed.
const binary = electronBinaryPath(ROOT);
const display = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;

test.skip(!binary, NO_ELECTRON_REASON);
test.skip(!display, 'No display for an Electron window (run under xvfb-run)');

test('the desktop app opens hardened, and creates and lists a case over IPC', async () => {
  const tmp = makeTempDir('clearance-electron-');
  const app = await electron.launch({
    executablePath: binary!,
    args: [ROOT],
    env: { ...process.env, CLEARANCE_DATA_DIR: join(tmp.dir, 'data') },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cases');
    // Sandboxed, isolated, no Node: the page sees only the frozen bridge.
    const exposed = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown>;
      return { require: typeof g.require, process: typeof g.process, bridgeFrozen: Object.isFrozen(g.clearance) };
    });
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', bridgeFrozen: true });
    expect(await page.evaluate(() => (globalThis as unknown as { location: { origin: string } }).location.origin)).toBe(
      'app://clearance',
    );

    await page.getByRole('link', { name: 'New case' }).first().click();
    await page.getByLabel('User principal name').fill('anna@contoso.com');
    await page.getByLabel('Tenant').fill('contoso.com');
    await page.getByRole('button', { name: 'Create case' }).click();
    await expect(page.getByTestId('verify-status')).toContainText('Log intact');

    // Navigation away from the app is refused.
    await page.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://evil.test/';
    });
    await expect(page.getByTestId('case-title')).toBeVisible();
    expect(await page.evaluate(() => (globalThis as unknown as { location: { origin: string } }).location.origin)).toBe(
      'app://clearance',
    );
  } finally {
    await app.close();
    tmp.cleanup();
  }
});
