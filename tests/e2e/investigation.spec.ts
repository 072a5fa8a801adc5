import { expect, investigateFromCasePage, openCaseFromRestrictedList, test } from './fixtures.ts';

test('an analyst investigates the compromised demo user from the case page and reads the verdict', async ({
  page,
  server,
}, testInfo) => {
  test.setTimeout(90_000);
  await page.goto(server.url);
  await page.getByRole('link', { name: 'Open a case for adele.vance@contoso.com' }).click();
  await page.getByRole('button', { name: 'Create case' }).click();
  const panel = page.getByTestId('investigation');
  await expect(panel).toContainText('Not investigated yet.');
  await panel.getByRole('button', { name: 'Investigate' }).click();
  await expect(page.getByTestId('investigation-running')).toBeVisible();
  await expect(page.getByTestId('verdict')).toContainText('Verdict: Compromised', { timeout: 60_000 });
  await expect(page.getByTestId('coverage').locator('tbody tr')).toHaveCount(22);
  await expect(page.getByTestId('findings')).toContainText('forwards mail outside the organisation');
  await expect(page.getByTestId('findings')).toContainText('legacy protocol');
  // A finding opens the exact evidence behind it: the raw object, as text.
  const forwarding = page
    .getByTestId('findings')
    .getByRole('listitem')
    .filter({ hasText: /Inbox rule “.*” forwards mail outside the organisation/ }) // the rule itself, not its audit trace
    .first();
  await forwarding.getByRole('button', { name: 'Show evidence' }).click();
  await expect(forwarding.getByTestId('evidence')).toContainText('invoices.archive@gmx-mail.example');
  await expect(forwarding.getByTestId('evidence')).toContainText('"forwardTo"');
  // The case log records the run, and the chain still verifies.
  await expect(page.getByTestId('case-log')).toContainText('Verdict Compromised');
  await expect(page.getByTestId('verify-status')).toContainText(/Log intact: \d+ entries verified/);
  await page.screenshot({ path: testInfo.outputPath('investigation.png'), fullPage: true });

  // The analyst may override the verdict, but only with a written justification, which is logged.
  const override = page.getByTestId('verdict-override');
  await override.getByRole('button', { name: 'Override the verdict' }).click();
  await override.getByLabel('Your verdict').selectOption('inconclusive');
  await override.getByLabel('Justification (recorded in the case log)').fill('too short');
  await override.getByRole('button', { name: 'Record override' }).click();
  await expect(override.getByRole('alert')).toContainText('at least 20 characters');
  await override
    .getByLabel('Justification (recorded in the case log)')
    .fill('Customer confirms the forwarding address belongs to their archive vendor.');
  await override.getByRole('button', { name: 'Record override' }).click();
  await expect(override).toContainText('Analyst verdict: Inconclusive');
  await expect(page.getByTestId('case-log')).toContainText('Analyst verdict Inconclusive: Customer confirms');

  await page.reload();
  await expect(page.getByTestId('verdict')).toContainText('Verdict: Compromised');
  await expect(page.getByTestId('verdict-override')).toContainText('archive vendor');
});

test('the timeline pages through the case and filters it', async ({ page, server }) => {
  test.setTimeout(90_000);
  await openCaseFromRestrictedList(page, server, 'lee.gu@contoso.com');
  await investigateFromCasePage(page);
  await expect(page.getByTestId('timeline-count')).toContainText(/\d+ events/);
  await expect(page.getByTestId('timeline-rows').getByRole('option').first()).toBeVisible();
  // Scrolling to the end loads further windows (keyset pages of 200).
  const rows = page.getByTestId('timeline-rows');
  for (let i = 0; i < 5; i++)
    await rows.evaluate((el) => (el as unknown as { scrollBy(x: number, y: number): void }).scrollBy(0, 20_000));
  await page.getByTestId('timeline-search').fill('185.220.101');
  await expect(page.getByTestId('timeline-count')).toContainText(/^[1-9]\d* events?$/);
  // The count and the rows are separate queries: wait for the filtered rows themselves.
  await expect(page.getByTestId('timeline-rows').getByRole('option').first()).toContainText('185.220.101');
  const listed = await page.getByTestId('timeline-rows').getByRole('option').allTextContents();
  expect(listed.length).toBeGreaterThan(0);
  expect(listed.every((text) => text.includes('185.220.101'))).toBe(true);
  await page.getByTestId('timeline-source').selectOption('signIns');
  await expect(page.getByTestId('timeline-rows').getByRole('option').first()).toContainText('Sign-in logs');

  // A finding shown in the timeline narrows it to the events derived from that finding's evidence rows.
  await page.getByTestId('timeline-search').fill('');
  await page.getByTestId('timeline-source').selectOption('');
  const total = Number((await page.getByTestId('timeline-count').textContent())?.match(/\d+/)?.[0]);
  const finding = page.getByTestId('findings').getByRole('listitem').filter({ hasText: 'legacy protocol' }).first();
  await finding.getByRole('button', { name: 'Show in timeline' }).click();
  await expect(page.getByTestId('timeline-focus')).toContainText('legacy protocol');
  await expect
    .poll(async () => Number((await page.getByTestId('timeline-count').textContent())?.match(/\d+/)?.[0]))
    .toBeLessThan(total);
  await expect(page.getByTestId('timeline-rows').getByRole('option').first()).toContainText('Sign-in logs');
  await page.getByTestId('timeline-focus').getByRole('button', { name: 'Show all events' }).click();
  await expect(page.getByTestId('timeline-focus')).toHaveCount(0);
  await expect(page.getByTestId('timeline-count')).toHaveText(`${total} events`);

  // Starting at a time: the list begins at the first event at or after it (local time, as shown).
  const tenth = await page
    .getByTestId('timeline-rows')
    .getByRole('option')
    .nth(10)
    .locator('time')
    .getAttribute('datetime');
  const local = await page.evaluate((iso) => {
    const d = new Date(iso);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, tenth!);
  await page.getByTestId('timeline-from').fill(local);
  await expect
    .poll(async () => Number((await page.getByTestId('timeline-count').textContent())?.match(/\d+/)?.[0]))
    .toBeLessThan(total);
  const first = await page
    .getByTestId('timeline-rows')
    .getByRole('option')
    .first()
    .locator('time')
    .getAttribute('datetime');
  expect(Date.parse(first!)).toBeGreaterThanOrEqual(Math.floor(Date.parse(tenth!) / 1000) * 1000);
  await page.getByTestId('timeline-from').fill('2099-01-01T00:00:00');
  await expect(page.getByTestId('timeline')).toContainText('No events match.');
});
