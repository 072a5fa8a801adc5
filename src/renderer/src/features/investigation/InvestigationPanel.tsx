import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SourceCoverage, SourceId, type SourceProgress } from '../../../../shared/domain/investigation.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { Time } from '../../components/Time.tsx';
import { errorText, translateKey } from '../../lib/messages.ts';
import { CoverageTable } from './CoverageTable.tsx';
import type { TimelineFocus } from '../timeline/TimelineView.tsx';
import { FindingsList } from './FindingsList.tsx';
import { VerdictOverride } from './VerdictOverride.tsx';
import { TenantText } from '../../components/TenantText.tsx';

export type InvestigationPanelProps = Readonly<{
  caseId: string;
  onShowInTimeline: (focus: TimelineFocus) => void;
}>;

/** Run the investigation, watch it collect, and read what it found and concluded. */
export function InvestigationPanel({ caseId, onShowInTimeline }: InvestigationPanelProps) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [live, setLive] = useState<Record<string, SourceProgress>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [windowDays, setWindowDays] = useState<string>('30');
  const tenant = useQuery({ queryKey: ['tenant'], queryFn: () => api.call('tenant.info', {}) });
  const summary = useQuery({
    queryKey: ['investigation', caseId],
    queryFn: () => api.call('investigation.summary', { caseId }),
  });

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.name === 'investigation.progress' && event.payload.caseId === caseId) {
          setLive((current) => ({ ...current, [event.payload.progress.source]: event.payload.progress }));
        } else if (event.name === 'investigation.finished' && event.payload.caseId === caseId) {
          setFailure(event.payload.error);
          setLive({});
          void queryClient.invalidateQueries({ queryKey: ['investigation', caseId] });
          void queryClient.invalidateQueries({ queryKey: ['timeline', caseId] });
        }
      }),
    [api, caseId, queryClient],
  );

  const caseSummary = useQuery({ queryKey: ['case', caseId], queryFn: () => api.call('cases.get', { caseId }) });
  const start = useMutation({
    // The window runs from N days before the block (or before now, with no block time) up to now.
    mutationFn: () => {
      const anchor = caseSummary.data?.blockedAt ? Date.parse(caseSummary.data.blockedAt) : Date.now();
      const since = new Date(anchor - Number(windowDays) * 86_400_000).toISOString();
      return api.call('investigation.start', { caseId, since });
    },
    onMutate: () => {
      setFailure(null);
      setLive({});
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['investigation', caseId] }),
  });
  const cancel = useMutation({ mutationFn: () => api.call('investigation.cancel', { caseId }) });
  // Detection again on what the case holds: works offline, so it is offered without a tenant.
  const redetect = useMutation({
    mutationFn: () => api.call('investigation.redetect', { caseId }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['investigation', caseId] });
      void queryClient.invalidateQueries({ queryKey: ['timeline', caseId] });
    },
  });

  const data = summary.data;
  const running = (data?.running ?? false) || Object.keys(live).length > 0;
  const connected = tenant.data?.connected === true;
  const rows: Array<SourceCoverage | SourceProgress> = running ? Object.values(live) : (data?.coverage ?? []);
  const settled = Object.values(live).filter((p) => p.status !== 'running' && p.status !== 'pending').length;

  return (
    <section aria-labelledby="investigation-title" className="panel" data-testid="investigation">
      <div className="page-head">
        <h2 id="investigation-title">{t('investigation.title')}</h2>
        <div className="actions">
          {running ? (
            <button type="button" onClick={() => cancel.mutate()}>
              {t('investigation.cancel')}
            </button>
          ) : (
            <>
              <label>
                {t('investigation.windowChoice')}{' '}
                <select value={windowDays} onChange={(e) => setWindowDays(e.target.value)} data-testid="window-days">
                  {['7', '14', '30', '90', '180'].map((d) => (
                    <option key={d} value={d}>
                      {t('investigation.daysBefore', { count: Number(d) })}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="primary"
                disabled={!connected || start.isPending}
                onClick={() => start.mutate()}
              >
                {data?.run ? t('investigation.again') : t('investigation.start')}
              </button>
              {data?.run && (
                <button
                  type="button"
                  title={t('investigation.redetectHelp')}
                  disabled={redetect.isPending}
                  onClick={() => redetect.mutate()}
                  data-testid="redetect"
                >
                  {t('investigation.redetect')}
                </button>
              )}
            </>
          )}
        </div>
      </div>
      <p className="muted">{connected ? t('investigation.intro') : t('investigation.notConnected')}</p>
      {start.isError && (
        <p role="alert" className="error">
          {errorText(t, start.error)}
        </p>
      )}
      {redetect.isError && (
        <p role="alert" className="error">
          {errorText(t, redetect.error)}
        </p>
      )}
      {failure && (
        <p role="alert" className="error">
          {t('investigation.failed', { reason: translateKey(t, failure) })}
        </p>
      )}
      {running && (
        <p role="status" data-testid="investigation-running">
          {t('investigation.running')}{' '}
          <progress value={settled} max={SourceId.options.length} aria-label={t('investigation.overall')} />{' '}
          {t('investigation.sourcesDone', { done: settled, total: SourceId.options.length })}
        </p>
      )}
      {!running && data && !data.run && <p>{t('investigation.never')}</p>}
      {!running && data?.run && (
        <p className="muted">
          {t('investigation.windowLabel')}: <Time iso={data.run.windowStart} /> – <Time iso={data.run.windowEnd} /> ·{' '}
          {t('investigation.counts', { evidence: data.evidenceCount, events: data.eventCount })}
        </p>
      )}
      {!running && data?.verdict && (
        <div className={`banner verdict-${data.verdict.verdict}`} role="status" data-testid="verdict">
          <div>
            <strong>
              {t('investigation.verdictTitle')}: {t(`investigation.verdict.${data.verdict.verdict}`)}
            </strong>{' '}
            <span className="muted">({t('investigation.engine', { version: data.verdict.engineVersion })})</span>
            <ul>
              {data.verdict.reasons.map((reason, i) => (
                <li key={i}>
                  <TenantText text={reason} />
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {!running && data?.verdict && <VerdictOverride caseId={caseId} current={data.override} />}
      {rows.length > 0 && <CoverageTable rows={rows} />}
      {!running && data && data.findings.length > 0 && (
        <FindingsList caseId={caseId} findings={data.findings} onShowInTimeline={onShowInTimeline} />
      )}
    </section>
  );
}
