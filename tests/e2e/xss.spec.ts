import type { Locator, Page } from '@playwright/test';
import { LONG, XSS } from '../support/xss-corpus.ts';
import { PLACED, VICTIM, XSS_SCENARIO } from '../support/xss-scenario.ts';
import { expect, test } from './fixtures.ts';
import { showInvisible } from '../../src/shared/invisible.ts';

// The demo tenant serves the XSS scenario: the corpus sits in every tenant string the app shows.
test.use({ serveArgs: ['--scenario', XSS_SCENARIO] });

/** The few DOM features the in-page checks use (the tests compile without the DOM library). */
interface El {
  outerHTML: string;
  tagName: string;
  classList: Iterable<string>;
  children: Iterable<El>;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { right: number };
  closest(selector: string): El | null;
}
interface BrowserWindow {
  __xss?: unknown;
  __cspViolations?: string[];
  innerWidth: number;
  document: {
    documentElement: { scrollWidth: number };
    querySelectorAll(selector: string): Iterable<El>;
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (event: { violatedDirective: string; blockedURI: string; sample: string }) => void,
    ): void;
  };
}

/** Records every sign that something ran: dialogs, CSP violations, uncaught errors. */
async function watch(page: Page) {
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /content security policy|refused to/i.test(message.text()))
      errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    const w = globalThis as unknown as BrowserWindow;
    const violations: string[] = (w.__cspViolations = []);
    w.document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  return { dialogs, errors };
}

/** Nothing ran and nothing from the corpus became an element, a handler or a link. */
async function expectInert(page: Page, where: string) {
  const state = await page.evaluate(() => {
    const w = globalThis as unknown as BrowserWindow;
    return {
      xss: typeof w.__xss,
      csp: w.__cspViolations ?? [],
      elements: [
        ...w.document.querySelectorAll(
          'body script, body style, img, svg, iframe, object, embed, [onerror], [onload], [srcdoc]',
        ),
      ].map((el) => el.outerHTML.slice(0, 120)),
      links: [...w.document.querySelectorAll('a[href]')]
        .map((a) => a.getAttribute('href') ?? '')
        // The app's own links: routes, and Microsoft's portals it points to (fixed addresses, not tenant text).
        .filter((href) => !href.startsWith('#') && href !== 'https://security.microsoft.com/restrictedentities'),
    };
  });
  expect(state.xss, `window.__xss set (${where})`).toBe('undefined');
  expect(state.csp, `CSP violations (${where})`).toEqual([]);
  expect(state.elements, `elements made from tenant text (${where})`).toEqual([]);
  expect(state.links, `links other than the app's own (${where})`).toEqual([]);
}

