import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseListSort } from '../../../../shared/domain/case.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { href } from '../../app/router.ts';
import { Time } from '../../components/Time.tsx';
import { errorText } from '../../lib/messages.ts';
import { RestrictedSendersPanel } from './RestrictedSendersPanel.tsx';

type Sort = Readonly<{ by: CaseListSort; direction: 'asc' | 'desc' }>;

const COLUMNS: readonly CaseListSort[] = ['upn', 'tenant', 'blockedAt', 'createdAt', 'updatedAt'];

export function CaseListPage() {
  const { t } = useTranslation();
  const api = useApi();
  const [sort, setSort] = useState<Sort>({ by: 'updatedAt', direction: 'desc' });
  const cases = useQuery({
    queryKey: ['cases', sort],
    queryFn: () => api.call('cases.list', { sort: sort.by, direction: sort.direction }),
  });

  const toggle = (by: CaseListSort) =>
    setSort((current) =>
      current.by === by
        ? { by, direction: current.direction === 'asc' ? 'desc' : 'asc' }
        : { by, direction: by === 'upn' || by === 'tenant' ? 'asc' : 'desc' },
    );

  return (
    <section aria-labelledby="cases-title">
      <div className="page-head">
        <h1 id="cases-title">{t('cases.title')}</h1>
        <a className="button primary" href={href({ name: 'newCase' })}>
          {t('cases.new')}
        </a>
      </div>
      <nav aria-label={t('start.title')}>
        <ul className="start" data-testid="start">
          {(
            [
              ['connect', href({ name: 'connect' })],
              ['newCase', href({ name: 'newCase' })],
              ['import', href({ name: 'import' })],
              ['open', href({ name: 'open' })],
            ] as const
          ).map(([key, to]) => (
            <li key={key}>
              <a href={to}>
                <strong>{t(`start.${key}.title`)}</strong>
              </a>
              <p className="muted">{t(`start.${key}.body`)}</p>
            </li>
          ))}
        </ul>
      </nav>
      {cases.isPending && <p role="status">{t('app.loading')}</p>}
      {cases.isError && (
        <p role="alert" className="error">
          {errorText(t, cases.error)}
        </p>
      )}
      {cases.data && cases.data.length === 0 && (
        <div className="empty" data-testid="cases-empty">
          <h2>{t('cases.emptyTitle')}</h2>
          <p>{t('cases.emptyBody')}</p>
          <a className="button primary" href={href({ name: 'newCase' })}>
            {t('cases.new')}
          </a>
        </div>
      )}
      {cases.data && cases.data.length > 0 && (
        <>
          <p className="muted" role="status">
            {t('cases.count', { count: cases.data.length })}
          </p>
          <table className="data" data-testid="case-list">
            <thead>
              <tr>
                {COLUMNS.map((column) => (
                  <th
                    key={column}
                    scope="col"
                    aria-sort={sort.by === column ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                  >
                    <button
                      type="button"
                      className="sort"
                      onClick={() => toggle(column)}
                      aria-label={t('cases.sortBy', { column: t(`cases.columns.${column}`) })}
                    >
                      {t(`cases.columns.${column}`)}
                      <span aria-hidden="true">
                        {sort.by === column ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                      </span>
                    </button>
                  </th>
                ))}
                <th scope="col" className="num">
                  {t('cases.columns.entries')}
                </th>
              </tr>
            </thead>
            <tbody>
              {cases.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <a href={href({ name: 'case', caseId: c.id })}>{c.upn}</a>
                  </td>
                  <td>{c.tenant}</td>
                  <td>
                    {c.blockedAt ? (
                      <Time iso={c.blockedAt} />
                    ) : (
                      <span className="muted">{t('cases.notBlockedYet')}</span>
                    )}
                  </td>
                  <td>
                    <Time iso={c.createdAt} />
                  </td>
                  <td>
                    <Time iso={c.updatedAt} />
                  </td>
                  <td className="num">{c.head.seq}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <RestrictedSendersPanel />
    </section>
  );
}
