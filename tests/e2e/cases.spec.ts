import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runClearance } from '../support/cli.ts';
import { expect, startServer, stopServer, test } from './fixtures.ts';

test('an analyst creates a case and sees it in the list, on its page and after a reload', async ({
  page,
  server,
}, testInfo) => {
  await page.goto(server.url);
  await expect(page.getByTestId('cases-empty')).toContainText('No cases yet');
  await expect(page).toHaveURL(/#\/$/); // the access key left the address bar
  await page.screenshot({ path: testInfo.outputPath('01-empty.png') });

  await page.getByTestId('cases-empty').getByRole('link', { name: 'New case' }).click();
  await page.getByLabel('User principal name').fill('Anna.Jensen@Contoso.com');
  await page.getByLabel('Tenant').fill('contoso.onmicrosoft.com');
  await page.getByLabel('Blocked at (optional)').fill('2026-11-20T09:15:00');
  await page.screenshot({ path: testInfo.outputPath('02-new-case.png') });
  await page.getByRole('button', { name: 'Create case' }).click();

  await expect(page.getByTestId('case-title')).toHaveText('Case for anna.jensen@contoso.com');
  await expect(page.getByTestId('case-header')).toContainText('contoso.onmicrosoft.com');
  const blocked = page.getByTestId('case-header').locator('time').first();
  await expect(blocked).toHaveAttribute('datetime', new Date('2026-11-20T09:15:00').toISOString());
  const log = page.getByTestId('case-log');
  await expect(log.locator('tbody tr')).toHaveCount(1);
  await expect(log.locator('tbody tr').first()).toContainText('Case opened');
  await expect(page.getByTestId('verify-status')).toContainText('Log intact: 1 entry verified');
  await page.screenshot({ path: testInfo.outputPath('03-case.png'), fullPage: true });

  await page.reload();
  await expect(page.getByTestId('case-title')).toHaveText('Case for anna.jensen@contoso.com');

  await page.getByRole('link', { name: 'All cases' }).click();
  const list = page.getByTestId('case-list');
  await expect(list.locator('tbody tr')).toHaveCount(1);
  await expect(list).toContainText('anna.jensen@contoso.com');
  await page.screenshot({ path: testInfo.outputPath('04-list.png') });
});

test('the case list sorts by column, announced to assistive technology', async ({ page, server }) => {
  for (const [upn, tenant] of [
    ['b@contoso.com', 'b.com'],
    ['a@contoso.com', 'c.com'],
    ['c@contoso.com', 'a.com'],
  ]) {
    const res = await page.request.post(`${server.origin}/api/call/cases.create`, {
      headers: { Authorization: `Bearer ${server.token}` },
      data: { upn, tenant },
    });
    expect(res.ok()).toBe(true);
  }
  await page.goto(server.url);
  const firstColumn = page.getByTestId('case-list').locator('tbody tr td:first-child');
  await expect(firstColumn).toHaveText(['c@contoso.com', 'a@contoso.com', 'b@contoso.com']); // newest activity first
  const userHeader = page.getByRole('columnheader', { name: /User/ });
  await page.getByRole('button', { name: 'Sort by User' }).click();
  await expect(userHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(firstColumn).toHaveText(['a@contoso.com', 'b@contoso.com', 'c@contoso.com']);
  await page.getByRole('button', { name: 'Sort by User' }).click();
  await expect(userHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(firstColumn).toHaveText(['c@contoso.com', 'b@contoso.com', 'a@contoso.com']);
});

test('cases persist across an app restart and the CLI sees them', async ({ page, dataDir }) => {
  let { server, child } = await startServer(dataDir);
  await page.goto(server.url);
  await page.getByRole('link', { name: 'New case' }).first().click();
  await page.getByLabel('User principal name').fill('bo@fabrikam.dk');
  await page.getByLabel('Tenant').fill('fabrikam.dk');
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByTestId('case-title')).toHaveText('Case for bo@fabrikam.dk');
  await page.getByPlaceholder('What did you find or decide?').fill('Inbox rule "..." moves mail to RSS Subscriptions');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByTestId('case-log').locator('tbody tr')).toHaveCount(2);
  await expect(page.getByTestId('verify-status')).toContainText('Log intact: 2 entries verified');
  await stopServer(child);

  ({ server, child } = await startServer(dataDir));
  try {
    await page.goto(server.url);
    await expect(page.getByTestId('case-list')).toContainText('bo@fabrikam.dk');
    await page.getByRole('link', { name: 'bo@fabrikam.dk' }).click();
    await expect(page.getByTestId('case-log')).toContainText('Inbox rule "..." moves mail to RSS Subscriptions');
    await expect(page.getByTestId('verify-status')).toContainText('Log intact: 2 entries verified');
  } finally {
    await stopServer(child);
  }

  const listed = runClearance(['cases', 'list', '--json', '--data-dir', dataDir]);
  expect(listed.code).toBe(0);
  const cases = JSON.parse(listed.stdout) as { id: string; upn: string; head: { seq: number } }[];
  expect(cases).toEqual([
    expect.objectContaining({ upn: 'bo@fabrikam.dk', head: expect.objectContaining({ seq: 2 }) }),
  ]);

  const files = readdirSync(join(dataDir, 'cases')).filter((f) => f.endsWith('.clearance'));
  expect(files).toEqual([`${cases[0]!.id}.clearance`]);
  const verified = runClearance(['verify', join(dataDir, 'cases', files[0]!)]);
  expect(verified.code).toBe(0);
  expect(verified.stdout).toContain('2 entries');
});
