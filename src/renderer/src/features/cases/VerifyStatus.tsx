import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { errorText } from '../../lib/messages.ts';

export type VerifyStatusProps = Readonly<{ caseId: string }>;

/** Re-walks the hash chain whenever the case is opened or its log grows, and says what it found. */
export function VerifyStatus({ caseId }: VerifyStatusProps) {
  const { t } = useTranslation();
  const api = useApi();
  const verify = useQuery({ queryKey: ['verify', caseId], queryFn: () => api.call('caseLog.verify', { caseId }) });

  if (verify.isPending) return <p role="status">{t('log.verify.checking')}</p>;
  if (verify.isError) {
    return (
      <p role="alert" className="error">
        {errorText(t, verify.error)}
      </p>
    );
  }
  const report = verify.data;
  return (
    <div
      className={report.intact ? 'banner ok' : 'banner bad'}
      role={report.intact ? 'status' : 'alert'}
      data-testid="verify-status"
    >
      <span>
        {report.intact
          ? t('log.verify.intact', { count: report.entries, hash: report.head?.hash.slice(0, 16) ?? '' })
          : t('log.verify.broken', { seq: report.firstBroken?.seq ?? 0, detail: report.firstBroken?.detail ?? '' })}
      </span>
      <button type="button" onClick={() => void verify.refetch()}>
        {t('log.verify.again')}
      </button>
    </div>
  );
}
