import { BrowserWindow, session } from 'electron';
import type { PdfPrinter } from '../report/pdf.ts';
import { pageTemplates } from '../report/pdf.ts';

/**
 * PDF in the desktop app: Electron's own Chromium prints the report's HTML in a hidden, script-less window
 * on a private session that refuses every request, so the PDF is made from the document alone.
 */
export const electronPdf: PdfPrinter = async (html, header) => {
  const partition = 'clearance-print';
  const printSession = session.fromPartition(partition, { cache: false });
  printSession.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !details.url.startsWith('data:') }),
  );
  const window = new BrowserWindow({
    show: false,
    webPreferences: {
      partition,
      javascript: false,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  try {
    await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`);
    const pdf = await window.webContents.printToPDF({
      pageSize: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      ...pageTemplates(header),
      margins: { top: 0.63, bottom: 0.63, left: 0.55, right: 0.55 },
    });
    return new Uint8Array(pdf);
  } finally {
    window.destroy();
  }
};
