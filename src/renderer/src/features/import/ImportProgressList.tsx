import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { passPercent, type ImportProgress } from '../../../../shared/domain/import-progress.ts';

export type ImportProgressListProps = Readonly<{ files: readonly ImportProgress[] }>;

/** Each file of a running import: its name (as text), which pass, how much of it is read, rows so far. */
export function ImportProgressList({ files }: ImportProgressListProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  if (files.length === 0) return null;
  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="import-progress">
      <h2 id={`${id}-title`}>{t('import.progress.title')}</h2>
      <ul className="import-progress">
        {files.map((p) => {
          const percent = passPercent(p);
          return (
            <li key={p.fileIndex}>
              <span className="mono">{p.file}</span>
              <progress value={percent} max={100} aria-label={t('import.progress.of', { file: p.file })} />
              <span className="muted">
                {t(p.pass === 'layout' ? 'import.progress.layout' : 'import.progress.import', {
                  percent,
                  rows: p.rows.toLocaleString(i18n.language),
                })}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
