import { expect, test } from './fixtures.ts';

test('the demo tenant lists accounts blocked from sending, and a case opens from one in two clicks', async ({
  page,
  server,
}, testInfo) => {
  await page.goto(server.url);
  const panel = page.getByTestId('restricted-senders');
  await expect(panel.getByRole('heading')).toHaveText('Blocked from sending in Contoso');
  await expect(panel).toContainText('Demo tenant (emulated)');
  const rows = panel.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText('adele.vance@contoso.com'); // the newest block first
  await expect(panel).toContainText('megan.bowen@contoso.com');
  await expect(panel).toContainText('lee.gu@contoso.com');
  await page.screenshot({ path: testInfo.outputPath('restricted-senders.png'), fullPage: true });

  await panel.getByRole('link', { name: 'Open a case for adele.vance@contoso.com' }).click();
  await expect(page.getByLabel('User principal name')).toHaveValue('adele.vance@contoso.com');
  await expect(page.getByLabel('Tenant')).toHaveValue('contoso.com');
  await expect(page.getByLabel('Blocked at (optional)')).not.toHaveValue('');
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByTestId('case-title')).toHaveText('Case for adele.vance@contoso.com');
  // The block time came from Exchange's record: about 90 minutes ago in the demo story.
  const blockedAt = await page.getByTestId('case-header').locator('time').first().getAttribute('datetime');
  expect(Math.abs(Date.now() - 90 * 60_000 - Date.parse(blockedAt!))).toBeLessThan(5 * 60_000);
});
