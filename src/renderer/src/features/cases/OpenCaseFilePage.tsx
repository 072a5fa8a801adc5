import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { href } from '../../app/router.ts';
import { errorText, translateKey } from '../../lib/messages.ts';

/**
 * A case file a colleague handed over: verified before it is opened, with the verdict on its chain stated
 * plainly. A broken chain does not hide the case, but nobody opens it without reading why.
 */
export function OpenCaseFilePage() {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const [path, setPath] = useState('');
  const open = useMutation({
    mutationFn: () => api.call('cases.openFile', { path: path.trim() }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['cases'] }),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) open.mutate();
  };
  const result = open.data;

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('openFile.title')}</h1>
      <p className="muted">{t('openFile.intro')}</p>
      <form className="panel row" onSubmit={onSubmit}>
        <div className="field grow">
          <label htmlFor={`${id}-path`}>{t('openFile.path')}</label>
          <input
            id={`${id}-path`}
            value={path}
            onChange={(e) => setPath(e.target.value)}
            spellCheck={false}
            placeholder="/home/analyst/Downloads/adele.vance.clearance"
          />
        </div>
        <button type="submit" className="primary" disabled={open.isPending || !path.trim()}>
          {t('openFile.open')}
        </button>
      </form>
      {open.isError && (
        <p role="alert" className="error">
          {errorText(t, open.error)}
        </p>
      )}
      {result && (
        <section
          className={`panel banner ${result.report.intact ? 'verdict-not_compromised' : 'verdict-compromised'}`}
          data-testid="open-result"
          role={result.report.intact ? 'status' : 'alert'}
        >
          <h2>{result.report.intact ? t('openFile.intact') : t('openFile.broken')}</h2>
          {result.report.intact ? (
            <p>
              {t('openFile.intactDetail', {
                entries: result.report.entries,
                hash: result.report.head?.hash.slice(0, 16) ?? '',
              })}
            </p>
          ) : (
            <p>
              {t('openFile.brokenDetail', {
                seq: result.report.firstBroken?.seq ?? 0,
                reason: translateKey(t, `openFile.reasons.${result.report.firstBroken?.reason ?? ''}`),
                detail: result.report.firstBroken?.detail ?? '',
              })}
            </p>
          )}
          <p>
            {t('openFile.caseOf', { upn: result.summary.upn, tenant: result.summary.tenant })}{' '}
            <a href={href({ name: 'case', caseId: result.summary.id })}>
              {result.report.intact ? t('openFile.openCase') : t('openFile.openAnyway')}
            </a>
          </p>
        </section>
      )}
    </section>
  );
}
