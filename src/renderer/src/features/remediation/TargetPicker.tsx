import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionKind } from '../../../../shared/domain/remediation.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { TenantText } from '../../components/TenantText.tsx';
import { errorText } from '../../lib/messages.ts';

/**
 * Picking an action's targets by hand: everything the action could act on now, read from the tenant, with
 * what the evidence proposes ticked. The choice becomes a dry run like any other; nothing runs from here.
 */
export function TargetPicker({
  caseId,
  kind,
  onPlan,
  onCancel,
}: Readonly<{ caseId: string; kind: ActionKind; onPlan: (targets: string[]) => void; onCancel: () => void }>) {
  const { t } = useTranslation();
  const api = useApi();
  const candidates = useQuery({
    queryKey: ['candidates', caseId, kind],
    queryFn: () => api.call('remediation.candidates', { caseId, kind }),
    staleTime: 0,
  });
  // Null until the analyst touches a box: the proposal is the starting selection.
  const [picked, setPicked] = useState<Set<string> | null>(null);
  const selected = picked ?? new Set(candidates.data?.proposed ?? []);
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setPicked(next);
  };
  return (
    <fieldset className="picker" data-testid="target-picker">
      <legend>{t('containment.pickTitle', { action: t(`containment.kinds.${kind}`) })}</legend>
      {candidates.isPending && <p className="muted">{t('containment.working')}</p>}
      {candidates.isError && (
        <p role="alert" className="error">
          {errorText(t, candidates.error)}
        </p>
      )}
      {candidates.data && candidates.data.candidates.length === 0 && <p>{t('containment.nothing')}</p>}
      {candidates.data?.candidates.map((c) => (
        <label key={c.id} className="check">
          <input type="checkbox" checked={selected.has(c.id)} onChange={() => toggle(c.id)} />{' '}
          <TenantText text={c.label} />
          {candidates.data.proposed?.includes(c.id) && (
            <span className="badge securing">{t('containment.suggested')}</span>
          )}
        </label>
      ))}
      <div className="row">
        <button type="button" disabled={selected.size === 0} onClick={() => onPlan([...selected])}>
          {t('containment.planPicked', { count: selected.size })}
        </button>
        <button type="button" onClick={onCancel}>
          {t('containment.cancel')}
        </button>
      </div>
    </fieldset>
  );
}
