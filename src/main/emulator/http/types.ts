import type { IncomingHttpHeaders } from 'node:http';

export interface EmuRequest {
  method: string;
  url: URL;
  /** Path without the query, percent-decoded per segment. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  params: Record<string, string>;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as given with `contentType`. */
  body?: unknown;
  contentType?: string;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmuResponse {
  return { status, body, headers };
}

export function html(body: string, status = 200): EmuResponse {
  return { status, body, contentType: 'text/html; charset=utf-8' };
}

export function readJson(req: EmuRequest): unknown {
  if (req.body.length === 0) return undefined;
  return JSON.parse(req.body.toString('utf8')) as unknown;
}

export function readForm(req: EmuRequest): URLSearchParams {
  return new URLSearchParams(req.body.toString('utf8'));
}

/** Escapes text for the emulator's own HTML pages (sign-in, device code): scenario data is text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
