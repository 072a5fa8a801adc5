import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TenantInfo } from '../../../../shared/domain/tenant.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { errorText } from '../../lib/messages.ts';
import { CapabilityTable } from './CapabilityTable.tsx';
import { ProfileForm } from './ProfileForm.tsx';

const SCENARIOS = ['contoso', 'fabrikam', 'large'] as const;

/**
 * Connect a tenant: the demo tenant, a saved profile, or a new one in any of the sign-in modes; then what
 * the connection allows, source by source, with how to fix what it does not.
 */
export function ConnectPage() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const [scenario, setScenario] = useState<(typeof SCENARIOS)[number]>('contoso');
  const [signIn, setSignIn] = useState<{ message: string | null; url: string | null } | null>(null);
  const tenant = useQuery({ queryKey: ['tenant'], queryFn: () => api.call('tenant.info', {}) });
  const profiles = useQuery({ queryKey: ['tenant', 'profiles'], queryFn: () => api.call('tenant.profiles', {}) });

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.name === 'tenant.signIn') setSignIn(event.payload);
      }),
    [api],
  );
  const connected = (info: TenantInfo) => {
    setSignIn(null);
    queryClient.setQueryData(['tenant'], info);
    void queryClient.invalidateQueries({ queryKey: ['tenant'] });
  };
  const connectDemo = useMutation({
    mutationFn: () => api.call('tenant.connectDemo', { scenario }),
    onSuccess: connected,
  });
  const connectProfile = useMutation({
    mutationFn: (name: string) => api.call('tenant.connect', { name }),
    onSuccess: connected,
    onSettled: () => setSignIn(null),
  });
  const disconnect = useMutation({ mutationFn: () => api.call('tenant.disconnect', {}), onSuccess: connected });
  const remove = useMutation({
    mutationFn: (name: string) => api.call('tenant.removeProfile', { name }),
    onSuccess: (list) => queryClient.setQueryData(['tenant', 'profiles'], list),
  });
  const busy = connectDemo.isPending || connectProfile.isPending || disconnect.isPending;
  const failure = connectDemo.error ?? connectProfile.error ?? disconnect.error ?? remove.error;
  const info = tenant.data;

  return (
    <section aria-labelledby={`${id}-title`} className="connect">
      <h1 id={`${id}-title`}>{t('tenant.title')}</h1>
      <p className="muted">{t('tenant.intro')}</p>

      <section className="panel" aria-labelledby={`${id}-status`} data-testid="connection">
        <h2 id={`${id}-status`}>{t('tenant.current')}</h2>
        {info?.connected ? (
          <>
            <p className="ok-text">
              {t('tenant.connectedTo', { name: info.displayName ?? '', domains: info.domains.join(', ') })}
              {info.kind === 'demo' && <> {t('tenant.demoNote', { scenario: info.scenario ?? '' })}</>}
            </p>
            <button type="button" onClick={() => disconnect.mutate()} disabled={busy}>
              {t('tenant.disconnect')}
            </button>
          </>
        ) : (
          <p>{t('tenant.offline')}</p>
        )}
        {busy && (
          <p role="status" className="muted">
            {t('tenant.connecting')}
          </p>
        )}
        {signIn && (
          <div role="status" className="sign-in" data-testid="sign-in">
            {signIn.message && <p className="mono">{signIn.message}</p>}
            {signIn.url && (
              <p>
                {t('tenant.browserOpened')} <span className="mono">{signIn.url}</span>
              </p>
            )}
          </div>
        )}
        {failure && (
          <p role="alert" className="error">
            {errorText(t, failure)}
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby={`${id}-demo`}>
        <h2 id={`${id}-demo`}>{t('tenant.demoTitle')}</h2>
        <p className="muted">{t('tenant.demoIntro')}</p>
        <div className="row">
          <label>
            {t('tenant.scenario')}{' '}
            <select value={scenario} onChange={(e) => setScenario(e.target.value as (typeof SCENARIOS)[number])}>
              {SCENARIOS.map((s) => (
                <option key={s} value={s}>
                  {t(`tenant.scenarios.${s}`)}
                </option>
              ))}
            </select>
          </label>{' '}
          <button type="button" className="primary" onClick={() => connectDemo.mutate()} disabled={busy}>
            {t('tenant.connectDemo')}
          </button>
        </div>
      </section>

      <section className="panel" aria-labelledby={`${id}-profiles`}>
        <h2 id={`${id}-profiles`}>{t('tenant.profilesTitle')}</h2>
        {profiles.data && profiles.data.length === 0 && <p className="muted">{t('tenant.noProfiles')}</p>}
        {profiles.data && profiles.data.length > 0 && (
          <table className="data" data-testid="profiles">
            <thead>
              <tr>
                <th scope="col">{t('tenant.profile.name')}</th>
                <th scope="col">{t('tenant.profile.tenantId')}</th>
                <th scope="col">{t('tenant.profile.mode')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('tenant.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {profiles.data.map((p) => (
                <tr key={p.name}>
                  <td>{p.name}</td>
                  <td className="mono">{p.tenantId}</td>
                  <td>
                    {t(`tenant.modes.${p.mode}.title`)}
                    {p.customEndpoints && <span className="muted"> · {t('tenant.customEndpoints')}</span>}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="primary"
                      disabled={busy}
                      onClick={() => connectProfile.mutate(p.name)}
                      aria-label={t('tenant.connectProfile', { name: p.name })}
                    >
                      {t('tenant.connect')}
                    </button>{' '}
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() => remove.mutate(p.name)}
                      aria-label={t('tenant.removeProfile', { name: p.name })}
                    >
                      {t('tenant.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <ProfileForm onSaved={(list) => queryClient.setQueryData(['tenant', 'profiles'], list)} />
      </section>

      {info?.connected && <CapabilityTable key={`${info.tenantId}-${info.kind}`} />}
    </section>
  );
}
