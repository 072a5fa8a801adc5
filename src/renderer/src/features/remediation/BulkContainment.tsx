import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ActionKind, ActionPlan } from '../../../../shared/domain/remediation.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { errorText, translateKey } from '../../lib/messages.ts';
import { ChangesTable } from './ChangesTable.tsx';
import { OutcomeList } from './OutcomeList.tsx';

/**
 * Bulk confirmation: a dry run of every action the evidence calls for, every change listed under its
 * action, one confirmation for all; each then runs, is read back and logged on its own, and the outcome
 * says for each what became of it (a failure stops nothing else and is never shown as done).
 */
export function BulkContainment({ caseId, kinds }: Readonly<{ caseId: string; kinds: readonly ActionKind[] }>) {
  const { t } = useTranslation();
  const api = useApi();
  const plans = useMutation({
    mutationFn: async () => {
      const out: ActionPlan[] = [];
      for (const kind of kinds) out.push(await api.call('remediation.plan', { caseId, kind }));
      return out;
    },
  });
  const apply = useMutation({
    mutationFn: (planIds: string[]) => api.call('remediation.executeMany', { caseId, planIds, confirm: true }),
    onSuccess: () => plans.reset(),
  });
  const withChanges = plans.data?.filter((p) => p.changes.length > 0) ?? [];
  const total = withChanges.reduce((n, p) => n + p.changes.length, 0);
  // Once applied, the checklist no longer suggests these actions: the outcome stays until the next dry run.
  if (kinds.length < 2 && !plans.data && !apply.data) return null;
  return (
    <div className="bulk" data-testid="bulk">
      {kinds.length >= 2 && (
        <button
          type="button"
          disabled={plans.isPending || apply.isPending}
          onClick={() => {
            apply.reset();
            plans.mutate();
          }}
        >
          {t('containment.bulkDryRun', { count: kinds.length })}
        </button>
      )}
      {(plans.error ?? apply.error) && (
        <p role="alert" className="error">
          {errorText(t, plans.error ?? apply.error)}
        </p>
      )}
      {plans.data && (
        <div className="dry-run" data-testid="bulk-dry-run">
          {plans.data.map((p) => (
            <section key={p.planId} aria-label={t(`containment.kinds.${p.kind}`)}>
              <h3>{t('containment.planTitle', { action: t(`containment.kinds.${p.kind}`) })}</h3>
              {p.changes.length === 0 ? (
                <p className="muted">{t('containment.nothing')}</p>
              ) : (
                <>
                  <ChangesTable changes={p.changes} />
                  <p className={p.revertible ? 'muted' : 'warning'}>
                    {p.revertible ? t('containment.revertible') : t('containment.notRevertible')}
                  </p>
                </>
              )}
            </section>
          ))}
          {total > 0 && (
            <div className="row">
              <button
                type="button"
                className="danger"
                disabled={apply.isPending}
                onClick={() => apply.mutate(withChanges.map((p) => p.planId))}
              >
                {t('containment.bulkConfirm', { count: total, actions: withChanges.length })}
              </button>
              <button type="button" onClick={() => plans.reset()}>
                {t('containment.cancel')}
              </button>
            </div>
          )}
        </div>
      )}
      {apply.data && (
        <div className="outcome" role="status" data-testid="bulk-outcome">
          {apply.data.map((r) => (
            <div key={r.planId}>
              {r.outcome ? (
                <OutcomeList result={r.outcome} />
              ) : (
                <p className="error">{translateKey(t, r.error ?? 'errors.internal', r.params)}</p>
              )}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
