import { useTranslation } from 'react-i18next';

/** Browser mode opened without the per-launch key: say how to get in, show nothing else. */
export function AccessNeeded() {
  const { t } = useTranslation();
  return (
    <main id="main" className="narrow">
      <h1>{t('access.title')}</h1>
      <p>{t('access.body')}</p>
    </main>
  );
}
