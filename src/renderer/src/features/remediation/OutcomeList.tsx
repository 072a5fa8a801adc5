import { useTranslation } from 'react-i18next';
import type { ActionOutcome } from '../../../../shared/domain/remediation.ts';
import { TenantText } from '../../components/TenantText.tsx';
import { OneTimePassword } from './OneTimePassword.tsx';

/** What an executed action did, change by change: verified, or the reason it was not. */
export function OutcomeList({ result }: Readonly<{ result: ActionOutcome }>) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t('containment.outcomeTitle', { action: t(`containment.kinds.${result.kind}`) })}</h3>
      <ul>
        {result.outcomes.map((o) => (
          <li key={o.target.id} className={o.verified ? 'ok-text' : 'error'}>
            <TenantText text={o.target.label} />:{' '}
            {o.verified ? t('containment.verified') : (o.error ?? t('containment.notVerified'))}
          </li>
        ))}
      </ul>
      {result.oneTimePassword && <OneTimePassword password={result.oneTimePassword} />}
    </>
  );
}
