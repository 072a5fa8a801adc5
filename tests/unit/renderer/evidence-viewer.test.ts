import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { initReactI18next } from 'react-i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogues } from '../../../src/shared/i18n/index.ts';
import { ApiContext } from '../../../src/renderer/src/api/ApiContext.tsx';
import type { ApiClient } from '../../../src/renderer/src/api/client.ts';
import { EvidenceViewer } from '../../../src/renderer/src/features/investigation/EvidenceViewer.tsx';

const CASE = '6f2a1c3e-7b4d-4e8a-9c1d-2b3a4c5d6e7f';

beforeAll(async () => {
  await i18next.use(initReactI18next).init({
    resources: Object.fromEntries(Object.entries(catalogues).map(([lng, translation]) => [lng, { translation }])),
    lng: 'en',
    interpolation: { escapeValue: false },
  });
});

/** The viewer rendered with `evidence.get` already answered (what main sent), as markup. */
function render(items: unknown[]): string {
  const client = new QueryClient();
  client.setQueryData(['evidence', CASE, [1]], items);
  const api = { call: () => Promise.reject(new Error('not called')) } as unknown as ApiClient;
  return renderToStaticMarkup(
    createElement(
      QueryClientProvider,
      { client },
      createElement(ApiContext.Provider, { value: api }, createElement(EvidenceViewer, { caseId: CASE, ids: [1] })),
    ),
  );
}

const item = {
  id: 1,
  source: 'signIns',
  request: 'GET test',
  fetchedAt: '2026-11-20T10:00:00.000Z',
  sha256: 'a'.repeat(64),
  offset: 0,
};

describe('the evidence viewer', () => {
  it('says a record is cut, how much of it is shown, and offers the rest', () => {
    const html = render([{ ...item, body: '{"pad":"aaaa', end: 12, size: 600_029, truncated: true }]);
    expect(html).toContain('Long record: showing the first 12 of 600029 characters.');
    expect(html).toContain('Show more');
    expect(html).toContain('Copy what is shown');
  });

  it('shows a whole record without the notice', () => {
    const html = render([{ ...item, body: '{"a":1}', end: 7, size: 7, truncated: false }]);
    expect(html).not.toContain('Long record');
    expect(html).not.toContain('Show more');
    expect(html).toContain('Copy JSON');
  });
});
