import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  isAllowedExternal,
  isAppUrl,
  isTrustedSender,
} from '../../../src/main/electron/navigation-policy.ts';
import { mainWindowOptions } from '../../../src/main/electron/window-options.ts';

// These modules are the Electron shell's policy; they load here, with no Electron binary, on purpose.

describe('main window options', () => {
  const prefs = mainWindowOptions('/app/out/preload/index.cjs').webPreferences!;

  it('isolates and sandboxes the renderer', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security and refuses insecure or experimental features', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('uses the bundled preload', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });
});

describe('navigation policy', () => {
  const trusted = new Set([APP_ORIGIN]);

  it('treats only our own origin as the app', () => {
    expect(isAppUrl('app://clearance/index.html#/cases', trusted)).toBe(true);
    expect(isAppUrl('app://evil/index.html', trusted)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', trusted)).toBe(false);
    expect(isAppUrl('https://security.microsoft.com', trusted)).toBe(false);
    expect(isAppUrl('not a url', trusted)).toBe(false);
  });

  it('opens only allow-listed portals externally, by exact origin', () => {
    expect(isAllowedExternal('https://security.microsoft.com/restrictedentities')).toBe(true);
    expect(isAllowedExternal('https://security.microsoft.com.evil.test/')).toBe(false);
    expect(isAllowedExternal('http://security.microsoft.com/')).toBe(false);
    expect(isAllowedExternal('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternal('https://user@evil.test/@security.microsoft.com')).toBe(false);
  });

  it('trusts IPC only from our main frame', () => {
    expect(isTrustedSender({ url: 'app://clearance/index.html', parent: null }, trusted)).toBe(true);
    expect(isTrustedSender({ url: 'app://clearance/index.html', parent: {} }, trusted)).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.test/', parent: null }, trusted)).toBe(false);
    expect(isTrustedSender(null, trusted)).toBe(false);
  });
});
