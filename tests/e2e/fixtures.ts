import { test as base, expect, type Page } from '@playwright/test';
import { startServer, stopServer, type BrowserModeServer } from '../support/serve.ts';
import { makeTempDir } from '../support/temp-dir.ts';

export { startServer, stopServer, type BrowserModeServer };

export const test = base.extend<{ server: BrowserModeServer; dataDir: string; serveArgs: readonly string[] }>({
  /** Extra `clearance serve` arguments for a file's tests: `test.use({ serveArgs: ['--scenario', file] })`. */
  serveArgs: [[], { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as a pattern
  dataDir: async ({}, use) => {
    const tmp = makeTempDir('clearance-e2e-');
    await use(tmp.dir);
    tmp.cleanup();
  },
  server: async ({ dataDir, serveArgs }, use) => {
    const { server, child } = await startServer(dataDir, serveArgs);
    await use(server);
    await stopServer(child);
  },
});

export { expect };

/** From the start page, opens a case for a blocked demo user the way an analyst does: two clicks. */
export async function openCaseFromRestrictedList(page: Page, server: BrowserModeServer, upn: string): Promise<void> {
  await page.goto(server.url);
  await page.getByRole('link', { name: `Open a case for ${upn}` }).click();
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByTestId('case-title')).toHaveText(`Case for ${upn}`);
}

/** Runs the investigation from the case page and waits for the verdict (the demo tenant takes seconds). */
export async function investigateFromCasePage(page: Page, verdict = 'Compromised'): Promise<void> {
  await page.getByTestId('investigation').getByRole('button', { name: 'Investigate' }).click();
  await expect(page.getByTestId('verdict')).toContainText(`Verdict: ${verdict}`, { timeout: 60_000 });
}
