import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { ProfileStore } from './profiles.ts';

/** MSAL's token cache, persisted sealed by the vault (never in plain text on disk). */
export function sealedCachePlugin(store: ProfileStore, profile: string): ICachePlugin {
  return {
    beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      let cached: string | null = null;
      try {
        cached = store.getSecret(profile, 'tokenCache');
      } catch {
        // Sealed by another vault (the desktop app's keychain, seen from the CLI): only a cache, so sign in
        // afresh; it is written back sealed by this process's vault.
      }
      if (cached) context.tokenCache.deserialize(cached);
      return Promise.resolve();
    },
    afterCacheAccess(context: TokenCacheContext): Promise<void> {
      if (context.cacheHasChanged) store.putSecret(profile, 'tokenCache', context.tokenCache.serialize());
      return Promise.resolve();
    },
  };
}
