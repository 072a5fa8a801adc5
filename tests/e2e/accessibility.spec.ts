import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
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
      .filter({ hasText: 'forwards mail outside the organisation' })
      .first();
    await forwarding.getByRole('button', { name: 'Show evidence' }).click();
    await expect(forwarding.getByTestId('evidence')).toContainText('"forwardTo"');
    await page.getByTestId('verdict-override').getByRole('button', { name: 'Override the verdict' }).click();
    await expect(page.getByLabel('Justification (recorded in the case log)')).toBeVisible();
    await expect(page.getByTestId('case-log')).toContainText('Verdict compromised');
    await audit(page, testInfo, `${theme}-05-case-investigated`);

    // The timeline filtered to a finding's events, with a severity ticked.
    const legacy = page.getByTestId('findings').getByRole('listitem').filter({ hasText: 'legacy protocol' }).first();
    await legacy.getByRole('button', { name: 'Show in timeline' }).click();
    await expect(page.getByTestId('timeline-focus')).toBeVisible();
    await page.getByTestId('timeline').getByRole('checkbox', { name: 'medium' }).check();
    await expect(page.getByTestId('timeline-rows').getByRole('option').first()).toContainText('Sign-in logs');
    await audit(page, testInfo, `${theme}-06-timeline-focused`);

    await page.getByRole('link', { name: 'All cases' }).click();
    await expect(page.getByTestId('case-list').locator('tbody tr')).toHaveCount(1);
    await audit(page, testInfo, `${theme}-07-case-list`);
  });
}
