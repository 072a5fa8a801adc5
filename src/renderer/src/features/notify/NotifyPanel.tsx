import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { LanguageSelect, type DocumentLanguage } from '../../components/LanguageSelect.tsx';
import { TenantText } from '../../components/TenantText.tsx';
import { Time } from '../../components/Time.tsx';
import { errorText } from '../../lib/messages.ts';

/** Shown on the page; the CSV has everyone. */
const SHOWN = 50;

/**
 * Recipient notification (playbook step 1b): who received the spam, from the case's message trace
 * (offline), the notification text in English or Danish to copy, and the full list as CSV.
 */
export function NotifyPanel({ caseId }: Readonly<{ caseId: string }>) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [language, setLanguage] = useState<DocumentLanguage>(i18n.language === 'da' ? 'da' : 'en');
  const list = useQuery({
    // Under the investigation's key: refreshed when evidence changes, not on every note or pin.
    queryKey: ['investigation', caseId, 'recipients', language],
    queryFn: () => api.call('notify.recipients', { caseId, language, limit: SHOWN }),
  });
  const csv = useMutation({ mutationFn: () => api.call('report.export', { caseId, format: 'recipients', language }) });
  const l = list.data;
  const total = l ? l.internal + l.external : 0;

  return (
    <section className="panel" aria-labelledby="notify-title" data-testid="notify">
      <h2 id="notify-title">{t('notify.title')}</h2>
      <p className="muted">{t('notify.intro')}</p>
      {list.isError && (
        <p role="alert" className="error">
          {errorText(t, list.error)}
        </p>
      )}
      {l && total === 0 && <p>{t('notify.none')}</p>}
      {l && total > 0 && (
        <>
          <p data-testid="notify-summary">
            {t('notify.counts', { messages: l.messages, internal: l.internal, external: l.external })} (
            <Time iso={l.from!} /> – <Time iso={l.to!} />)
          </p>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('notify.address')}</th>
                <th scope="col">{t('notify.where')}</th>
                <th scope="col">{t('notify.count')}</th>
              </tr>
            </thead>
            <tbody>
              {l.recipients.map((r) => (
                <tr key={r.address}>
                  <td>
                    <TenantText text={r.address} />
                  </td>
                  <td>{r.internal ? t('notify.internal') : t('notify.external')}</td>
                  <td>{r.messages}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {total > l.recipients.length && (
            <p className="muted">{t('notify.shown', { shown: l.recipients.length, total })}</p>
          )}
          <div className="row">
            <button type="button" onClick={() => csv.mutate()} disabled={csv.isPending}>
              {t('notify.exportCsv')}
            </button>
            {csv.data && <code className="mono">{csv.data.path}</code>}
          </div>
          {csv.isError && (
            <p role="alert" className="error">
              {errorText(t, csv.error)}
            </p>
          )}
          <h3>{t('notify.template')}</h3>
          <LanguageSelect value={language} onChange={setLanguage} />
          {/* The text carries tenant strings (subjects): rendered as text, never as markup. */}
          <pre className="template" data-testid="notify-template">
            {l.template.subject}
            {'\n\n'}
            {l.template.body}
          </pre>
          <button
            type="button"
            onClick={() => void navigator.clipboard.writeText(`${l.template.subject}\n\n${l.template.body}`)}
          >
            {t('notify.copy')}
          </button>
        </>
      )}
    </section>
  );
}
