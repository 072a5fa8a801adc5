import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runClearance } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { tamperWith } from '../support/tamper.ts';
import { expect, test } from './fixtures.ts';

test('connect screen: the demo tenant, capabilities with fixes, switching scenario, offline, a new profile', async ({
  page,
  server,
}, testInfo) => {
  test.setTimeout(90_000);
  await page.goto(server.url);
  await expect(page.getByTestId('tenant-badge')).toHaveText('Demo tenant: Contoso');
  await page.getByTestId('start').getByRole('link', { name: 'Connect a tenant' }).click();
  await expect(page.getByTestId('connection')).toContainText(
    'Connected to Contoso (contoso.com, contoso.onmicrosoft.com)',
  );

  const caps = page.getByTestId('capabilities');
  await caps.getByLabel('User (optional)').fill('adele.vance@contoso.com');
  await caps.getByRole('button', { name: 'Check' }).click();
  await expect(caps).toContainText('Every source is available.');
  await expect(caps.locator('tbody tr')).toHaveCount(22);

  // Fabrikam lacks licences and permissions: each gap says why and how to fix it.
  await page.getByLabel('Scenario').selectOption('fabrikam');
  await page.getByRole('button', { name: 'Connect the demo tenant' }).click();
  await expect(page.getByTestId('tenant-badge')).toHaveText('Demo tenant: Fabrikam');
  await page.getByTestId('capabilities').getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('capabilities')).toContainText(/sources? (is|are) not available/);
  await expect(page.getByTestId('capabilities').locator('tr[data-available="false"]').first()).toContainText('→');
  await page.screenshot({ path: testInfo.outputPath('connect.png'), fullPage: true });

  await page.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.getByTestId('tenant-badge')).toHaveText('Offline: no tenant');
  await expect(page.getByTestId('connection')).toContainText('Not connected');

  // A profile: validated field by field; the secret is sealed in main and never shown again.
  const form = page.getByTestId('profile-form');
  await form.getByLabel('Profile name').fill('Contoso Prod');
  await form.getByLabel('Directory (tenant) ID').fill('not-a-guid');
  await form.getByLabel('Application (client) ID').fill('6f2a1c3e-7b4d-4e8a-9c1f-0d2e3f4a5b6c');
  await form.getByRole('radio', { name: /App with client secret/ }).check();
  await form.getByRole('textbox', { name: 'Client secret' }).fill('very-secret-value');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(form).toContainText('Use lower-case letters, digits and dashes');
  await expect(form).toContainText('Enter a GUID');
  await form.getByLabel('Profile name').fill('contoso-prod');
  await form.getByLabel('Directory (tenant) ID').fill('b3c1b5fc-828c-45fa-a1e1-10d74f6d6e9c');
  await form.getByRole('textbox', { name: 'Client secret' }).fill('very-secret-value');
  await form.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByTestId('profiles')).toContainText('contoso-prod');
  await expect(page.getByTestId('profiles')).toContainText('App with client secret');
  await expect(page.locator('body')).not.toContainText('very-secret-value');
  await expect(form.getByRole('textbox', { name: 'Client secret' })).toHaveValue('');
  await page.getByRole('button', { name: 'Remove contoso-prod' }).click();
  await expect(page.getByTestId('profiles')).toHaveCount(0);

  await page.getByLabel('Scenario').selectOption('contoso');
  await page.getByRole('button', { name: 'Connect the demo tenant' }).click();
  await expect(page.getByTestId('tenant-badge')).toHaveText('Demo tenant: Contoso');
});

test('import exported logs into a new case from the UI, then open the case', async ({ page, server }) => {
  test.setTimeout(60_000);
  await page.goto(server.url);
  await page.getByTestId('start').getByRole('link', { name: 'Import exported logs' }).click();
  const form = page.getByTestId('import-form');
  await form.getByRole('radio', { name: 'A new case' }).check();
  await form.getByLabel('User principal name').fill('sara.lund@nordhavn.dk');
  await form.getByLabel('Tenant').fill('nordhavn.dk');
  await form
    .getByLabel(/^Files/)
    .fill(
      [
        join(ROOT, 'tests/fixtures/exports/entra-signins.csv'),
        join(ROOT, 'tests/fixtures/exports/purview-audit.csv'),
      ].join('\n'),
    );
  await form.getByRole('button', { name: 'Import and detect' }).click();
  const result = page.getByTestId('import-result');
  await expect(result).toContainText('entra-signins.csv');
  await expect(result).toContainText('→ Sign-in logs');
  await expect(result).toContainText('→ Unified audit log');
  await expect(result).toContainText(/line \d+:/); // the unreadable rows, by line
  await result.getByRole('link', { name: 'Open the case' }).click();
  await expect(page.getByTestId('case-title')).toContainText('sara.lund@nordhavn.dk');
  await expect(page.getByTestId('timeline-count')).toContainText(/[1-9]\d* events?/);
  await expect(page.getByTestId('case-log')).toContainText('Evidence imported');
});

test('open a case file a colleague handed over: verified, and a broken one says exactly where', async ({
  page,
  server,
}) => {
  test.setTimeout(60_000);
  const colleague = makeTempDir('clearance-colleague-');
  try {
    const created = [1, 2].map(() => {
      const r = runClearance([
        'cases',
        'create',
        '--upn',
        'lee.gu@contoso.com',
        '--tenant',
        'contoso.com',
        '--data-dir',
        colleague.dir,
        '--json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { id: string }).id;
    });
    const intact = join(colleague.dir, 'intact.clearance');
    copyFileSync(join(colleague.dir, 'cases', `${created[0]}.clearance`), intact);
    const broken = join(colleague.dir, 'broken.clearance');
    copyFileSync(join(colleague.dir, 'cases', `${created[1]}.clearance`), broken);
    tamperWith(broken, "UPDATE log SET payload = json_set(payload, '$.upn', 'someone.else@contoso.com') WHERE seq = 1");

    await page.goto(server.url);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Open case file' }).click();
    await page.getByLabel('Path of the case file on this computer').fill(intact);
    await page.getByRole('button', { name: 'Verify and open' }).click();
    await expect(page.getByTestId('open-result')).toContainText('Verified: the case log is intact');

    await page.getByLabel('Path of the case file on this computer').fill(broken);
    await page.getByRole('button', { name: 'Verify and open' }).click();
    const warning = page.getByTestId('open-result');
    await expect(warning).toHaveRole('alert');
    await expect(warning).toContainText('Warning: the case log is broken');
    await expect(warning).toContainText('The chain breaks at entry 1 (an entry was changed)');
    await warning.getByRole('link', { name: /Open it anyway/ }).click();
    await expect(page.getByTestId('verify-status')).toContainText('Log broken at entry 1');
    await expect(page.getByTestId('case-log')).toContainText('CHAIN BROKEN at entry 1');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Open case file' }).click();
    await page.getByLabel('Path of the case file on this computer').fill(join(ROOT, 'package.json'));
    await page.getByRole('button', { name: 'Verify and open' }).click();
    await expect(page.getByRole('alert')).toContainText(
      'The file is not a Clearance case file (not an SQLite database).',
    );
  } finally {
    colleague.cleanup();
  }
});
