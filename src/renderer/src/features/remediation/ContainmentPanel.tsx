import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ACTION_ITEM,
  isSuggested,
  PICKABLE_ACTIONS,
  type ActionKind,
  ActionKind as Kinds,
  type ActionOutcome,
} from '../../../../shared/domain/remediation.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { errorText } from '../../lib/messages.ts';
import { BulkContainment } from './BulkContainment.tsx';
import { ChangesTable } from './ChangesTable.tsx';
import { OutcomeList } from './OutcomeList.tsx';
import { TargetPicker } from './TargetPicker.tsx';
import { Time } from '../../components/Time.tsx';
import { ApiError } from '../../../../shared/api/errors.ts';

/**
 * Containment (playbook step 1b), never by surprise: a dry run read from the tenant now lists every change;
 * only an explicit confirmation applies them, each is read back, and the outcome (with a revert where
 * Microsoft allows one) is shown and logged.
 */
export function ContainmentPanel({ caseId }: Readonly<{ caseId: string }>) {
  const { t } = useTranslation();
  const api = useApi();
  const checklist = useQuery({ queryKey: ['checklist', caseId], queryFn: () => api.call('checklist.get', { caseId }) });
  // What the last execution or revert did; `revertible` only for an execution Microsoft can undo.
  const [outcome, setOutcome] = useState<{ result: ActionOutcome; revertible: boolean } | null>(null);
  const plan = useMutation({
    mutationFn: ({ kind, queued, targets }: { kind: ActionKind; queued?: number; targets?: string[] }) =>
      api.call('remediation.plan', { caseId, kind, ...(queued ? { queued } : {}), ...(targets ? { targets } : {}) }),
    onMutate: () => {
      setOutcome(null);
      queue.reset();
    },
  });
  // Offline (no tenant, or it cannot be reached): the action waits in the case's outbox for a fresh dry run.
  const outbox = useQuery({
    queryKey: ['caseLog', caseId, 'outbox'],
    queryFn: () => api.call('remediation.outbox', { caseId }),
  });
  const queue = useMutation({
    mutationFn: (kind: ActionKind) => api.call('remediation.queue', { caseId, kind }),
    onSuccess: () => plan.reset(),
  });
  const [picking, setPicking] = useState<ActionKind | null>(null);
  const [discarding, setDiscarding] = useState<{ seq: number; reason: string } | null>(null);
  const discard = useMutation({
    mutationFn: (d: { seq: number; reason: string }) => api.call('remediation.discard', { caseId, ...d }),
    onSuccess: () => setDiscarding(null),
  });
  const planError = plan.error;
  const unreachable =
    planError instanceof ApiError && (planError.code === 'not_connected' || planError.code === 'upstream');
  const run = useMutation({
    mutationFn: (planned: { planId: string; revertible: boolean }) =>
      api.call('remediation.execute', { caseId, planId: planned.planId, confirm: true }),
    onSuccess: (result, planned) => {
      setOutcome({ result, revertible: planned.revertible });
      plan.reset();
    },
  });
  const undo = useMutation({
    mutationFn: (seq: number) => api.call('remediation.revert', { caseId, seq, confirm: true }),
    onSuccess: (result) => setOutcome({ result, revertible: false }),
  });
  const suggested = (kind: ActionKind) => {
    const item = ACTION_ITEM[kind] && checklist.data?.items.find((i) => i.id === ACTION_ITEM[kind]);
    return isSuggested(item || undefined, kind);
  };
  const busy = plan.isPending || run.isPending || undo.isPending;
  const failure = plan.error ?? run.error ?? undo.error;

  return (
    <section className="panel" aria-labelledby="containment-title" data-testid="containment">
      <h2 id="containment-title">{t('containment.title')}</h2>
      <p className="muted">{t('containment.intro')}</p>
      <ul className="actions-list">
        {Kinds.options.map((kind) => (
          <li key={kind}>
            <button type="button" disabled={busy} onClick={() => plan.mutate({ kind })}>
              {t('containment.dryRun', { action: t(`containment.kinds.${kind}`) })}
            </button>
            {PICKABLE_ACTIONS.has(kind) && (
              <button type="button" disabled={busy} onClick={() => setPicking(kind)}>
                {t('containment.pick')}
              </button>
            )}
            {suggested(kind) && <span className="badge securing">{t('containment.suggested')}</span>}
          </li>
        ))}
      </ul>
      {picking && (
        <TargetPicker
          caseId={caseId}
          kind={picking}
          onCancel={() => setPicking(null)}
          onPlan={(targets) => {
            setPicking(null);
            plan.mutate({ kind: picking, targets });
          }}
        />
      )}
      <BulkContainment caseId={caseId} kinds={Kinds.options.filter(suggested)} />
      {busy && (
        <p role="status" className="muted">
          {t('containment.working')}
        </p>
      )}
      {failure && (
        <p role="alert" className="error">
          {errorText(t, failure)}
        </p>
      )}
      {unreachable && plan.variables && !plan.variables.queued && (
        <p>
          <button type="button" onClick={() => queue.mutate(plan.variables.kind)} disabled={queue.isPending}>
            {t('containment.queue')}
          </button>{' '}
          <span className="muted">{t('containment.queueHint')}</span>
        </p>
      )}
      {queue.data && (
        <p role="status" className="muted">
          {t('containment.queued', { action: t(`containment.kinds.${queue.data.kind}`) })}
        </p>
      )}
      {(outbox.data?.length ?? 0) > 0 && (
        <div className="outbox" data-testid="outbox">
          <h3>{t('containment.outboxTitle', { count: outbox.data!.length })}</h3>
          <p className="muted">{t('containment.outboxIntro')}</p>
          <ul>
            {outbox.data!.map((q) => (
              <li key={q.seq}>
                <strong>{t(`containment.kinds.${q.kind}`)}</strong>{' '}
                <span className="muted">
                  {t('containment.queuedBy', { by: q.actor })} <Time iso={q.at} />
                </span>{' '}
                <button type="button" disabled={busy} onClick={() => plan.mutate({ kind: q.kind, queued: q.seq })}>
                  {t('containment.recheck')}
                </button>{' '}
                {discarding?.seq === q.seq ? (
                  <span className="row">
                    <label>
                      {t('containment.discardReason')}{' '}
                      <input
                        type="text"
                        value={discarding.reason}
                        onChange={(e) => setDiscarding({ seq: q.seq, reason: e.target.value })}
                      />
                    </label>
                    <button
                      type="button"
                      disabled={!discarding.reason.trim() || discard.isPending}
                      onClick={() => discard.mutate(discarding)}
                    >
                      {t('containment.discard')}
                    </button>
                  </span>
                ) : (
                  <button type="button" onClick={() => setDiscarding({ seq: q.seq, reason: '' })}>
                    {t('containment.discard')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan.data && (
        <div className="dry-run" data-testid="dry-run">
          <h3>{t('containment.planTitle', { action: t(`containment.kinds.${plan.data.kind}`) })}</h3>
          {plan.data.changes.length === 0 ? (
            <p>{plan.data.kind === 'removeAuthMethods' ? t('containment.noMethodNamed') : t('containment.nothing')}</p>
          ) : (
            <>
              <ChangesTable changes={plan.data.changes} />
              <p className={plan.data.revertible ? 'muted' : 'warning'}>
                {plan.data.revertible ? t('containment.revertible') : t('containment.notRevertible')}
              </p>
              <div className="row">
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() => run.mutate({ planId: plan.data.planId, revertible: plan.data.revertible })}
                >
                  {t('containment.confirm', { count: plan.data.changes.length })}
                </button>
                <button type="button" disabled={busy} onClick={() => plan.reset()}>
                  {t('containment.cancel')}
                </button>
              </div>
            </>
          )}
        </div>
      )}
      {outcome && (
        <div className="outcome" data-testid="action-outcome" role="status">
          <OutcomeList result={outcome.result} />
          <p className="muted">{t('containment.logged', { seq: outcome.result.seq })}</p>
          {outcome.revertible && outcome.result.outcomes.some((o) => o.ok) && (
            <button type="button" disabled={busy} onClick={() => undo.mutate(outcome.result.seq)}>
              {t('containment.revert')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
