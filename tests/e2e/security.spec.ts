import { expect, test } from './fixtures.ts';

test('the API refuses calls without the access key', async ({ request, server }) => {
  const none = await request.post(`${server.origin}/api/call/cases.list`, { data: {} });
  expect(none.status()).toBe(401);
  expect(await none.json()).toEqual({ ok: false, error: { code: 'unauthorized', message: 'errors.unauthorized' } });
  const wrong = await request.post(`${server.origin}/api/call/cases.list`, {
    data: {},
    headers: { Authorization: 'Bearer nope' },
  });
  expect(wrong.status()).toBe(401);
  const events = await request.get(`${server.origin}/api/events`);
  expect(events.status()).toBe(401);
  const ok = await request.post(`${server.origin}/api/call/cases.list`, {
    data: {},
    headers: { Authorization: `Bearer ${server.token}` },
  });
  expect(ok.status()).toBe(200);
});

test('opening the app without the key shows how to get in, and nothing else', async ({ page, server }) => {
  await page.goto(server.origin);
  await expect(page.getByRole('heading', { name: 'Access key needed' })).toBeVisible();
  await expect(page.getByText('No cases yet')).toHaveCount(0);
});

test('another site cannot call the API from the analyst’s browser', async ({ page, server }) => {
  // A page of another origin (about:blank has the opaque origin) tries a cross-origin call, even with the key.
  await page.goto('about:blank');
  const outcome = await page.evaluate(
    async ({ origin, token }) => {
      try {
        const res = await fetch(`${origin}/api/call/cases.list`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: '{}',
        });
        return `status ${res.status}`;
      } catch {
        return 'blocked';
      }
    },
    { origin: server.origin, token: server.token },
  );
  expect(outcome).toBe('blocked');
});

test('tenant-controlled text is shown as text, never run', async ({ page, server }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const created = await page.request.post(`${server.origin}/api/call/cases.create`, {
    headers: { Authorization: `Bearer ${server.token}` },
    data: { upn: 'anna@contoso.com', tenant: 'contoso.com' },
  });
  const { value } = (await created.json()) as { value: { id: string } };
  const hostile =
    '<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">x</a> \u202Egnp.exe';
  await page.request.post(`${server.origin}/api/call/cases.addNote`, {
    headers: { Authorization: `Bearer ${server.token}` },
    data: { caseId: value.id, text: hostile },
  });
  await page.goto(server.url);
  await page.goto(`${server.origin}/#/cases/${value.id}`);
  await expect(page.getByTestId('case-log')).toContainText('<img src=x onerror="alert(1)">');
  await expect(page.getByTestId('case-log').locator('img, script, a[href^="javascript"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);
});

test('the page is served with a strict content security policy', async ({ page, server }) => {
  const response = await page.goto(server.url);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe');
});
