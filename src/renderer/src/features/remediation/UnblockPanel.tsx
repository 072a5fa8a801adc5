import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext.tsx';
import { Time } from '../../components/Time.tsx';
import { TenantText } from '../../components/TenantText.tsx';
import { errorText } from '../../lib/messages.ts';
import { itemTitle } from '../checklist/suggestion-text.ts';

/**
 * The unblock gate (playbook step 2): what still has to be settled, the state of the block, the exact
 * manual command, and the unblock itself once the gate allows it.
 */
export function UnblockPanel({ caseId }: Readonly<{ caseId: string }>) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  // The gate follows the checklist (local, refreshed with every change); the block's state asks Exchange,
  // so it is read when the panel opens and after an unblock, not on every note or pin.
  const checklist = useQuery({ queryKey: ['checklist', caseId], queryFn: () => api.call('checklist.get', { caseId }) });
  const status = useQuery({ queryKey: ['unblock', caseId], queryFn: () => api.call('unblock.status', { caseId }) });
  const release = useMutation({
    mutationFn: () => api.call('unblock.release', { caseId, confirm: true }),
    onSettled: () => {
      setConfirming(false);
      void queryClient.invalidateQueries({ queryKey: ['unblock', caseId] });
    },
  });
  const blockers = checklist.data?.unblockBlockers ?? status.data?.blockers ?? [];
  const released =
    release.data !== undefined ||
    checklist.data?.items.some((i) => i.id === 'unblock.release' && i.suggestion?.state === 'done') === true;
  const s = status.data && { ...status.data, blockers, allowed: blockers.length === 0 };

  return (
    <section className="panel" aria-labelledby="unblock-title" data-testid="unblock">
      <h2 id="unblock-title">{t('unblock.title')}</h2>
      {status.isError && (
        <p role="alert" className="error">
          {errorText(t, status.error)}
        </p>
      )}
      {s && (
        <>
          <p data-testid="block-state">
            {s.blocked === 'unknown' ? (
              t('unblock.unknown')
            ) : s.blocked === null ? (
              <span className="ok-text">{t('unblock.notBlocked')}</span>
            ) : (
              <>
                {t('unblock.blocked')} {s.blocked.blockedAt && <Time iso={s.blocked.blockedAt} />} —{' '}
                <TenantText text={s.blocked.reason} />
              </>
            )}
          </p>
          {s.allowed ? (
            <p className="ok-text">{t('checklist.readyToUnblock')}</p>
          ) : (
            <>
              <p>{t('checklist.blockers')}</p>
              <ul>
                {s.blockers.map((id) => (
                  <li key={id}>{itemTitle(t, id)}</li>
                ))}
              </ul>
            </>
          )}
          {s.blocked !== null && (
            <>
              {confirming ? (
                <div className="row">
                  <button
                    type="button"
                    className="danger"
                    disabled={release.isPending}
                    onClick={() => release.mutate()}
                  >
                    {t('unblock.confirm')}
                  </button>
                  <button type="button" onClick={() => setConfirming(false)}>
                    {t('containment.cancel')}
                  </button>
                </div>
              ) : (
                <button
                  type="button"
                  className="primary"
                  disabled={!s.allowed || s.blocked === 'unknown'}
                  onClick={() => setConfirming(true)}
                >
                  {t('unblock.release')}
                </button>
              )}
              <details>
                <summary>{t('unblock.manual')}</summary>
                <p className="mono">{s.manual.command}</p>
                <p>
                  <a href={s.manual.portalUrl} target="_blank" rel="noreferrer">
                    {t('unblock.portal')}
                  </a>
                </p>
              </details>
            </>
          )}
          {release.isError && (
            <p role="alert" className="error">
              {errorText(t, release.error)}
            </p>
          )}
          {release.data && (
            <p role="status" className={release.data.verified ? 'ok-text' : 'warning'}>
              {release.data.verified ? t('unblock.released') : t('unblock.releasedUnverified')}
            </p>
          )}
        </>
      )}
      {released && <SendingWatch caseId={caseId} />}
    </section>
  );
}

/** How often to look again while waiting for sending to resume (Microsoft: within an hour, at most 24). */
const WATCH_EVERY_MS = 5 * 60_000;

/**
 * After the unblock: message trace and the restricted list, asked again every few minutes while waiting,
 * until the first delivered message; a re-block is an alert.
 */
function SendingWatch({ caseId }: Readonly<{ caseId: string }>) {
  const { t } = useTranslation();
  const api = useApi();
  const watch = useQuery({
    queryKey: ['sending', caseId],
    queryFn: () => api.call('unblock.verifySending', { caseId }),
    refetchInterval: (query) =>
      query.state.data?.state === 'waiting' || query.state.data?.state === 'overdue' ? WATCH_EVERY_MS : false,
  });
  const w = watch.data;
  return (
    <div className="sending" data-testid="sending-watch">
      <h3>{t('unblock.sendingTitle')}</h3>
      {watch.isError && (
        <p role="alert" className="error">
          {errorText(t, watch.error)}
        </p>
      )}
      {w && (
        <>
          {w.state === 'reblocked' ? (
            <p role="alert" className="error">
              {t('unblock.reblocked')} {w.blockedAgain?.blockedAt && <Time iso={w.blockedAgain.blockedAt} />}
            </p>
          ) : w.state === 'resumed' ? (
            <p className="ok-text" role="status">
              {t('unblock.resumed')} <Time iso={w.resumedAt!} />
            </p>
          ) : (
            <p className={w.state === 'overdue' ? 'warning' : 'muted'} role="status">
              {t(w.state === 'overdue' ? 'unblock.overdue' : 'unblock.waiting')} <Time iso={w.releasedAt} />
            </p>
          )}
          <p className="muted">
            {t('unblock.checked')} <Time iso={w.checkedAt} />{' '}
            <button type="button" onClick={() => void watch.refetch()} disabled={watch.isFetching}>
              {t('unblock.checkNow')}
            </button>
          </p>
          {w.unblocksOfUser > 1 && <p className="warning">{t('unblock.repeated', { count: w.unblocksOfUser })}</p>}
        </>
      )}
    </div>
  );
}
