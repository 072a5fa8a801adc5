import { ipcMain, type WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannelFor, methodNames } from '../../shared/api/contract.ts';
import type { App } from '../app/create-app.ts';
import { isTrustedSender } from './navigation-policy.ts';

/**
 * One `ipcMain.handle` per contract method, all into the same dispatch as browser mode. Calls from any
 * frame other than our own page's main frame are refused before their payload is looked at.
 */
export function registerIpc(app: App, trustedOrigins: ReadonlySet<string>): void {
  for (const method of methodNames) {
    ipcMain.handle(ipcChannelFor(method), (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame, trustedOrigins)) {
        app.logger.log('warn', 'ipc call refused: untrusted sender', { method });
        return { ok: false, error: { code: 'unauthorized', message: 'errors.unauthorized' } };
      }
      return app.dispatch(method, input);
    });
  }
}

/** Forwards app events to a window for as long as it lives. */
export function forwardEvents(app: App, contents: WebContents): void {
  const unsubscribe = app.events.subscribe((event) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event);
  });
  contents.once('destroyed', unsubscribe);
}
