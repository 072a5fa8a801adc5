import { useTranslation } from 'react-i18next';

export type DocumentLanguage = 'en' | 'da';

/** The language of a document the analyst hands on (report, notification), not of the UI. */
export function LanguageSelect({
  value,
  onChange,
}: Readonly<{ value: DocumentLanguage; onChange: (language: DocumentLanguage) => void }>) {
  const { t } = useTranslation();
  return (
    <label>
      {t('exports.language')}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value as DocumentLanguage)}>
        <option value="en">English</option>
        <option value="da">Dansk</option>
      </select>
    </label>
  );
}
