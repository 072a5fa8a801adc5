import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NOTE_MAX } from '../../../../shared/domain/case-log.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { errorText } from '../../lib/messages.ts';

export type NoteFormProps = Readonly<{ caseId: string }>;

/** Appends an analyst note to the case log; the log view refreshes from the appended event. */
export function NoteForm({ caseId }: NoteFormProps) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: (note: string) => api.call('cases.addNote', { caseId, text: note }),
    onSuccess: () => setText(''),
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) add.mutate(text);
  };

  return (
    <form onSubmit={onSubmit} className="note-form" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('log.addNote')}</h2>
      <label htmlFor={`${id}-text`} className="visually-hidden">
        {t('log.addNote')}
      </label>
      <textarea
        id={`${id}-text`}
        value={text}
        maxLength={NOTE_MAX}
        rows={3}
        placeholder={t('log.notePlaceholder')}
        onChange={(e) => setText(e.target.value)}
      />
      {add.isError && (
        <p role="alert" className="error">
          {errorText(t, add.error)}
        </p>
      )}
      <button type="submit" className="primary" disabled={add.isPending || !text.trim()}>
        {t('log.saveNote')}
      </button>
    </form>
  );
}
