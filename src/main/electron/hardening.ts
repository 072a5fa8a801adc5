import { app, session, shell, type WebContents } from 'electron';
import { isAllowedExternal, isAppUrl } from './navigation-policy.ts';

/**
 * Process-wide guards: every web contents may show only our own pages; links to allow-listed portals open
 * in the system browser; everything else (navigation, pop-ups, webviews, permissions) is refused.
 */
export function hardenWebContents(trustedOrigins: ReadonlySet<string>, onRefused: (what: string) => void): void {
  const denyAll = (ses: Electron.Session) => {
    ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    ses.setPermissionCheckHandler(() => false);
    ses.on('will-download', (event) => event.preventDefault());
  };
  denyAll(session.defaultSession);

  app.on('web-contents-created', (_event, contents: WebContents) => {
    const guardNavigation = (event: Electron.Event, url: string) => {
      if (isAppUrl(url, trustedOrigins)) return;
      event.preventDefault();
      onRefused('navigation');
      if (isAllowedExternal(url)) void shell.openExternal(url);
    };
    contents.on('will-navigate', guardNavigation);
    contents.on('will-frame-navigate', (event) => {
      if (!isAppUrl(event.url, trustedOrigins)) {
        event.preventDefault();
        onRefused('frame-navigation');
      }
    });
    contents.on('will-redirect', guardNavigation);
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      onRefused('webview');
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isAllowedExternal(url)) void shell.openExternal(url);
      else onRefused('window-open');
      return { action: 'deny' };
    });
  });
}
