import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, type Language } from '../../../shared/i18n/index.ts';
import { useApi } from '../api/ApiContext.tsx';
import { CaseListPage } from '../features/cases/CaseListPage.tsx';
import { CasePage } from '../features/cases/CasePage.tsx';
import { NewCasePage } from '../features/cases/NewCasePage.tsx';
import { OpenCaseFilePage } from '../features/cases/OpenCaseFilePage.tsx';
import { ImportPage } from '../features/import/ImportPage.tsx';
import { ConnectPage } from '../features/tenant/ConnectPage.tsx';
import { TenantBadge } from '../features/tenant/TenantBadge.tsx';
import { changeLanguage } from '../i18n/setup.ts';
import { THEMES, type Theme, useTheme } from '../theme/theme.ts';
import { href, useRoute } from './router.ts';
import { ShortcutsHelp } from './ShortcutsHelp.tsx';

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', da: 'Dansk' };

/** Keeps cached queries in step with what main reports, whichever window or CLI caused it. */
function useLiveInvalidation(): void {
  const api = useApi();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      api.onEvent((event) => {
        // Every change to a case (a note, a collection, a detection) ends with `cases.changed`, so that
        // one event refreshes everything; `caseLog.appended` alone would miss direct appends by services.
        if (event.name === 'tenant.changed') {
          void queryClient.invalidateQueries({ queryKey: ['tenant'] });
          return;
        }
        if (event.name !== 'cases.changed') return;
        const { caseId } = event.payload;
        void queryClient.invalidateQueries({ queryKey: ['cases'] });
        for (const key of ['case', 'caseLog', 'verify', 'checklist'])
          void queryClient.invalidateQueries({ queryKey: [key, caseId] });
      }),
    [api, queryClient],
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  const [theme, setTheme] = useTheme();
  useLiveInvalidation();

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="top">
        <a className="brand" href={href({ name: 'cases' })}>
          {t('app.name')}
        </a>
        <span className="tagline">{t('app.tagline')}</span>
        <nav aria-label={t('nav.main')}>
          {(['cases', 'connect', 'import', 'open'] as const).map((name) => (
            <a key={name} href={href({ name })} aria-current={route.name === name ? 'page' : undefined}>
              {t(`nav.${name}`)}
            </a>
          ))}
        </nav>
        <TenantBadge />
        <ShortcutsHelp />
        <label className="language">
          <span>{t('app.language')}</span>
          <select
            value={i18n.language}
            onChange={(e) => void changeLanguage(e.target.value as Language)}
            data-testid="language"
          >
            {languages.map((lng) => (
              <option key={lng} value={lng}>
                {LANGUAGE_NAMES[lng]}
              </option>
            ))}
          </select>
        </label>
        <label className="language">
          <span>{t('app.theme')}</span>
          <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)} data-testid="theme">
            {THEMES.map((th) => (
              <option key={th} value={th}>
                {t(`app.themes.${th}`)}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main id="main" tabIndex={-1}>
        {route.name === 'case' ? (
          <CasePage key={route.caseId} caseId={route.caseId} />
        ) : route.name === 'connect' ? (
          <ConnectPage />
        ) : route.name === 'import' ? (
          <ImportPage key={route.caseId ?? ''} {...(route.caseId ? { caseId: route.caseId } : {})} />
        ) : route.name === 'open' ? (
          <OpenCaseFilePage />
        ) : route.name === 'newCase' ? (
          <NewCasePage key={JSON.stringify(route.draft ?? {})} {...(route.draft ? { draft: route.draft } : {})} />
        ) : (
          <CaseListPage />
        )}
      </main>
    </>
  );
}
