import { expect, investigateFromCasePage, openCaseFromRestrictedList, test } from './fixtures.ts';

test('containment from the case page: a dry run, an explicit confirmation, verified changes, a revert; the gate holds', async ({
  page,
  server,
}, testInfo) => {
  test.setTimeout(90_000);
  await openCaseFromRestrictedList(page, server, 'adele.vance@contoso.com');
  await investigateFromCasePage(page);
  const panel = page.getByTestId('containment');
  const disable = panel.getByRole('button', { name: 'Dry run: Disable inbox rules' });
  await expect(
    panel.locator('li').filter({ has: page.getByRole('button', { name: 'Dry run: Disable inbox rules' }) }),
  ).toContainText('suggested by the evidence');

  // The dry run lists exactly what would change, and changes nothing.
  await disable.click();
  const dryRun = page.getByTestId('dry-run');
  await expect(dryRun.locator('tbody tr')).toHaveCount(2); // the flagged rules, not the user's own
  await expect(dryRun).toContainText('Invoice copies');
  await expect(dryRun).toContainText('isEnabled: true');
  await expect(dryRun).toContainText('This can be reverted');
  await page.screenshot({ path: testInfo.outputPath('dry-run.png'), fullPage: false });

  await expect(dryRun).not.toContainText('Newsletters');
  await dryRun.getByRole('button', { name: 'Apply 2 changes' }).click();
  const outcome = page.getByTestId('action-outcome');
  await expect(outcome.locator('li')).toHaveCount(2);
  await expect(outcome.locator('li.ok-text')).toHaveCount(2);
  await expect(page.getByTestId('case-log')).toContainText('disableInboxRules: 2 of 2 changes done and verified');

  // Revert: the rules are enabled again, verified the same way.
  await outcome.getByRole('button', { name: 'Revert' }).click();
  await expect(outcome).toContainText('Done: Disable inbox rules');
  await expect(page.getByTestId('case-log')).toContainText('Action reverted');
  await expect(outcome.getByRole('button', { name: 'Revert' })).toHaveCount(0);

  // Revoking sessions cannot be undone, and the dry run says so before anything happens.
  await panel.getByRole('button', { name: 'Dry run: Revoke sessions' }).click();
  await expect(page.getByTestId('dry-run')).toContainText('Microsoft offers no undo');
  await page.getByTestId('dry-run').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('dry-run')).toHaveCount(0);

  // The gate: Adele is blocked, and unblocking waits for the securing items.
  const unblock = page.getByTestId('unblock');
  await expect(unblock.getByTestId('block-state')).toContainText('Blocked from sending since');
  await expect(unblock).toContainText('Reset the password');
  await expect(unblock.getByRole('button', { name: 'Unblock…' })).toBeDisabled();
  await unblock.getByText('Without an Exchange connection').click();
  await expect(unblock).toContainText("Remove-BlockedSenderAddress -SenderAddress 'adele.vance@contoso.com'");

  // Reset the password: shown once, then hidden for good.
  await panel.getByRole('button', { name: 'Dry run: Reset password' }).click();
  await page.getByTestId('dry-run').getByRole('button', { name: 'Apply 1 change' }).click();
  const secret = page.getByTestId('one-time-password');
  await expect(secret).toContainText('shown once');
  await expect(secret.locator('code')).toHaveText(/^.{20}$/);
  await secret.getByRole('button', { name: 'I have passed it on: hide it' }).click();
  await expect(page.getByTestId('one-time-password')).toHaveCount(0);

  // Mailbox forwarding and delegates go through Exchange: nothing to change for Adele, and it says so.
  await panel.getByRole('button', { name: 'Dry run: Clear mailbox forwarding' }).click();
  await expect(page.getByTestId('dry-run')).toContainText('Nothing to change');
});

test('report and bundle from the case page: written, hashed, recorded in the case log', async ({ page, server }) => {
  test.setTimeout(90_000);
  await openCaseFromRestrictedList(page, server, 'megan.bowen@contoso.com');
  await investigateFromCasePage(page, 'Not compromised');
  // Who received the mail, and the text to send them, from the case's message trace.
  const notify = page.getByTestId('notify');
  await expect(notify.getByTestId('notify-summary')).toContainText('external recipients');
  await expect(notify.locator('tbody tr').first()).toContainText('external');
  await expect(notify.getByTestId('notify-template')).toContainText('Security notice: messages sent from megan.bowen');
  await notify.getByLabel('Language').selectOption('da');
  await expect(notify.getByTestId('notify-template')).toContainText('Sikkerhedsmeddelelse');

  const panel = page.getByTestId('export');
  await panel.getByLabel('Format').selectOption('md');
  await panel.getByLabel('Language').selectOption('da');
  await panel.getByRole('button', { name: 'Write report' }).click();
  await expect(panel.getByTestId('export-written')).toContainText('.md');
  await expect(panel.getByTestId('export-written')).toContainText(/sha256 [0-9a-f]{64}/);
  await expect(page.getByTestId('case-log')).toContainText('Report exported');
  // Never over an earlier file: the same path again is refused, in words.
  const path = (await panel.getByTestId('export-written').locator('code').textContent())!;
  await panel.getByLabel('Save to').fill(path);
  await panel.getByRole('button', { name: 'Write report' }).click();
  await expect(panel.getByRole('alert')).toContainText('already exists');

  await panel.getByLabel('Save to').fill('');
  await panel.getByRole('button', { name: 'Export case bundle' }).click();
  await expect(panel.getByTestId('bundle-written')).toContainText('--expect-head');
  await expect(page.getByTestId('case-log')).toContainText('Exported as a bundle');
});

