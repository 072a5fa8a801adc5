import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../../shared/api/errors.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { href } from '../../app/router.ts';
import { errorText, translateKey } from '../../lib/messages.ts';
import { formatLocal } from '../../lib/time.ts';
import { newProgressId, withImportProgress, type ImportProgress } from '../../../../shared/domain/import-progress.ts';
import { ImportProgressList } from './ImportProgressList.tsx';

export type ImportPageProps = Readonly<{ caseId?: string }>;

/**
 * Exported logs into a case, for tenants Clearance cannot connect to: Purview audit, Entra sign-in and
 * audit downloads, message trace, Graph JSON. Every file's hash, format and unreadable rows are reported.
 */
export function ImportPage({ caseId: initialCase }: ImportPageProps) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const cases = useQuery({
    queryKey: ['cases', 'forImport'],
    queryFn: () => api.call('cases.list', { sort: 'updatedAt', direction: 'desc' }),
  });
  const [target, setTarget] = useState<'existing' | 'new'>(initialCase ? 'existing' : 'existing');
  const [caseId, setCaseId] = useState(initialCase ?? '');
  const [upn, setUpn] = useState('');
  const [tenant, setTenant] = useState('');
  const [paths, setPaths] = useState('');
  const [issue, setIssue] = useState<string | null>(null);
  const [addToOpen, setAddToOpen] = useState(true);
  // This import's progress events, told from any other window's by the id it was started with.
  const progressId = useRef<string | null>(null);
  const [progress, setProgress] = useState<readonly ImportProgress[]>([]);
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.name === 'import.progress')
          setProgress((files) => withImportProgress(files, event.payload, progressId.current));
      }),
    [api],
  );
  // A second import for the same user belongs in their open case, unless the analyst wants another.
  const openCase =
    target === 'new'
      ? cases.data?.find(
          (c) => c.status === 'open' && c.upn === upn.trim().toLowerCase() && c.tenant === tenant.trim().toLowerCase(),
        )
      : undefined;

  const run = useMutation({
    mutationFn: async () => {
      const files = paths
        .split('\n')
        .map((p) => p.trim())
        .filter(Boolean);
      const watched = newProgressId();
      progressId.current = watched;
      setProgress([]);
      // For a user, main picks the open case or opens one, and opens none when no file could be read.
      if (target === 'new')
        return api.call('import.forUser', {
          upn,
          tenant,
          paths: files,
          newCase: openCase ? !addToOpen : false,
          progressId: watched,
        });
      const result = await api.call('import.files', { caseId, paths: files, progressId: watched });
      return { ...result, caseId, outcome: 'named' as const };
    },
    onMutate: () => setIssue(null),
    onSettled: () => {
      progressId.current = null;
      setProgress([]);
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['cases'] }),
    onError: (error) => {
      if (error instanceof ApiError && error.body.issues?.[0]) setIssue(error.body.issues[0].message);
    },
  });
  const chosen = target === 'existing' ? caseId : upn && tenant;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    run.mutate();
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('import.title')}</h1>
      <p className="muted">{t('import.intro')}</p>
      <form className="panel import-form" onSubmit={onSubmit} data-testid="import-form">
        <fieldset>
          <legend>{t('import.into')}</legend>
          <label>
            <input type="radio" checked={target === 'existing'} onChange={() => setTarget('existing')} />{' '}
            {t('import.existing')}
          </label>{' '}
          <label>
            <input type="radio" checked={target === 'new'} onChange={() => setTarget('new')} /> {t('import.newCase')}
          </label>
        </fieldset>
        {target === 'existing' ? (
          <div className="field">
            <label htmlFor={`${id}-case`}>{t('import.case')}</label>
            <select id={`${id}-case`} value={caseId} onChange={(e) => setCaseId(e.target.value)}>
              <option value="">{t('import.chooseCase')}</option>
              {cases.data?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.upn} ({c.tenant})
                </option>
              ))}
            </select>
          </div>
        ) : (
          <>
            <div className="field">
              <label htmlFor={`${id}-upn`}>{t('newCase.upn')}</label>
              <input id={`${id}-upn`} value={upn} onChange={(e) => setUpn(e.target.value)} spellCheck={false} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-tenant`}>{t('newCase.tenant')}</label>
              <input
                id={`${id}-tenant`}
                value={tenant}
                onChange={(e) => setTenant(e.target.value)}
                spellCheck={false}
              />
            </div>
            {openCase && (
              <fieldset data-testid="import-open-case">
                <legend>
                  {t('import.openExists', {
                    upn: openCase.upn,
                    opened: formatLocal(openCase.createdAt, i18n.language),
                  })}
                </legend>
                <label>
                  <input type="radio" checked={addToOpen} onChange={() => setAddToOpen(true)} /> {t('import.addToOpen')}
                </label>{' '}
                <label>
                  <input type="radio" checked={!addToOpen} onChange={() => setAddToOpen(false)} /> {t('import.openNew')}
                </label>
              </fieldset>
            )}
          </>
        )}
        <div className="field">
          <label htmlFor={`${id}-paths`}>{t('import.paths')}</label>
          <textarea
            id={`${id}-paths`}
            rows={4}
            value={paths}
            spellCheck={false}
            placeholder="/home/analyst/exports/AuditLog_2026-11-20.csv"
            onChange={(e) => setPaths(e.target.value)}
            aria-describedby={`${id}-paths-help`}
          />
          <p id={`${id}-paths-help`} className="muted">
            {t('import.pathsHelp')}
          </p>
        </div>
        {issue && (
          <p role="alert" className="error">
            {translateKey(t, issue)}
          </p>
        )}
        {run.isError && !issue && (
          <p role="alert" className="error">
            {errorText(t, run.error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={run.isPending || !chosen || !paths.trim()}>
          {run.isPending ? t('import.running') : t('import.run')}
        </button>
      </form>
      {run.isPending && <ImportProgressList files={progress} />}
      {run.data && (
        <section className="panel" aria-labelledby={`${id}-result`} data-testid="import-result">
          <h2 id={`${id}-result`}>{t('import.resultTitle')}</h2>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('import.file')}</th>
                <th scope="col">{t('import.format')}</th>
                <th scope="col" className="num">
                  {t('import.imported')}
                </th>
                <th scope="col">{t('import.problems')}</th>
              </tr>
            </thead>
            <tbody>
              {run.data.files.map((f) => (
                <tr key={f.sha256 + f.file}>
                  <td>
                    {f.file}
                    <br />
                    <span className="muted mono">sha256 {f.sha256.slice(0, 16)}…</span>
                  </td>
                  <td>{f.format ? `${f.format} → ${translateKey(t, `sources.${f.source ?? ''}`)}` : '—'}</td>
                  <td className="num">
                    {t('import.rows', { imported: f.imported, rows: f.rows })}
                    {f.duplicates > 0 && (
                      <div className="muted" data-testid="import-duplicates">
                        {t('import.duplicates', { count: f.duplicates })}
                      </div>
                    )}
                  </td>
                  <td className="reason">
                    {f.fatal && <strong className="error">{f.fatal}</strong>}
                    {f.problems.slice(0, 10).map((p) => (
                      <div key={p.line}>{t('import.problem', { line: p.line, reason: p.reason })}</div>
                    ))}
                    {f.problems.length > 10 && t('import.moreProblems', { count: f.problems.length - 10 })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {run.data.skipped && run.data.skipped.length > 0 && (
            <details data-testid="import-skipped">
              <summary>{t('import.skipped', { count: run.data.skipped.length })}</summary>
              <ul className="reason">
                {run.data.skipped.map((s) => (
                  <li key={s.file}>
                    <span className="mono">{s.file}</span>: {s.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {run.data.caseId && run.data.verdict ? (
            <p>
              {run.data.outcome === 'reused' && <>{t('import.reused', { upn: upn.trim().toLowerCase() })} </>}
              {t('import.verdict', {
                verdict: translateKey(t, `investigation.verdict.${run.data.verdict.verdict}`),
                count: run.data.findings,
              })}{' '}
              <a href={href({ name: 'case', caseId: run.data.caseId })}>{t('import.openCase')}</a>
            </p>
          ) : (
            <p role="alert" className="error">
              {t('import.nothingImported')}
            </p>
          )}
        </section>
      )}
    </section>
  );
}
