import { passPercent, type ImportProgress } from '../../shared/domain/import-progress.ts';
import { printable, type StatusTerminal } from './output.ts';

/** A status line for an import: rewritten as progress arrives, cleared before the result is printed. */
export interface ImportStatusLine {
  update(progress: ImportProgress): void;
  clear(): void;
}

const CLEAR_LINE = '\r\x1b[2K';

function size(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MiB`;
  return `${Math.ceil(bytes / 1024)} KiB`;
}

/** One line of progress, the file's name shortened from the front (its end says most) to fit `width`. */
export function describeImportProgress(p: ImportProgress, width = 80): string {
  const pass = p.pass === 'layout' ? 'reading layout (pass 1 of 2)' : 'importing (pass 2 of 2)';
  const head = p.fileCount > 1 ? `[${p.fileIndex + 1}/${p.fileCount}] ` : '';
  const tail = `: ${pass}, ${passPercent(p)} % of ${size(p.totalBytes)}, ${p.rows.toLocaleString('en')} rows`;
  const name = [...printable(p.file)];
  const room = Math.max(8, width - head.length - tail.length);
  const shown = name.length <= room ? name.join('') : '…' + name.slice(name.length - room + 1).join('');
  return head + shown + tail;
}

/**
 * Import progress on stderr as one line rewritten in place, only where stderr is a terminal (`terminal` is
 * then given). Redirected stderr gets none: a log or CI output would fill with carriage returns, and the
 * result printed at the end says what each file gave. Never on stdout, which --json keeps pure JSON.
 */
export function importStatusLine(terminal: StatusTerminal | undefined): ImportStatusLine | null {
  if (!terminal) return null;
  let shown = false;
  return {
    update(progress) {
      // One column short of the width: writing the last column makes some terminals wrap. A terminal that
      // gives no width (0, as a pseudo-terminal without a size does) is taken as 80 wide.
      terminal.write(CLEAR_LINE + describeImportProgress(progress, (terminal.columns || 80) - 1));
      shown = true;
    },
    clear() {
      if (shown) terminal.write(CLEAR_LINE);
      shown = false;
    },
  };
}
