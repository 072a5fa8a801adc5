import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogues, DEFAULT_LANGUAGE, languages, type Language } from '../../../shared/i18n/index.ts';

const LANGUAGE_KEY = 'clearance.language';

function initialLanguage(): Language {
  const saved = window.localStorage.getItem(LANGUAGE_KEY);
  if (saved && (languages as string[]).includes(saved)) return saved as Language;
  const preferred = window.navigator.language.slice(0, 2).toLowerCase();
  return (languages as string[]).includes(preferred) ? (preferred as Language) : DEFAULT_LANGUAGE;
}

export async function setupI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: Object.fromEntries(Object.entries(catalogues).map(([lng, translation]) => [lng, { translation }])),
    lng: initialLanguage(),
    fallbackLng: DEFAULT_LANGUAGE,
    // React escapes everything it renders; i18next must not escape a second time.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  return i18next;
}

export async function changeLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  window.localStorage.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
}
