/**
 * Resume points for paged Graph collections. Graph's `@odata.nextLink` is absolute; stored as is, a resume
 * after the endpoint changed (another emulator port, a profile's other endpoint) would ask a host that is
 * gone, and a case file's stored link could name any host, which would then receive the bearer token.
 * So a cursor is stored as path and query relative to the Graph base, and on resume it is checked to be a
 * Graph path and joined to the connection's current base: a stored host is never followed.
 */

/** `/v1.0/…` or `/beta/…`, then no dot segments, backslashes, fragments, whitespace or control characters. */
const GRAPH_PATH = /^\/(?:v1\.0|beta)\/(?!.*(?:^|\/)\.\.?(?:\/|\?|$))[^\\#\s]*$/;
// eslint's no-control-regex forbids control characters in a pattern, so they are looked for by code.
const hasControl = (text: string): boolean => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

function baseOf(graphBaseUrl: string): { origin: string; path: string } {
  const base = new URL(graphBaseUrl);
  // The base path without its trailing slash: `https://host/` → '', `https://host/graph/` → '/graph'.
  return { origin: base.origin, path: base.pathname.replace(/\/+$/, '') };
}

/** True when `cursor` is a relative Graph path a resume may request. */
export function isGraphCursor(cursor: string): boolean {
  return GRAPH_PATH.test(cursor) && !hasControl(cursor);
}

/**
 * A nextLink as it is stored: its path and query relative to the Graph base. Null when the link leaves
 * this tenant's Graph (another host, another base path) or is no Graph path: such a link is not followed.
 */
export function cursorOf(nextLink: string, graphBaseUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(nextLink);
  } catch {
    return null;
  }
  const base = baseOf(graphBaseUrl);
  if (url.origin !== base.origin || !url.pathname.startsWith(`${base.path}/`)) return null;
  const cursor = `${url.pathname.slice(base.path.length)}${url.search}`;
  return isGraphCursor(cursor) ? cursor : null;
}

/**
 * The URL to resume from: a stored cursor joined to the current Graph base. A cursor stored by an older
 * Clearance is an absolute URL; only its path and query are kept (its host is never contacted). Null when
 * the cursor is not a Graph path, in which case the collection starts over (evidence keys keep it from
 * storing anything twice).
 */
export function resumeUrl(cursor: string, graphBaseUrl: string): string | null {
  let relative = cursor;
  if (!cursor.startsWith('/')) {
    try {
      const url = new URL(cursor);
      if (url.protocol !== 'https:') return null;
      relative = `${url.pathname}${url.search}`;
    } catch {
      return null;
    }
  }
  if (!isGraphCursor(relative)) return null;
  const base = baseOf(graphBaseUrl);
  const url = new URL(`${base.origin}${base.path}${relative}`);
  // Checked again as parsed: percent-encoded dot segments (`%2e%2e`) are resolved by the URL parser.
  const parsed = url.pathname.startsWith(`${base.path}/`) ? `${url.pathname.slice(base.path.length)}${url.search}` : '';
  return url.origin === base.origin && isGraphCursor(parsed) ? url.href : null;
}
