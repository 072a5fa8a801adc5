import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { href } from '../../app/router.ts';
import { Time } from '../../components/Time.tsx';
import { errorText } from '../../lib/messages.ts';
import { TenantText } from '../../components/TenantText.tsx';

/**
 * The connected tenant's Restricted entities (accounts blocked from sending), each a starting point for a
 * case. Read from Exchange Online through main; sender addresses and reasons are tenant data, shown as text.
 */
export function RestrictedSendersPanel() {
  const { t } = useTranslation();
  const api = useApi();
  const tenant = useQuery({ queryKey: ['tenant'], queryFn: () => api.call('tenant.info', {}) });
  const senders = useQuery({
    queryKey: ['tenant', 'restrictedSenders'],
    queryFn: () => api.call('tenant.restrictedSenders', {}),
    enabled: tenant.data?.connected === true,
  });
  if (!tenant.data?.connected) return null;
  const domain = tenant.data.domains[0] ?? tenant.data.tenantId ?? '';

  return (
    <section aria-labelledby="restricted-title" className="panel restricted-senders" data-testid="restricted-senders">
      <div className="page-head">
        <h2 id="restricted-title">{t('restricted.title', { tenant: tenant.data.displayName ?? '' })}</h2>
        {tenant.data.kind === 'demo' && <span className="badge">{t('restricted.demo')}</span>}
      </div>
      <p className="muted">{t('restricted.intro')}</p>
      {senders.isPending && <p role="status">{t('app.loading')}</p>}
      {senders.isError && (
        <p role="alert" className="error">
          {errorText(t, senders.error)}
        </p>
      )}
      {senders.data && senders.data.length === 0 && <p>{t('restricted.none')}</p>}
      {senders.data && senders.data.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('restricted.sender')}</th>
              <th scope="col">{t('restricted.blockedAt')}</th>
              <th scope="col">{t('restricted.reason')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('restricted.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {senders.data.map((s) => (
              <tr key={s.senderAddress}>
                <td>{s.senderAddress}</td>
                <td>{s.blockedAt ? <Time iso={s.blockedAt} /> : '—'}</td>
                <td className="reason">
                  <TenantText text={s.reason} />
                </td>
                <td>
                  <a
                    className="button"
                    href={href({
                      name: 'newCase',
                      draft: {
                        upn: s.senderAddress,
                        tenant: domain,
                        ...(s.blockedAt ? { blockedAt: s.blockedAt } : {}),
                      },
                    })}
                    aria-label={t('restricted.openCaseFor', { sender: s.senderAddress })}
                  >
                    {t('restricted.openCase')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
