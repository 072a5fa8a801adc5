import { translateKey } from '../../lib/messages.ts';
import { useTranslation } from 'react-i18next';
import type { SourceCoverage, SourceProgress } from '../../../../shared/domain/investigation.ts';

export type CoverageTableProps = Readonly<{ rows: ReadonlyArray<SourceCoverage | SourceProgress> }>;

/** Per source: what was collected, or why not and how to fix it (live while collecting). */
export function CoverageTable({ rows }: CoverageTableProps) {
  const { t } = useTranslation();
  return (
    <table className="data" data-testid="coverage">
      <caption className="visually-hidden">{t('investigation.coverage')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('investigation.columns.source')}</th>
          <th scope="col">{t('investigation.columns.status')}</th>
          <th scope="col" className="num">
            {t('investigation.columns.records')}
          </th>
          <th scope="col" className="num">
            {t('investigation.columns.pages')}
          </th>
          <th scope="col">{t('investigation.columns.throttled')}</th>
          <th scope="col">{t('investigation.columns.why')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.source} data-status={row.status}>
            <td>{t(`sources.${row.source}`)}</td>
            <td>
              {t(`investigation.status.${row.status}`)}
              {row.status === 'running' && (
                <progress className="source-progress" aria-label={t(`sources.${row.source}`)} />
              )}
              {row.status === 'running' && 'etaMs' in row && typeof row.etaMs === 'number' && row.etaMs > 0 && (
                <span className="muted">
                  {' '}
                  · {t('investigation.eta', { seconds: Math.max(1, Math.round(row.etaMs / 1000)) })}
                </span>
              )}
            </td>
            <td className="num">{row.records}</td>
            <td className="num">{row.pages}</td>
            <td>
              {row.throttleWaits > 0
                ? t('investigation.throttledValue', {
                    count: row.throttleWaits,
                    seconds: Math.round(row.throttleMs / 1000),
                  })
                : ''}
            </td>
            <td>
              {'detail' in row && row.status === 'completed' ? (
                row.detail
              ) : 'detail' in row && row.status !== 'running' ? (
                <>
                  {row.detail ?? (row.reason ? translateKey(t, `collect.${row.reason}`) : '')}
                  {row.fix && <div className="fix">→ {row.fix}</div>}
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
