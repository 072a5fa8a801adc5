import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { errorText, translateKey } from '../../lib/messages.ts';

/**
 * What the connected tenant and the app's permissions allow, source by source: checked live against the
 * tenant (optionally for one user's mailbox), with what is missing and how to fix it.
 */
export function CapabilityTable() {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [user, setUser] = useState('');
  const probe = useMutation({
    mutationFn: (upn: string) => api.call('tenant.capabilities', upn ? { user: upn } : {}),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    probe.mutate(user.trim());
  };
  // "?" rows (a user is needed to check them) are not counted as missing.
  const missing = probe.data?.filter((c) => !c.available && c.reason !== 'unknown').length ?? 0;

  return (
    <section className="panel" aria-labelledby={`${id}-title`} data-testid="capabilities">
      <h2 id={`${id}-title`}>{t('tenant.capabilitiesTitle')}</h2>
      <p className="muted">{t('tenant.capabilitiesIntro')}</p>
      <form className="row" onSubmit={onSubmit}>
        <label>
          {t('tenant.capabilitiesUser')}{' '}
          <input
            type="email"
            value={user}
            onChange={(e) => setUser(e.target.value)}
            placeholder="anna@contoso.com"
            spellCheck={false}
          />
        </label>{' '}
        <button type="submit" className="primary" disabled={probe.isPending}>
          {t('tenant.check')}
        </button>
      </form>
      {probe.isPending && <p role="status">{t('tenant.checking')}</p>}
      {probe.isError && (
        <p role="alert" className="error">
          {errorText(t, probe.error)}
        </p>
      )}
      {probe.data && (
        <>
          <p role="status">{missing === 0 ? t('tenant.allAvailable') : t('tenant.someMissing', { count: missing })}</p>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('investigation.columns.source')}</th>
                <th scope="col">{t('tenant.available')}</th>
                <th scope="col">{t('investigation.columns.why')}</th>
              </tr>
            </thead>
            <tbody>
              {probe.data.map((c) => (
                <tr key={c.source} data-available={c.available}>
                  <td>{translateKey(t, `sources.${c.source}`)}</td>
                  <td>{c.available ? t('tenant.yes') : c.reason === 'unknown' ? '?' : t('tenant.no')}</td>
                  <td className="reason">{c.available ? '' : [c.detail, c.fix].filter(Boolean).join(' → ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
