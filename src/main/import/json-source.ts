import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { ByteCount } from './progress-meter.ts';

const PEEK_BYTES = 4 * 1024 * 1024;

export type Encoding = 'utf8' | 'utf16le';

/** A JSON object (not an array, not null): what an item or a row must be. */
export const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A size for messages: `64 MiB`, `64 KiB`, `100 B` (or with `characters`, `64 Mi characters`). */
export function sizeText(n: number, unit: 'B' | 'characters'): string {
  const [count, prefix] = n % 1048576 === 0 ? [n / 1048576, 'Mi'] : n % 1024 === 0 ? [n / 1024, 'Ki'] : [n, ''];
  return unit === 'B' ? `${count} ${prefix}B` : `${count} ${prefix}${prefix ? ' ' : ''}characters`;
}

/** A line longer than this (in UTF-16 code units) is reported, not held: one line could otherwise be the whole file. */
export const MAX_LINE_CHARS = 64 * 1024 * 1024;

/** A non-empty line and its number; `tooLong` instead of its text when it passed the cap. */
export type TextLine =
  { line: number; text: string; tooLong?: undefined } | { line: number; text?: undefined; tooLong: true };

/**
 * Streams a text file's non-empty lines with their numbers, split as readline splits them (LF, CRLF or a lone
 * CR). A line past `maxChars` is dropped as it is read and yielded as `tooLong`. Breaking out of the loop
 * closes the file. `read`, when given, holds the bytes read from the file so far.
 */
export async function* textLines(
  path: string,
  encoding: Encoding,
  read?: ByteCount,
  maxChars = MAX_LINE_CHARS,
): AsyncGenerator<TextLine> {
  const start = encoding === 'utf16le' ? 2 : 0;
  const input = createReadStream(path, { encoding, start });
  let line = 0;
  let text = '';
  let tooLong = false;
  let afterCr = false;
  const breaks = /[\r\n]/g;
  const add = (piece: string) => {
    if (tooLong || piece === '') return;
    if (text.length + piece.length > maxChars) {
      tooLong = true;
      text = '';
    } else text += piece;
  };
  /** The line just ended, when it is to be yielded; the next one begins empty. */
  const end = (): TextLine | null => {
    line++;
    const body = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    const ended: TextLine | null = tooLong ? { line, tooLong: true } : body.trim() !== '' ? { line, text: body } : null;
    text = '';
    tooLong = false;
    return ended;
  };
  try {
    for await (const chunk of input as AsyncIterable<string>) {
      // A CR at the end of the last chunk and an LF at the start of this one are one break.
      let from = afterCr && chunk.startsWith('\n') ? 1 : 0;
      afterCr = false;
      const ended: TextLine[] = [];
      breaks.lastIndex = from;
      for (let match = breaks.exec(chunk); match; match = breaks.exec(chunk)) {
        add(chunk.slice(from, match.index));
        const done = end();
        if (done) ended.push(done);
        from = match.index + 1;
        if (match[0] === '\r') {
          if (from === chunk.length) afterCr = true;
          else if (chunk[from] === '\n') from++;
        }
        breaks.lastIndex = from;
      }
      add(chunk.slice(from));
      if (read) read.bytes = start + input.bytesRead;
      yield* ended;
    }
    if (text !== '' || tooLong) {
      const last = end();
      if (last) yield last;
    }
    if (read) read.bytes = start + input.bytesRead;
  } finally {
    input.destroy();
  }
}

/**
 * Whether a file starting with `{` is JSON Lines (one object a line, as Log Analytics data export and
 * Sentinel datasets write): its first line, within the first few MiB, is a whole object and more follows.
 * Only the start is read, so a large one-line document is not loaded to find out.
 */
export async function isJsonLines(path: string, encoding: Encoding): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(PEEK_BYTES), 0, PEEK_BYTES, 0);
    const start = encoding === 'utf16le' ? 2 : 0;
    const text = buffer
      .subarray(start, bytesRead)
      .toString(encoding)
      .replace(/^\uFEFF/, '');
    const end = text.indexOf('\n');
    if (end === -1) return false;
    try {
      if (!isObject(JSON.parse(text.slice(0, end)))) return false;
    } catch {
      return false;
    }
    return text.slice(end).trim() !== '' || bytesRead === PEEK_BYTES;
  } finally {
    await handle.close();
  }
}
