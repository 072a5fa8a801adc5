import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKLIST_ITEMS } from '../../src/shared/domain/checklist.ts';
import { CONTOSO } from '../support/emulator.ts';
import { expect, investigateFromCasePage, openCaseFromRestrictedList, test } from './fixtures.ts';

// Contoso as shipped, except that sending resumes three seconds after the unblock instead of forty minutes.
const FAST = join(mkdtempSync(join(tmpdir(), 'clearance-fast-')), 'contoso-fast.json');
const scenario = JSON.parse(readFileSync(CONTOSO, 'utf8')) as { tenant: Record<string, unknown> };
scenario.tenant.sendingResumesAfterSeconds = 3;
writeFileSync(FAST, JSON.stringify(scenario));
test.use({ serveArgs: ['--scenario', FAST] });

const SECURING = CHECKLIST_ITEMS.filter((i) => i.securing).map((i) => i.id);

test('the compromised user from the UI: contained, signed off, unblocked through the gate, sending resumed, reported', async ({
  page,
  server,
}, testInfo) => {
  test.setTimeout(180_000);
  await openCaseFromRestrictedList(page, server, 'adele.vance@contoso.com');
  await investigateFromCasePage(page);

  // Contain: every suggested action, one confirmation.
  const bulk = page.getByTestId('bulk');
  await bulk.getByRole('button', { name: /Dry run all \d+ suggested actions/ }).click();
  await bulk.getByRole('button', { name: /Apply all \d+ changes/ }).click();
  await expect(bulk.getByTestId('bulk-outcome').locator('li.ok-text').first()).toBeVisible();
  await expect(bulk.getByTestId('bulk-outcome').locator('li.error')).toHaveCount(0);

  // Sign off what containment settled; waive, with a reason, what only a call with the user can.
  const checklist = page.getByTestId('checklist');
  for (const id of SECURING) {
    const item = checklist.locator(`li[data-item="${id}"]`);
    const signOff = item.getByRole('button', { name: /^Sign off: (Done|Not applicable)$/ });
    if ((await signOff.count()) > 0 && id !== 'respond.authMethods') {
      await signOff.click();
    } else {
      await item.getByLabel(/^State of/).selectOption('waived');
      await item.getByLabel(/Why is it waived/).fill('Both phones confirmed with Adele by a call.');
      await item.getByRole('button', { name: 'Save' }).click();
    }
    await expect(item).toHaveAttribute('data-state', /done|not_applicable|waived/);
  }
  await expect(page.getByTestId('unblock-gate')).toContainText('may be unblocked');

  // Unblock through the gate, then watch sending resume.
  const unblock = page.getByTestId('unblock');
  await unblock.getByRole('button', { name: 'Unblock…' }).click();
  await unblock.getByRole('button', { name: 'Remove the user from Restricted entities now' }).click();
  await expect(unblock).toContainText('Unblocked: the user is off the restricted list');
  const watch = unblock.getByTestId('sending-watch');
  await expect(watch).toContainText('Waiting for the first delivered message');
  await page.waitForTimeout(3500);
  await watch.getByRole('button', { name: 'Check now' }).click();
  await expect(watch).toContainText('Sending resumed: first delivered message at');
  await expect(page.getByTestId('case-log')).toContainText('Sending resumed');
  await page.screenshot({ path: testInfo.outputPath('unblocked.png'), fullPage: false });

  // Report it.
  const exportPanel = page.getByTestId('export');
  await exportPanel.getByRole('button', { name: 'Write report' }).click();
  await expect(exportPanel.getByTestId('export-written')).toContainText('.html');
  const path = (await exportPanel.getByTestId('export-written').locator('code').textContent())!;
  const html = readFileSync(path, 'utf8');
  expect(html).toContain('sending resumed at');
  expect(html).toContain('Yes: every securing step of the playbook is settled.');
});
