/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../playwright.config.ts';
import { ROOT } from './cli.ts';

const PDFJS = join(ROOT, 'node_modules', 'pdfjs-dist', 'build');

/**
 * Renders every page of a PDF to PNG with pdf.js inside Chromium, and returns each page's text: a test can
 * read what a printed report says and save the images for a person to look at.
 */
export async function pdfPages(
  pdf: Uint8Array,
  limit = Infinity,
): Promise<Array<{ text: string; png: Buffer }> & { total?: number }> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    await page.route('http://pdf.test/**', async (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      if (name === 'report.pdf') return route.fulfill({ body: Buffer.from(pdf), contentType: 'application/pdf' });
      if (name === 'index.html')
        return route.fulfill({ body: '<!doctype html><body style="margin:0"></body>', contentType: 'text/html' });
      return route.fulfill({ body: readFileSync(join(PDFJS, name)), contentType: 'text/javascript' });
    });
    await page.goto('http://pdf.test/index.html');
    // A module script, not page.evaluate: the test runner rewrites `import()` inside evaluated functions.
    await page.evaluate(
      (n) => ((window as unknown as { pdfLimit: number }).pdfLimit = n),
      Number.isFinite(limit) ? limit : 1e9,
    );
    await page.addScriptTag({ type: 'module', content: RENDER_PAGES });
    await page.waitForFunction(() => 'pdfTexts' in window, null, { timeout: 30_000 });
    const texts = await page.evaluate(() => (window as unknown as { pdfTexts: string[] }).pdfTexts);
    const total = await page.evaluate(() => (window as unknown as { pdfTotal: number }).pdfTotal);
    const pages: Array<{ text: string; png: Buffer }> & { total?: number } = [];
    pages.total = total;
    for (let n = 1; n <= texts.length; n++)
      pages.push({ text: texts[n - 1]!, png: await page.locator(`#page-${n}`).screenshot() });
    return pages;
  } finally {
    await browser.close();
  }
}

const RENDER_PAGES = `
import * as pdfjs from 'http://pdf.test/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = 'http://pdf.test/pdf.worker.mjs';
const doc = await pdfjs.getDocument({ url: 'http://pdf.test/report.pdf' }).promise;
const out = [];
window.pdfTotal = doc.numPages;
for (let n = 1; n <= Math.min(doc.numPages, window.pdfLimit); n++) {
  const p = await doc.getPage(n);
  const viewport = p.getViewport({ scale: 1.4 });
  const canvas = document.createElement('canvas');
  canvas.width = viewport.width;
  canvas.height = viewport.height;
  canvas.id = 'page-' + n;
  canvas.style.display = 'block';
  document.body.append(canvas);
  await p.render({ canvas, viewport }).promise;
  const content = await p.getTextContent();
  out.push(content.items.map((i) => i.str ?? '').join(' '));
}
window.pdfTexts = out;
`;