test('offline: an action waits in the outbox and runs only after a fresh dry run online', async ({ page, server }) => {
  test.setTimeout(90_000);
  await openCaseFromRestrictedList(page, server, 'adele.vance@contoso.com');
  await investigateFromCasePage(page);
  const caseUrl = page.url();

  // Go offline.
  await page.getByRole('link', { name: 'Connect' }).first().click();
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByTestId('tenant-badge')).toHaveText('Offline: no tenant');
  await page.goto(caseUrl);

  const panel = page.getByTestId('containment');
  await panel.getByRole('button', { name: 'Dry run: Disable inbox rules' }).click();
  await panel.getByRole('button', { name: 'Queue it for when the connection returns' }).click();
  const outbox = page.getByTestId('outbox');
  await expect(outbox).toContainText('Outbox: 1 action queued offline');
  await expect(page.getByTestId('case-log')).toContainText('Action queued (offline)');

  // Back online: nothing has run; the queued action is read fresh and confirmed again.
  await page.getByRole('link', { name: 'Connect' }).first().click();
  await page.getByRole('button', { name: 'Connect the demo tenant' }).click();
  await expect(page.getByTestId('tenant-badge')).toHaveText('Demo tenant: Contoso');
  await page.goto(caseUrl);
  await page.getByTestId('outbox').getByRole('button', { name: 'Dry run now' }).click();
  const dryRun = page.getByTestId('dry-run');
  await expect(dryRun.locator('tbody tr')).toHaveCount(2);
  await dryRun.getByRole('button', { name: 'Apply 2 changes' }).click();
  await expect(page.getByTestId('action-outcome').locator('li.ok-text')).toHaveCount(2);
  await expect(page.getByTestId('outbox')).toHaveCount(0);
});

test('targets picked by hand, and every suggested action confirmed at once', async ({ page, server }) => {
  test.setTimeout(120_000);
  await openCaseFromRestrictedList(page, server, 'adele.vance@contoso.com');
  await investigateFromCasePage(page);
  const panel = page.getByTestId('containment');

  // The picker lists every enabled rule, the flagged ones ticked; the analyst picks only their own rule.
  await panel
    .locator('li')
    .filter({ has: page.getByRole('button', { name: 'Dry run: Disable inbox rules' }) })
    .getByRole('button', { name: 'Choose…' })
    .click();
  const picker = page.getByTestId('target-picker');
  await expect(picker.getByRole('checkbox')).toHaveCount(3);
  await expect(picker.getByRole('checkbox', { checked: true })).toHaveCount(2);
  const boxes = picker.getByRole('checkbox');
  for (let i = 0; i < 3; i++) await boxes.nth(i).setChecked(false);
  await picker.getByRole('checkbox', { name: /Newsletters/ }).check();
  await picker.getByRole('button', { name: 'Dry run for 1 selected' }).click();
  await expect(page.getByTestId('dry-run').locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('dry-run').getByRole('button', { name: 'Cancel' }).click();

  // Bulk: one dry run listing every change of every suggested action, one confirmation.
  const bulk = page.getByTestId('bulk');
  await bulk.getByRole('button', { name: /Dry run all \d+ suggested actions/ }).click();
  const all = bulk.getByTestId('bulk-dry-run');
  await expect(all.getByRole('heading', { name: 'Dry run: Disable inbox rules' })).toBeVisible();
  await expect(
    all.getByRole('heading', { name: 'Dry run: Reset password (must change at next sign-in)' }),
  ).toBeVisible();
  await all.getByRole('button', { name: /Apply all \d+ changes/ }).click();
  const outcome = bulk.getByTestId('bulk-outcome');
  await expect(outcome.getByRole('heading', { name: 'Done: Disable inbox rules' })).toBeVisible();
  await expect(outcome.getByTestId('one-time-password')).toBeVisible();
  await expect(outcome.locator('li.error')).toHaveCount(0);
});
