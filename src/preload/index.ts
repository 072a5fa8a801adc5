import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_EVENT_CHANNEL, ipcChannelFor, isMethodName, type Bridge } from '../shared/api/channels.ts';

// A sandboxed preload: bundled into one file, imports only `electron` and our own pure contract.
if (!process.contextIsolated) {
  throw new Error('Clearance requires context isolation; refusing to expose the bridge.');
}

/**
 * The renderer's only door into main: one call per contract method over its fixed channel, and one event
 * stream. No raw ipcRenderer, no channel names from the renderer, no Electron event objects.
 */
const bridge: Bridge = Object.freeze({
  invoke(method, input) {
    if (!isMethodName(method)) return Promise.reject(new Error('unknown method'));
    return ipcRenderer.invoke(ipcChannelFor(method), input) as Promise<unknown>;
  },
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.off(IPC_EVENT_CHANNEL, forward);
    };
  },
} satisfies Bridge);

contextBridge.exposeInMainWorld('clearance', bridge);
