import type { Page } from '@playwright/test';
import { expect, investigateFromCasePage, openCaseFromRestrictedList, test } from './fixtures.ts';

const total = async (page: Page) =>
  Number((await page.getByTestId('timeline-count').textContent())?.replace(/\D/g, ''));

test('the timeline shows the attack’s shape, brushes and jumps, filters by facet, and keeps pins and notes', async ({
  page,
  server,
}, testInfo) => {
  test.setTimeout(90_000);
  await openCaseFromRestrictedList(page, server, 'adele.vance@contoso.com');
  await investigateFromCasePage(page);
  const timeline = page.getByTestId('timeline');
  const rows = page.getByTestId('timeline-rows').getByRole('option');
  await expect(rows.first()).toBeVisible();
  const all = await total(page);

  // The histogram: an accessible summary naming the busiest hour, and a legend per source.
  const chart = page.getByTestId('timeline-histogram');
  await expect(chart.getByRole('img')).toHaveAccessibleName(/busiest: \d+ events/);
  await expect(chart.getByRole('list', { name: 'Legend' })).toContainText('Message trace');
  await timeline.screenshot({ path: testInfo.outputPath('timeline.png') });

  // Brushing a stretch of the chart filters the list to that period (From/To filled in local time).
  const plot = chart.locator('.u-over');
  await plot.scrollIntoViewIfNeeded();
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.98, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('timeline-from')).not.toHaveValue('');
  await expect.poll(() => total(page)).toBeLessThan(all);
  await timeline.getByRole('button', { name: 'Clear filters' }).click();
  await expect.poll(() => total(page)).toBe(all);

  // Jumping to a time starts the list there, and says so.
  const tenth = await rows.nth(10).locator('time').getAttribute('datetime');
  const local = await page.evaluate((iso) => {
    const d = new Date(iso);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, tenth!);
  await page.getByTestId('timeline-jump').fill(local);
  await timeline.getByRole('button', { name: 'Jump', exact: true }).click();
  await expect(page.getByTestId('timeline-anchor')).toBeVisible();
  await expect
    .poll(async () => Date.parse((await rows.first().locator('time').getAttribute('datetime'))!))
    .toBeGreaterThanOrEqual(Math.floor(Date.parse(tenth!) / 1000) * 1000);
  await page.getByTestId('timeline-anchor').getByRole('button', { name: 'Back to the start' }).click();

  // Facets: the attacker's country, then a client.
  await page.getByTestId('timeline-country').selectOption('NG');
  await expect(rows.first()).toContainText('NG');
  await page.getByTestId('timeline-country').selectOption('');
  await page.getByTestId('timeline-client').selectOption('Authenticated SMTP');
  await expect(rows.first()).toContainText('Authenticated SMTP');

  // Keyboard: the list is a listbox; arrows move the selection, S pins, N writes a note.
  await page.getByTestId('timeline-rows').focus();
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  const detail = page.getByTestId('event-detail');
  const summary = (await rows.nth(1).locator('.t-summary').textContent())!;
  await expect(detail).toContainText(summary);
  await page.keyboard.press('s');
  await expect(detail.getByRole('button', { name: 'Unpin' })).toHaveAttribute('aria-pressed', 'true');
  await expect(rows.nth(1)).toContainText('pinned');
  await page.keyboard.press('n');
  await expect(detail.getByLabel(/Note on this event/)).toBeFocused();
  await page.keyboard.type('SMTP AUTH from the spray network: the first success.');
  await detail.getByRole('button', { name: 'Add note' }).click();
  await expect(detail).toContainText('the first success');

  // Pinned only, and "/" from anywhere goes to search.
  await timeline.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByTestId('timeline-pinned-only').check();
  await expect(page.getByTestId('timeline-count')).toHaveText('1 event');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  await expect(page.getByTestId('timeline-search')).toBeFocused();
  // "?" lists every shortcut; Escape closes it.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await expect(page.getByTestId('shortcuts')).toContainText('Sign off the suggestion');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toBeHidden();
  await expect(page.getByTestId('case-log')).toContainText('Event pinned');

  // Persisted: pins and notes are case-log entries.
  await page.reload();
  await page.getByTestId('timeline-pinned-only').check();
  await expect(page.getByTestId('timeline-count')).toHaveText('1 event');
  await page.getByTestId('timeline-rows').getByRole('option').first().click();
  await expect(page.getByTestId('event-detail')).toContainText('the first success');

  // A finding highlighted among all events rather than isolated.
  await page.getByTestId('timeline-pinned-only').uncheck();
  const finding = page.getByTestId('findings').getByRole('listitem').filter({ hasText: 'legacy protocol' }).first();
  await finding.getByRole('button', { name: 'Show in timeline' }).click();
  await page.getByTestId('timeline-focus').getByRole('button', { name: 'Highlight them among all events' }).click();
  await expect(page.getByTestId('timeline-count')).toHaveText(`${all} events`);
  await expect(page.getByTestId('timeline-rows').locator('.timeline-row.highlight').first()).toBeVisible();
});
