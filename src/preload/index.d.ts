import type { Bridge } from '../shared/api/channels.ts';

declare global {
  interface Window {
    /** Present in the desktop app (exposed by the preload); absent in browser mode. */
    readonly clearance?: Bridge;
  }
}
