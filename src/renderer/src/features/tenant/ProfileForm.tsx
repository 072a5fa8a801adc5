import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MethodInput } from '../../../../shared/api/contract.ts';
import { ApiError } from '../../../../shared/api/errors.ts';
import { type ProfileSummary, SignInMode } from '../../../../shared/domain/tenant.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { errorText, translateKey } from '../../lib/messages.ts';

type Mode = ProfileSummary['mode'];
type Field = 'name' | 'tenantId' | 'clientId' | 'clientSecret' | 'privateKeyPem' | 'certificateThumbprint';

/**
 * A new tenant profile. The secret or private key goes to main's vault and is never shown again; the
 * form forgets it as soon as it is saved.
 */
export function ProfileForm({ onSaved }: Readonly<{ onSaved: (list: ProfileSummary[]) => void }>) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [mode, setMode] = useState<Mode>('appCertificate');
  const [errors, setErrors] = useState<Partial<Record<Field | 'endpoints', string>>>({});
  const save = useMutation({
    mutationFn: (input: MethodInput<'tenant.saveProfile'>) => api.call('tenant.saveProfile', input),
    onSuccess: (list, _input) => {
      setErrors({});
      onSaved(list);
    },
    onError: (error) => {
      if (!(error instanceof ApiError) || !error.body.issues) return;
      const next: Partial<Record<Field | 'endpoints', string>> = {};
      for (const issue of error.body.issues) {
        const field = issue.path.split('.')[0] as Field;
        next[field] ??= issue.message;
      }
      setErrors(next);
    },
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const text = (name: string) => {
      const v = data.get(name);
      return typeof v === 'string' ? v.trim() : '';
    };
    const endpoints: Record<string, string> = {};
    for (const k of ['authority', 'graphBaseUrl', 'exchangeBaseUrl'] as const) if (text(k)) endpoints[k] = text(k);
    save.mutate(
      {
        name: text('name'),
        tenantId: text('tenantId'),
        clientId: text('clientId'),
        mode,
        ...(mode === 'appSecret' ? { clientSecret: text('clientSecret') } : {}),
        ...(mode === 'appCertificate'
          ? { privateKeyPem: text('privateKeyPem'), certificateThumbprint: text('certificateThumbprint') }
          : {}),
        endpoints,
      },
      // Secrets leave the form as soon as main has them.
      { onSuccess: () => form.reset() },
    );
  };

  const field = (name: Field, label: string, props: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        name={name}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
        {...props}
      />
      {errors[name] && (
        <p id={`${id}-${name}-error`} className="field-error">
          {translateKey(t, errors[name])}
        </p>
      )}
    </div>
  );

  return (
    <form className="profile-form" onSubmit={onSubmit} aria-labelledby={`${id}-title`} data-testid="profile-form">
      <h3 id={`${id}-title`}>{t('tenant.addProfile')}</h3>
      {field('name', t('tenant.profile.name'), { placeholder: 'contoso-prod' })}
      {field('tenantId', t('tenant.profile.tenantId'))}
      {field('clientId', t('tenant.profile.clientId'))}
      <fieldset className="modes">
        <legend>{t('tenant.profile.mode')}</legend>
        {SignInMode.options.map((m) => (
          <label key={m} className="mode">
            <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} />{' '}
            <strong>{t(`tenant.modes.${m}.title`)}</strong> <span className="muted">{t(`tenant.modes.${m}.help`)}</span>
          </label>
        ))}
      </fieldset>
      {mode === 'appSecret' && field('clientSecret', t('tenant.profile.clientSecret'), { type: 'password' })}
      {mode === 'appCertificate' && (
        <>
          <div className="field">
            <label htmlFor={`${id}-privateKeyPem`}>{t('tenant.profile.privateKey')}</label>
            <textarea
              id={`${id}-privateKeyPem`}
              name="privateKeyPem"
              rows={4}
              spellCheck={false}
              aria-invalid={errors.privateKeyPem ? true : undefined}
            />
            {errors.privateKeyPem && <p className="field-error">{translateKey(t, errors.privateKeyPem)}</p>}
          </div>
          {field('certificateThumbprint', t('tenant.profile.thumbprint'))}
        </>
      )}
      <details>
        <summary>{t('tenant.profile.advanced')}</summary>
        <p className="muted">{t('tenant.profile.advancedHelp')}</p>
        {(['authority', 'graphBaseUrl', 'exchangeBaseUrl'] as const).map((k) => (
          <div className="field" key={k}>
            <label htmlFor={`${id}-${k}`}>{t(`tenant.profile.${k}`)}</label>
            <input id={`${id}-${k}`} name={k} type="url" placeholder="https://" spellCheck={false} />
          </div>
        ))}
      </details>
      {save.isError && !(save.error instanceof ApiError && save.error.body.issues) && (
        <p role="alert" className="error">
          {errorText(t, save.error)}
        </p>
      )}
      {save.isSuccess && (
        <p role="status" className="ok-text">
          {t('tenant.saved')}
        </p>
      )}
      <button type="submit" className="primary" disabled={save.isPending}>
        {t('tenant.saveProfile')}
      </button>
    </form>
  );
}
