import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldIssue } from '../../../../shared/api/errors.ts';
import { NewCaseInput } from '../../../../shared/domain/case.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { href, navigate } from '../../app/router.ts';
import { errorText, translateKey } from '../../lib/messages.ts';
import { localInputToUtc, utcToLocalInput } from '../../lib/time.ts';
import type { CaseDraft } from '../../app/router.ts';

type Field = 'upn' | 'tenant' | 'blockedAt';
const FIELDS: readonly Field[] = ['upn', 'tenant', 'blockedAt'];

function fieldErrors(issues: readonly FieldIssue[]): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const issue of issues) {
    const field = issue.path.split('.')[0] as Field;
    if (FIELDS.includes(field) && !out[field]) out[field] = issue.message;
  }
  return out;
}

function formText(data: FormData, name: Field): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

export type NewCasePageProps = Readonly<{ draft?: CaseDraft }>;

export function NewCasePage({ draft }: NewCasePageProps) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const create = useMutation({
    mutationFn: (input: { upn: string; tenant: string; blockedAt: string | null }) => api.call('cases.create', input),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      navigate({ name: 'case', caseId: created.id });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.body.issues) showErrors(fieldErrors(error.body.issues));
    },
  });

  const showErrors = (next: Partial<Record<Field, string>>) => {
    setErrors(next);
    const first = FIELDS.find((f) => next[f]);
    if (first) form.current?.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = {
      upn: formText(data, 'upn'),
      tenant: formText(data, 'tenant'),
      blockedAt: localInputToUtc(formText(data, 'blockedAt')),
    };
    // The same schema main enforces, run here first so the analyst gets an answer without a round trip.
    const checked = NewCaseInput.safeParse(input);
    if (!checked.success) {
      showErrors(fieldErrors(checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))));
      return;
    }
    setErrors({});
    create.mutate(input);
  };

  const hasErrors = Object.keys(errors).length > 0;
  const initial: Record<Field, string> = {
    upn: draft?.upn ?? '',
    tenant: draft?.tenant ?? '',
    blockedAt: draft?.blockedAt ? utcToLocalInput(draft.blockedAt) : '',
  };
  const field = (name: Field, type: string, extra: Record<string, string | boolean> = {}) => {
    const hint = `${id}-${name}-hint`;
    const error = `${id}-${name}-error`;
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>{t(`newCase.${name}`)}</label>
        <input
          id={`${id}-${name}`}
          name={name}
          type={type}
          defaultValue={initial[name]}
          aria-invalid={errors[name] ? true : undefined}
          aria-describedby={errors[name] ? `${error} ${hint}` : hint}
          {...extra}
        />
        <p id={hint} className="hint">
          {t(`newCase.${name}Hint`)}
        </p>
        {errors[name] && (
          <p id={error} className="field-error" data-testid={`error-${name}`}>
            {translateKey(t, errors[name])}
          </p>
        )}
      </div>
    );
  };

  return (
    <section aria-labelledby="new-case-title" className="narrow">
      <h1 id="new-case-title">{t('newCase.title')}</h1>
      <p>{t('newCase.intro')}</p>
      {hasErrors && (
        <p role="alert" className="error">
          {t('newCase.fixErrors')}
        </p>
      )}
      {create.isError && !(create.error instanceof ApiError && create.error.body.issues) && (
        <p role="alert" className="error">
          {errorText(t, create.error)}
        </p>
      )}
      <form ref={form} onSubmit={onSubmit} noValidate>
        {field('upn', 'text', { autoComplete: 'off', spellCheck: false, required: true, autoFocus: true })}
        {field('tenant', 'text', { autoComplete: 'off', spellCheck: false, required: true })}
        {field('blockedAt', 'datetime-local', { step: '1' })}
        <div className="actions">
          <button type="submit" className="primary" disabled={create.isPending}>
            {create.isPending ? t('newCase.creating') : t('newCase.submit')}
          </button>
          <a className="button" href={href({ name: 'cases' })}>
            {t('newCase.cancel')}
          </a>
        </div>
      </form>
    </section>
  );
}