/** The page is never wider than the window: long tenant strings wrap or are clipped. */
async function expectLayoutHolds(page: Page, where: string) {
  const layout = await page.evaluate(() => {
    const w = globalThis as unknown as BrowserWindow;
    const width = w.innerWidth;
    const overflows = (el: El) =>
      el.getBoundingClientRect().right > width + 2 && !el.closest('.visually-hidden, .skip');
    // The innermost elements sticking out name the culprit; their ancestors only follow.
    const offenders = [...w.document.querySelectorAll('body *')]
      .filter((el) => overflows(el) && ![...el.children].some(overflows))
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`,
      );
    return { scrollWidth: w.document.documentElement.scrollWidth, width, offenders };
  });
  expect(layout.scrollWidth, `horizontal overflow (${where}): ${layout.offenders.join('; ')}`).toBeLessThanOrEqual(
    layout.width + 2,
  );
}

/** Text containment without printing 100 KiB of page text when it fails. */
async function expectText(locator: Locator, expected: string) {
  await expect
    .poll(async () => (await locator.textContent())?.includes(expected) ?? false, {
      message: `text containing ${JSON.stringify(expected.slice(0, 120))}`,
    })
    .toBe(true);
}

/** A tenant string as the UI shows it: invisible and direction-changing characters as visible escapes. */
const shown = showInvisible;

/** A string as it appears inside pretty-printed JSON. */
const inJson = (value: string) => JSON.stringify(value).slice(1, -1);

test('tenant strings from the XSS corpus are shown as text: nothing runs and the layout holds', async ({
  page,
  server,
}, testInfo) => {
  test.setTimeout(120_000);
  const { dialogs, errors } = await watch(page);
  await page.goto(server.url);

  // The start page: the tenant's name and the block reason come from Exchange.
  const panel = page.getByTestId('restricted-senders');
  await expect(panel.getByRole('heading')).toContainText(XSS.scriptTag);
  await expect(panel.getByRole('heading')).toContainText(XSS.rtl);
  await expect(panel).toContainText(XSS.styleBreak);
  await expect(page.getByText(XSS.scriptTag).first()).toBeVisible();
  await expectInert(page, 'case list');
  await expectLayoutHolds(page, 'case list');
  await page.screenshot({ path: testInfo.outputPath('01-case-list.png'), fullPage: true });

  await panel.getByRole('link', { name: `Open a case for ${VICTIM.upn}` }).click();
  await page.getByRole('button', { name: 'Create case' }).click();
  await expect(page.getByTestId('case-title')).toHaveText(`Case for ${VICTIM.upn}`);
  await page.getByTestId('investigation').getByRole('button', { name: 'Investigate' }).click();
  await expect(page.getByTestId('verdict').locator('strong')).toHaveText('Verdict: Compromised', { timeout: 60_000 });

  // Findings and the verdict quote rule names, app names and phone numbers as the tenant wrote them.
  const findings = page.getByTestId('findings');
  await expectText(findings, shown(`Inbox rule “${PLACED.forwardRule}” forwards mail outside the organisation`));
  await expectText(findings, shown(`Inbox rule “${PLACED.markReadRule}” hides incoming mail`));
  await expectText(findings, shown(`Inbox rule “${PLACED.hidingRule}” hides incoming mail`));
  await expectText(findings, shown(`The user consented to “${PLACED.appName}”`));
  await expectText(findings, shown(`Hidden inbox rule “${LONG}”`));
  await expectText(page.getByTestId('verdict'), shown(PLACED.forwardRule));
  await expect(findings.getByText(`Inbox rule “${XSS.scriptTag}”`)).toBeVisible();
  await expectInert(page, 'findings');
  await expectLayoutHolds(page, 'findings');
  await page.screenshot({ path: testInfo.outputPath('02-verdict.png') });

  // Each finding's evidence: the raw rows, with 100 KiB names, user agents and publishers among them.
  const evidenceOf = async (title: string, ...expected: string[]) => {
    const finding = findings.getByRole('listitem').filter({ hasText: title }).first();
    await finding.getByRole('button', { name: 'Show evidence' }).click();
    for (const text of expected) await expectText(finding.getByTestId('evidence'), text);
    await expectInert(page, `evidence of ${title.slice(0, 60)}`);
    await expectLayoutHolds(page, `evidence of ${title.slice(0, 60)}`);
    return finding;
  };
  await evidenceOf(`Inbox rule “${PLACED.forwardRule}” forwards`, `"displayName": "${inJson(XSS.scriptTag)}"`);
  // Invisible characters show as JSON escapes: a right-to-left override cannot disguise the raw record.
  await evidenceOf(
    'over a legacy protocol',
    `"userAgent": "${LONG}"`,
    String.raw`"city": "invoice\u202efdp.exe"`,
    String.raw`Vance ad\u200bm\u200ci\u200dn\ufeff"`,
  );
  await evidenceOf('The user consented to', `"displayName": "${inJson(PLACED.appName)}"`);
  const hidden = await evidenceOf(`Hidden inbox rule “${LONG.slice(0, 40)}`, inJson(XSS.imgOnerror));
  await hidden.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('03-evidence.png') });

  // The timeline: a finding with a 100 KiB title in focus, then a search for a payload.
  await hidden.getByRole('button', { name: 'Show in timeline' }).click();
  await expectText(page.getByTestId('timeline-focus'), LONG);
  await expectLayoutHolds(page, 'timeline focused on a 100 KiB finding');
  await page.getByTestId('timeline-focus').getByRole('button', { name: 'Show all events' }).click();

  const timeline = page.getByTestId('timeline');
  const rows = page.getByTestId('timeline-rows');
  const events = rows.getByRole('option');
  for (let i = 0; i < 5; i++)
    await rows.evaluate((el) => (el as unknown as { scrollBy(x: number, y: number): void }).scrollBy(0, 20_000));
  await expectInert(page, 'timeline scrolled');
  await page.getByTestId('timeline-search').fill(XSS.imgOnerror);
  await expect(events.first()).toContainText(XSS.imgOnerror);
  const listed = await events.allTextContents();
  expect(listed.every((text) => text.includes(XSS.imgOnerror))).toBe(true);
  for (const subject of [XSS.javascriptUrl, XSS.styleBreak, XSS.entities, XSS.iframe]) {
    await page.getByTestId('timeline-search').fill(subject);
    await expect(events.filter({ hasText: subject }).first()).toBeVisible();
  }
  // The 100 KiB subject, opened: the row and the event's details keep to the window.
  await page.getByTestId('timeline-search').fill('LONG');
  await expectText(events.first(), LONG);
  await events.first().click();
  await expectInert(page, 'timeline searched');
  await expectLayoutHolds(page, 'timeline searched');
  await timeline.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('04-timeline.png') });

  // The case log records the run; the chain still verifies.
  const log = page.getByTestId('case-log');
  await log.scrollIntoViewIfNeeded();
  await expect(log).toContainText('Verdict Compromised');
  await expect(page.getByTestId('verify-status')).toContainText(/Log intact: \d+ entries verified/);
  await expectInert(page, 'case log');
  await expectLayoutHolds(page, 'case log');
  await page.screenshot({ path: testInfo.outputPath('05-case-log.png') });

  expect(dialogs, 'dialogs').toEqual([]);
  expect(errors, 'CSP errors and uncaught exceptions').toEqual([]);
});
