import { useSyncExternalStore } from 'react';

export type Route = { name: 'cases' } | { name: 'newCase' } | { name: 'case'; caseId: string } | { name: 'notFound' };

const CASE_PATH = /^#\/cases\/([0-9a-f-]{36})$/i;

export function parseRoute(hash: string): Route {
  if (hash === '' || hash === '#' || hash === '#/' || hash === '#/cases') return { name: 'cases' };
  if (hash === '#/cases/new') return { name: 'newCase' };
  const match = CASE_PATH.exec(hash);
  if (match?.[1]) return { name: 'case', caseId: match[1].toLowerCase() };
  return { name: 'notFound' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'cases':
    case 'notFound':
      return '#/cases';
    case 'newCase':
      return '#/cases/new';
    case 'case':
      return `#/cases/${route.caseId}`;
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
