import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../../shared/api/errors.ts';
import type { Verdict, VerdictOverride as Override } from '../../../../shared/domain/investigation.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { Time } from '../../components/Time.tsx';
import { errorText, translateKey } from '../../lib/messages.ts';

export type VerdictOverrideProps = Readonly<{ caseId: string; current: Override | null }>;

const VERDICTS: readonly Verdict[] = ['compromised', 'not_compromised', 'inconclusive'];

/** The analyst's own verdict, beside the engine's, only with a written justification (logged). */
export function VerdictOverride({ caseId, current }: VerdictOverrideProps) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [verdict, setVerdict] = useState<Verdict>('inconclusive');
  const [justification, setJustification] = useState('');
  const save = useMutation({
    mutationFn: () => api.call('investigation.overrideVerdict', { caseId, verdict, justification }),
    onSuccess: async () => {
      setOpen(false);
      setJustification('');
      await queryClient.invalidateQueries({ queryKey: ['investigation', caseId] });
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const issue = save.error instanceof ApiError ? save.error.body.issues?.[0]?.message : undefined;

  return (
    <div className="override" data-testid="verdict-override">
      {current && (
        <p>
          <strong>
            {t('investigation.override.current', { verdict: t(`investigation.verdict.${current.verdict}`) })}
          </strong>{' '}
          <span className="muted">
            {t('investigation.override.by', { by: current.by })} · <Time iso={current.at} />
          </span>
          <br />
          <span className="note">{current.justification}</span>
        </p>
      )}
      {!open ? (
        <button type="button" onClick={() => setOpen(true)}>
          {t('investigation.override.open')}
        </button>
      ) : (
        <form onSubmit={onSubmit} aria-labelledby={`${id}-title`}>
          <h3 id={`${id}-title`}>{t('investigation.override.title')}</h3>
          <label htmlFor={`${id}-verdict`}>{t('investigation.override.verdict')}</label>{' '}
          <select id={`${id}-verdict`} value={verdict} onChange={(e) => setVerdict(e.target.value as Verdict)}>
            {VERDICTS.map((v) => (
              <option key={v} value={v}>
                {t(`investigation.verdict.${v}`)}
              </option>
            ))}
          </select>
          <div className="field">
            <label htmlFor={`${id}-why`}>{t('investigation.override.justification')}</label>
            <textarea
              id={`${id}-why`}
              rows={3}
              value={justification}
              onChange={(e) => setJustification(e.target.value)}
              aria-invalid={issue ? true : undefined}
            />
          </div>
          {save.isError && (
            <p role="alert" className="error">
              {issue ? translateKey(t, issue) : errorText(t, save.error)}
            </p>
          )}
          <div className="actions">
            <button type="submit" className="primary" disabled={save.isPending}>
              {t('investigation.override.save')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('investigation.override.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
