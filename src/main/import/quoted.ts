/**
 * File content in import messages. A reason may quote what the file holds (a column name, a value) for the
 * analyst at import time, but only through `quoted`, a JSON string literal; the case log keeps the reason with
 * every quotation elided (`withoutQuotes`), so it holds file names, sizes, hashes and reasons, never contents
 * (an `.env` imported by mistake must not put its first line into a permanent, hash-chained log).
 */
export function quoted(value: string, max = 60): string {
  return JSON.stringify(value.replace(/\s+/g, ' ').slice(0, max));
}

/** A JSON string literal: quotes with any escaped character inside, `\"` included. */
const QUOTATION = /"(?:[^"\\]|\\.)*"/g;

/** The reason as the case log keeps it: every quotation replaced by `"…"`. */
export function withoutQuotes(reason: string): string {
  return reason.replace(QUOTATION, '"…"');
}
