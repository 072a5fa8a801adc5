import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { ProfileStore } from './profiles.ts';

/** MSAL's token cache, persisted sealed by the vault (never in plain text on disk). */
export function sealedCachePlugin(store: ProfileStore, profile: string): ICachePlugin {
  return {
    beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      const cached = store.getSecret(profile, 'tokenCache');
      if (cached) context.tokenCache.deserialize(cached);
      return Promise.resolve();
    },
    afterCacheAccess(context: TokenCacheContext): Promise<void> {
      if (context.cacheHasChanged) store.putSecret(profile, 'tokenCache', context.tokenCache.serialize());
      return Promise.resolve();
    },
  };
}
