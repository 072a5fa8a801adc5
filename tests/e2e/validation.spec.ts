import { expect, test } from './fixtures.ts';

test('bad input gets clear messages and writes nothing', async ({ page, server }) => {
  await page.goto(server.url);
  await page.getByTestId('cases-empty').getByRole('link', { name: 'New case' }).click();

  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByRole('alert')).toHaveText('The case was not created. Correct the marked fields.');
  await expect(page.getByTestId('error-upn')).toHaveText('Enter the user principal name of the blocked account.');
  await expect(page.getByTestId('error-tenant')).toHaveText('Enter the tenant.');
  await expect(page.getByLabel('User principal name')).toBeFocused();
  await expect(page.getByLabel('User principal name')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('User principal name').fill('anna at contoso');
  await page.getByLabel('Tenant').fill('contoso');
  await page.getByLabel('Blocked at (optional)').fill('2099-01-01T10:00:00');
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByTestId('error-upn')).toHaveText('Enter a user principal name such as anna@contoso.com.');
  await expect(page.getByTestId('error-tenant')).toContainText('Enter a tenant domain');
  await expect(page.getByTestId('error-blockedAt')).toHaveText('The block time cannot be in the future.');
  await expect(page).toHaveURL(/#\/cases\/new$/);

  // Main enforces the same rules on its own, whatever a client sends.
  const res = await page.request.post(`${server.origin}/api/call/cases.create`, {
    headers: { Authorization: `Bearer ${server.token}` },
    data: { upn: '<script>alert(1)</script>', tenant: 'contoso.com', blockedAt: '2099-01-01T00:00:00Z' },
  });
  expect(res.status()).toBe(400);
  const body = (await res.json()) as { error: { code: string; issues: { path: string; message: string }[] } };
  expect(body.error.code).toBe('invalid_input');
  expect(body.error.issues).toEqual(
    expect.arrayContaining([
      { path: 'upn', message: 'validation.upn.invalid' },
      { path: 'blockedAt', message: 'validation.time.future' },
    ]),
  );

  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page.getByTestId('cases-empty')).toBeVisible();
  const list = await page.request.post(`${server.origin}/api/call/cases.list`, {
    headers: { Authorization: `Bearer ${server.token}` },
    data: {},
  });
  expect(((await list.json()) as { value: unknown[] }).value).toEqual([]);
});

test('the interface switches to Danish and remembers it', async ({ page, server }) => {
  await page.goto(server.url);
  await page.getByTestId('language').selectOption('da');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sager');
  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sager');
  await page.getByTestId('cases-empty').getByRole('link', { name: 'Ny sag' }).click();
  await page.getByRole('button', { name: 'Opret sag' }).click();
  await expect(page.getByTestId('error-tenant')).toHaveText('Angiv lejeren.');
});

test('the theme follows the system until the analyst picks one, and is remembered', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(server.url);
  const html = page.locator('html');
  const body = page.locator('body');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.getByTestId('theme').selectOption('dark');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(body).toHaveCSS('background-color', 'rgb(20, 22, 26)');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('theme')).toHaveValue('dark');
  await page.getByTestId('theme').selectOption('light');
  await expect(body).toHaveCSS('background-color', 'rgb(247, 247, 248)');
});
