import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A reset password, shown once: the analyst copies it and hides it; it lives only in this component. */
export function OneTimePassword({ password }: Readonly<{ password: string }>) {
  const { t } = useTranslation();
  const [hidden, setHidden] = useState(false);
  if (hidden) return null;
  return (
    <div className="one-time" data-testid="one-time-password">
      <h4>{t('containment.passwordTitle')}</h4>
      <p>
        <code className="mono secret">{password}</code>
      </p>
      <p className="muted">{t('containment.passwordHint')}</p>
      <div className="row">
        <button type="button" onClick={() => void navigator.clipboard.writeText(password)}>
          {t('containment.copyPassword')}
        </button>
        <button type="button" onClick={() => setHidden(true)}>
          {t('containment.passwordGone')}
        </button>
      </div>
    </div>
  );
}
