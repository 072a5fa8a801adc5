import { protocol } from 'electron';
import { SECURITY_HEADERS } from '../security/content-policy.ts';
import { readStaticFile } from '../server/static-files.ts';
import { APP_SCHEME } from './navigation-policy.ts';

/** Must run before `app.ready`: `app://` behaves like a secure, standard origin (not `file://`). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, codeCache: true } },
  ]);
}

/** Serves the built renderer, and only it, with the same security headers as browser mode. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const file = url.host === 'clearance' ? await readStaticFile(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404, headers: { ...SECURITY_HEADERS } });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': file.contentType },
    });
  });
}
