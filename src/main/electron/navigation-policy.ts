/** The renderer's own origin in the desktop app (served by the `app://` protocol). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://clearance';
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Pages the app may open in the analyst's own browser (portals named by the playbook and docs). Compared
 * by exact origin, never by prefix: `https://security.microsoft.com.evil.test` is not allowed.
 */
export const EXTERNAL_ORIGINS: ReadonlySet<string> = new Set([
  'https://security.microsoft.com',
  'https://admin.microsoft.com',
  'https://admin.exchange.microsoft.com',
  'https://entra.microsoft.com',
  'https://portal.azure.com',
  'https://learn.microsoft.com',
]);

/**
 * scheme://host[:port]. Not `URL.origin`, which is "null" for schemes the URL parser does not know
 * (our `app:` outside Electron), and which would make every such URL compare equal.
 */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

export function isAppUrl(url: string, trustedOrigins: ReadonlySet<string>): boolean {
  const origin = originOf(url);
  return origin !== null && trustedOrigins.has(origin);
}

export function isAllowedExternal(url: string): boolean {
  const origin = originOf(url);
  return origin !== null && EXTERNAL_ORIGINS.has(origin);
}

/**
 * An IPC call is trusted only from the main frame of our own page: not a subframe, not a page that
 * somehow navigated elsewhere.
 */
export function isTrustedSender(
  frame: { url: string; parent: unknown } | null | undefined,
  trustedOrigins: ReadonlySet<string>,
): boolean {
  return !!frame && frame.parent === null && isAppUrl(frame.url, trustedOrigins);
}
