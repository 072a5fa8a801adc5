import { useSyncExternalStore } from 'react';

/** Values a new case can start from (a restricted-senders row). */
export interface CaseDraft {
  upn?: string;
  tenant?: string;
  blockedAt?: string;
}

export type Route =
  | { name: 'cases' }
  | { name: 'newCase'; draft?: CaseDraft }
  | { name: 'case'; caseId: string }
  | { name: 'connect' }
  | { name: 'import'; caseId?: string }
  | { name: 'open' }
  | { name: 'notFound' };

const CASE_PATH = /^#\/cases\/([0-9a-f-]{36})$/i;

export function parseRoute(hash: string): Route {
  if (hash === '' || hash === '#' || hash === '#/' || hash === '#/cases') return { name: 'cases' };
  if (hash === '#/cases/new') return { name: 'newCase' };
  if (hash === '#/connect') return { name: 'connect' };
  if (hash === '#/open') return { name: 'open' };
  if (hash === '#/import') return { name: 'import' };
  const importFor = /^#\/import\?case=([0-9a-f-]{36})$/i.exec(hash);
  if (importFor?.[1]) return { name: 'import', caseId: importFor[1].toLowerCase() };
  if (hash.startsWith('#/cases/new?')) {
    const q = new URLSearchParams(hash.slice('#/cases/new?'.length));
    const draft: CaseDraft = {};
    for (const key of ['upn', 'tenant', 'blockedAt'] as const) {
      const value = q.get(key);
      if (value) draft[key] = value;
    }
    return { name: 'newCase', draft };
  }
  const match = CASE_PATH.exec(hash);
  if (match?.[1]) return { name: 'case', caseId: match[1].toLowerCase() };
  return { name: 'notFound' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'cases':
    case 'notFound':
      return '#/cases';
    case 'newCase': {
      const q = new URLSearchParams(
        Object.entries(route.draft ?? {}).filter(([, v]) => v !== undefined) as [string, string][],
      );
      return q.size > 0 ? `#/cases/new?${q.toString()}` : '#/cases/new';
    }
    case 'case':
      return `#/cases/${route.caseId}`;
    case 'connect':
      return '#/connect';
    case 'open':
      return '#/open';
    case 'import':
      return route.caseId ? `#/import?case=${route.caseId}` : '#/import';
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** Hash routing: works the same from `app://` in Electron and from the loopback server. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
