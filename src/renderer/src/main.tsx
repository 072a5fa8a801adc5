import './lib/zod-jitless.ts'; // first: before any zod schema is built
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Bridge } from '../../shared/api/contract.ts';
import { ApiContext } from './api/ApiContext.tsx';
import { createApiClient } from './api/client.ts';
import { createHttpBridge, takeAccessKey } from './api/http-bridge.ts';
import { AccessNeeded } from './app/AccessNeeded.tsx';
import { App } from './app/App.tsx';
import { setupI18n } from './i18n/setup.ts';
import { applyTheme } from './theme/theme.ts';
import './styles.css';

/** The desktop preload's bridge when present, otherwise browser mode's HTTP bridge. */
function pickBridge(): Bridge | null {
  if (window.clearance) return window.clearance;
  const key = takeAccessKey();
  return key ? createHttpBridge(key) : null;
}

async function start(): Promise<void> {
  applyTheme();
  await setupI18n();
  const bridge = pickBridge();
  const root = createRoot(document.getElementById('root')!);
  if (!bridge) {
    root.render(<AccessNeeded />);
    return;
  }
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 5_000 } },
  });
  root.render(
    <StrictMode>
      <ApiContext.Provider value={createApiClient(bridge)}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </ApiContext.Provider>
    </StrictMode>,
  );
}

void start();
