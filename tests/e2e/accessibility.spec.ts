import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { ROOT } from '../support/cli.ts';
import { expect, test } from './fixtures.ts';

/** WCAG 2.1 A and AA, as axe-core tags them. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe on the page as it is, keeps the full report and a screenshot as artifacts, and fails (softly,
 * so one run lists every screen's problems) on any serious or critical violation.
 */
async function audit(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  writeFileSync(
    testInfo.outputPath(`${name}.axe.json`),
    JSON.stringify({ violations: results.violations, incomplete: results.incomplete }, null, 2),
  );
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes
          .slice(0, 8)
          .map(
            (n) => `    ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`,
          )
          .join('\n')}`,
    );
  expect.soft(serious, `serious or critical accessibility violations on "${name}":\n${serious.join('\n')}`).toEqual([]);
}

for (const theme of ['light', 'dark'] as const) {
  test(`every screen has accessible names, roles and contrast (${theme} theme)`, async ({ page, server }, testInfo) => {
    test.setTimeout(120_000);
    await page.addInitScript((chosen) => {
      const w = globalThis as unknown as { localStorage: { setItem(key: string, value: string): void } };
      w.localStorage.setItem('clearance.theme', chosen);
    }, theme);

    await page.goto(server.url);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(page.getByTestId('restricted-senders').locator('tbody tr')).toHaveCount(3);
    await audit(page, testInfo, `${theme}-01-start`);

    await page.getByTestId('cases-empty').getByRole('link', { name: 'New case' }).click();
    await page.getByRole('button', { name: 'Create case' }).click();
    await expect(page.getByTestId('error-upn')).toBeVisible();
    await audit(page, testInfo, `${theme}-02-new-case-errors`);

    await page.goto(server.url);
    await page.getByRole('link', { name: 'Open a case for adele.vance@contoso.com' }).click();
    await expect(page.getByLabel('User principal name')).toHaveValue('adele.vance@contoso.com');
    await audit(page, testInfo, `${theme}-03-new-case`);

    await page.getByRole('button', { name: 'Create case' }).click();
    await expect(page.getByTestId('case-title')).toHaveText('Case for adele.vance@contoso.com');
    await audit(page, testInfo, `${theme}-04-case-new`);

    await page.getByTestId('investigation').getByRole('button', { name: 'Investigate' }).click();
    await expect(page.getByTestId('verdict')).toContainText('Verdict: Compromised', { timeout: 60_000 });
    await expect(page.getByTestId('timeline-rows').getByRole('option').first()).toBeVisible();
    const forwarding = page
      .getByTestId('findings')
      .getByRole('listitem')
      .filter({ hasText: /Inbox rule “.*” forwards mail outside the organisation/ }) // the rule itself, not its audit trace
      .first();
    await forwarding.getByRole('button', { name: 'Show evidence' }).click();
    await expect(forwarding.getByTestId('evidence')).toContainText('"forwardTo"');
    await page.getByTestId('verdict-override').getByRole('button', { name: 'Override the verdict' }).click();
    await expect(page.getByLabel('Justification (recorded in the case log)')).toBeVisible();
    await expect(page.getByTestId('case-log')).toContainText('Verdict Compromised');
    await audit(page, testInfo, `${theme}-05-case-investigated`);

    // The timeline filtered to a finding's events, with a severity ticked.
    const legacy = page.getByTestId('findings').getByRole('listitem').filter({ hasText: 'legacy protocol' }).first();
    await legacy.getByRole('button', { name: 'Show in timeline' }).click();
    await expect(page.getByTestId('timeline-focus')).toBeVisible();
    await page.getByTestId('timeline').getByRole('checkbox', { name: 'medium' }).check();
    await expect(page.getByTestId('timeline-rows').getByRole('option').first()).toContainText('Sign-in logs');
    await audit(page, testInfo, `${theme}-06-timeline-focused`);

    // The checklist with a waiver being written, and a selected event's details with the histogram above.
    const roles = page.getByTestId('checklist').locator('li[data-item="respond.roles"]');
    await roles.getByLabel(/^State of/).selectOption('waived');
    await expect(roles.getByLabel(/Why is it waived/)).toBeVisible();
    await page.getByTestId('timeline-rows').getByRole('option').first().click();
    await expect(page.getByTestId('event-detail')).toBeVisible();
    await expect(page.getByTestId('timeline-histogram')).toBeVisible();
    await audit(page, testInfo, `${theme}-06b-checklist-and-event`);

    await page.getByRole('link', { name: 'All cases' }).click();
    await expect(page.getByTestId('case-list').locator('tbody tr')).toHaveCount(1);
    await audit(page, testInfo, `${theme}-07-case-list`);

    // The start screens: connect (with the capability check), import (with a report), open a case file.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Connect' }).click();
    await page.getByTestId('capabilities').getByRole('button', { name: 'Check' }).click();
    await expect(page.getByTestId('capabilities').locator('tbody tr')).toHaveCount(22);
    await audit(page, testInfo, `${theme}-08-connect`);

    await nav.getByRole('link', { name: 'Import logs' }).click();
    const form = page.getByTestId('import-form');
    await form.getByLabel('Case', { exact: true }).selectOption({ index: 1 });
    await form.getByLabel(/^Files/).fill(join(ROOT, 'tests/fixtures/exports/entra-signins.csv'));
    await form.getByRole('button', { name: 'Import and detect' }).click();
    await expect(page.getByTestId('import-result')).toContainText('entra-signins.csv');
    await audit(page, testInfo, `${theme}-09-import`);

    await nav.getByRole('link', { name: 'Open case file' }).click();
    await page.getByLabel('Path of the case file on this computer').fill(join(ROOT, 'package.json'));
    await page.getByRole('button', { name: 'Verify and open' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await audit(page, testInfo, `${theme}-10-open-file`);
  });
}
