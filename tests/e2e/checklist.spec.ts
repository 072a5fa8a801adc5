import { expect, investigateFromCasePage, openCaseFromRestrictedList, test } from './fixtures.ts';

test('an analyst works the playbook checklist: suggestions, sign-off, waiver, keys, notes, persisted', async ({
  page,
  server,
}, testInfo) => {
  test.setTimeout(90_000);
  await openCaseFromRestrictedList(page, server, 'adele.vance@contoso.com');
  const checklist = page.getByTestId('checklist');
  // Before any evidence, the checklist says what to do first.
  const collect = checklist.locator('li[data-item="determine.collect"]');
  await expect(collect).toContainText('Nothing collected yet');
  await investigateFromCasePage(page);

  // Pre-filled from the evidence, but not signed off.
  const rules = checklist.locator('li[data-item="determine.inboxRules"]');
  await expect(rules.getByTestId('suggestion')).toContainText('Suggested: Done');
  await expect(rules.getByTestId('suggestion')).toContainText('suspicious inbox rule findings');
  await expect(rules).toHaveAttribute('data-state', 'todo');
  await expect(page.getByTestId('unblock-gate')).toContainText('Reset the password');
  // The case header says where the case stands, and jumps to the checklist.
  await expect(page.getByTestId('case-overview')).toContainText('The case is at: 1. Determine');
  await expect(page.getByTestId('case-overview')).toContainText(/Unblocking waits for \d+ items/);
  await page.getByTestId('case-overview').getByRole('button', { name: 'Checklist' }).click();
  await expect(page.locator('#checklist-title')).toBeFocused();

  // The evidence behind a suggestion opens in place, as text.
  await rules.getByRole('button', { name: /Show \d+ evidence rows?/ }).click();
  await expect(rules.getByTestId('evidence')).toContainText('invoices.archive@gmx-mail.example');

  // The findings it rests on, by their titles.
  await rules.getByText(/\d+ findings behind it/).click();
  await expect(rules.locator('.item-findings')).toContainText('forwards mail outside the organisation');

  // Sign off the suggestion.
  await rules.getByRole('button', { name: 'Sign off: Done' }).click();
  await expect(rules).toHaveAttribute('data-state', 'done');
  await expect(rules).toContainText('Done by');

  // A waiver needs a reason.
  const roles = checklist.locator('li[data-item="respond.roles"]');
  await roles.getByLabel('State of “Remove admin roles (record them for restore)”').selectOption('waived');
  const reason = roles.getByLabel(/Why is it waived/);
  await reason.fill('short');
  await expect(roles.getByRole('button', { name: 'Save' })).toBeDisabled();
  await reason.fill('Adele holds no admin role; checked in Entra.');
  await roles.getByRole('button', { name: 'Save' }).click();
  await expect(roles).toHaveAttribute('data-state', 'waived');
  await expect(roles).toContainText('checked in Entra');
  await expect(page.getByTestId('unblock-gate')).not.toContainText('Remove admin roles');

  // Keyboard: focus an item, move down, mark it in progress.
  const verdict = checklist.locator('li[data-item="determine.verdict"]');
  await checklist.locator('li[data-item="determine.outbound"]').focus();
  await page.keyboard.press('j');
  await expect(verdict).toBeFocused();
  await page.keyboard.press('a');
  await expect(verdict).toHaveAttribute('data-state', 'done');
  await page.keyboard.press('j');
  await page.keyboard.press('p');
  await expect(checklist.locator('li[data-item="respond.resetPassword"]')).toHaveAttribute('data-state', 'in_progress');

  // Notes on an item.
  await roles.getByRole('button', { name: 'Add a note' }).click();
  await roles.getByLabel(/Note on/).fill('Confirmed with the IT lead by phone.');
  await roles.getByRole('button', { name: 'Save note' }).click();
  await expect(roles).toContainText('Confirmed with the IT lead by phone.');

  // Every change is in the case log, and the chain still verifies.
  await expect(page.getByTestId('case-log')).toContainText('Review inbox rules: To do → Done');
  await expect(page.getByTestId('case-log')).toContainText('Confirmed with the IT lead');
  await expect(page.getByTestId('verify-status')).toContainText(/Log intact/);
  await checklist.screenshot({ path: testInfo.outputPath('checklist.png') });

  await page.reload();
  await expect(rules).toHaveAttribute('data-state', 'done');
  await expect(roles).toHaveAttribute('data-state', 'waived');
  await expect(roles).toContainText('Confirmed with the IT lead by phone.');
  await expect(checklist.locator('li[data-item="respond.resetPassword"]')).toHaveAttribute('data-state', 'in_progress');
  await expect(page.getByTestId('checklist-progress')).toContainText(/\d+ of 11 settled/);
});
