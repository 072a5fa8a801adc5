import { useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventAnnotations, TimelineRow } from '../../../../shared/domain/timeline.ts';
import { NotesList } from '../../components/NotesList.tsx';
import { Time } from '../../components/Time.tsx';
import { NOTE_MAX } from '../../../../shared/domain/case-log.ts';
import { EvidenceViewer } from '../investigation/EvidenceViewer.tsx';
import { TenantText } from '../../components/TenantText.tsx';

export type EventDetailProps = Readonly<{
  caseId: string;
  row: TimelineRow;
  pinned: boolean;
  notes: EventAnnotations['notes'];
  busy: boolean;
  error: string | null;
  noteRef: RefObject<HTMLTextAreaElement | null>;
  onTogglePin: () => void;
  onAddNote: (text: string) => void;
}>;

/** The selected event in full: every field (tenant data, as text), its raw evidence, pin and notes. */
export function EventDetail({
  caseId,
  row,
  pinned,
  notes,
  busy,
  error,
  noteRef,
  onTogglePin,
  onAddNote,
}: EventDetailProps) {
  const { t } = useTranslation();
  const [showEvidence, setShowEvidence] = useState(false);
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    onAddNote(text.trim());
    setText('');
  };
  const field = (label: string, value: string | null) =>
    value ? (
      <div>
        <dt>{label}</dt>
        <dd>
          <TenantText text={value} />
        </dd>
      </div>
    ) : null;

  return (
    <section className="event-detail" aria-label={t('timeline.detail')} data-testid="event-detail">
      <p className="event-summary">
        <strong>
          <TenantText text={row.summary} />
        </strong>
      </p>
      <dl className="facts">
        <div>
          <dt>{t('timeline.when')}</dt>
          <dd>
            <Time iso={row.at} /> <span className="muted mono">({row.at})</span>
          </dd>
        </div>
        {field(t('timeline.source'), t(`sources.${row.source}`))}
        {field(t('timeline.kind'), row.kind)}
        {field(t('timeline.severity'), t(`timeline.severities.${row.severity}`))}
        {field(t('timeline.actor'), row.actor)}
        {field(t('timeline.ip'), row.ip)}
        {field(t('timeline.country'), row.country)}
        {field(t('timeline.client'), row.client)}
        {field(t('timeline.userAgent'), row.userAgent)}
      </dl>
      <p className="row-actions">
        <button type="button" aria-pressed={pinned} onClick={onTogglePin} disabled={busy} aria-keyshortcuts="S">
          {pinned ? t('timeline.unpin') : t('timeline.pin')}
        </button>{' '}
        <button type="button" aria-expanded={showEvidence} onClick={() => setShowEvidence(!showEvidence)}>
          {showEvidence ? t('evidence.hide') : t('evidence.show')}
        </button>
      </p>
      {showEvidence && <EvidenceViewer caseId={caseId} ids={[row.evidenceId]} />}
      <NotesList label={t('timeline.notes')} notes={notes} />
      <form className="reason-form" onSubmit={submit}>
        <label htmlFor="event-note">{t('timeline.noteLabel')}</label>
        <textarea
          id="event-note"
          ref={noteRef}
          rows={2}
          maxLength={NOTE_MAX}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={busy || !text.trim()}>
            {t('timeline.saveNote')}
          </button>
        </div>
      </form>
    </section>
  );
}
