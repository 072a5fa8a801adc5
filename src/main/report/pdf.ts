import { existsSync } from 'node:fs';
import { AppError } from '../core/app-error.ts';
import { escapeHtml } from './safe-html.ts';

/** Turns a self-contained HTML document into PDF bytes. Electron brings its own; elsewhere, Chromium. */
export type PdfPrinter = (html: string, header: string) => Promise<Uint8Array>;

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** Headless, sandbox off (containers), nothing fetched in the background: the flags these machines need. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Where a Chromium is: CLEARANCE_CHROMIUM, else the usual Linux places (Debian's `chromium` first). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const configured = env.CLEARANCE_CHROMIUM;
  if (configured) return existsSync(configured) ? configured : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Page header and footer on every printed page: which case, and page n of m. */
export function pageTemplates(header: string): { headerTemplate: string; footerTemplate: string } {
  const style = 'font-size:8px;color:#555;width:100%;padding:0 14mm;font-family:sans-serif;';
  return {
    headerTemplate: `<div style="${style}">${escapeHtml(header)}</div>`,
    footerTemplate: `<div style="${style}text-align:right;"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
  };
}

/**
 * PDF through headless Chromium (browser mode and the CLI), driven by playwright-core. Every request the
 * page would make is refused, so the PDF is made from the document alone.
 */
export const chromiumPdf: PdfPrinter = async (html, header) => {
  const executablePath = findChromium();
  if (!executablePath) throw new AppError('unavailable', 'errors.pdfNoChromium');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_FLAGS,
  });
  try {
    const page = await browser.newPage({ javaScriptEnabled: false });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      ...pageTemplates(header),
      margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' },
    });
    return new Uint8Array(pdf);
  } finally {
    await browser.close();
  }
};
