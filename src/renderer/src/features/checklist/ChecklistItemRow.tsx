import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ChecklistItem,
  ChecklistState,
  type ChecklistState as State,
  WAIVER_MIN,
} from '../../../../shared/domain/checklist.ts';
import { NotesList } from '../../components/NotesList.tsx';
import { TenantText } from '../../components/TenantText.tsx';
import { Time } from '../../components/Time.tsx';
import type { Finding } from '../../../../shared/domain/investigation.ts';
import { NOTE_MAX } from '../../../../shared/domain/case-log.ts';
import { EvidenceViewer } from '../investigation/EvidenceViewer.tsx';
import type { TimelineFocus } from '../timeline/TimelineView.tsx';
import { itemHelp, itemTitle, suggestionText } from './suggestion-text.ts';

export type ItemChange = Readonly<{ state: State; reason?: string; acceptSuggestion?: boolean }>;

export type ChecklistItemRowProps = Readonly<{
  caseId: string;
  item: ChecklistItem;
  busy: boolean;
  error: string | null;
  /** A state the keyboard asked for that needs a reason first (waived, not applicable). */
  askReasonFor: State | null;
  evidenceOpen: boolean;
  /** The list's one tab stop (roving focus): the item last focused, else the first. */
  tabStop: boolean;
  onFocus: () => void;
  onToggleEvidence: () => void;
  onChange: (change: ItemChange) => void;
  onAddNote: (text: string) => void;
  onCancelReason: () => void;
  onShowInTimeline: (focus: TimelineFocus) => void;
  /** The latest detection's findings, to name the ones an item rests on. */
  findings: readonly Finding[];
}>;

const NEEDS_REASON: ReadonlySet<State> = new Set(['waived', 'not_applicable']);

/**
 * One playbook item: its state (signed off by the analyst), what the evidence suggests and why, the
 * evidence rows behind it, notes and history. Suggestion parameters can carry tenant data: text only.
 */
export function ChecklistItemRow(props: ChecklistItemRowProps) {
  const { item, caseId } = props;
  const { t, i18n } = useTranslation();
  const id = useId();
  const [pending, setPending] = useState<State | null>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [noting, setNoting] = useState(false);
  const title = itemTitle(t, item.id);
  const asking = pending ?? props.askReasonFor;
  const s = item.suggestion;
  const links = item.evidenceIds.length > 0 ? item.evidenceIds : (s?.evidenceIds ?? []);
  // The findings behind the item, by their titles (the case's latest detection); detector ids otherwise.
  const detectors = [...new Set([...item.findings, ...(s?.findings ?? [])])];
  const findingTitles = props.findings.filter((f) => detectors.includes(f.detector)).map((f) => f.title);
  const acceptable = s && (item.state !== s.state || item.history.at(-1)?.accepted !== true || item.suggestionChanged);

  const choose = (state: State) => {
    if (NEEDS_REASON.has(state)) {
      setPending(state);
      setReason(item.state === state ? (item.reason ?? '') : '');
    } else {
      props.onChange({ state });
    }
  };
  const submitReason = (event: FormEvent) => {
    event.preventDefault();
    if (!asking) return;
    props.onChange({ state: asking, ...(reason.trim() ? { reason: reason.trim() } : {}) });
    setPending(null);
    setReason('');
  };
  const cancelReason = () => {
    setPending(null);
    props.onCancelReason();
  };
  const submitNote = (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) return;
    props.onAddNote(note.trim());
    setNote('');
    setNoting(false);
  };

  return (
    <li
      className={`checklist-item state-${item.state}`}
      data-item={item.id}
      data-state={item.state}
      tabIndex={props.tabStop ? 0 : -1}
      onFocus={(e) => e.target === e.currentTarget && props.onFocus()}
      aria-keyshortcuts="ArrowUp ArrowDown J K A D P T N W E"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-status`}
    >
      <div className="checklist-head">
        <select
          aria-label={t('checklist.state', { item: title })}
          value={asking ?? item.state}
          disabled={props.busy}
          onChange={(e) => choose(e.target.value as State)}
        >
          {ChecklistState.options.map((state) => (
            <option key={state} value={state}>
              {t(`checklist.states.${state}`)}
            </option>
          ))}
        </select>
        <strong id={`${id}-title`}>{title}</strong>
        {item.securing && <span className="badge securing">{t('checklist.securing')}</span>}
      </div>
      <p className="muted help">{itemHelp(t, item.id)}</p>
      <p id={`${id}-status`} className="signed-off">
        {item.by && item.at ? (
          <>
            {t('checklist.signedOff', { state: t(`checklist.states.${item.state}`), by: item.by })},{' '}
            <Time iso={item.at} />
            {item.reason && <span className="reason-text"> — {item.reason}</span>}
          </>
        ) : (
          <span className="muted">{t(`checklist.states.${item.state}`)}</span>
        )}
      </p>
      {s && (
        <div className="suggestion" data-testid="suggestion">
          <span className="badge">{t('checklist.suggested', { state: t(`checklist.states.${s.state}`) })}</span>{' '}
          <span>{suggestionText(t, s, i18n.language)}</span>{' '}
          {acceptable && (
            <button
              type="button"
              className="primary"
              disabled={props.busy}
              aria-keyshortcuts="A"
              onClick={() => props.onChange({ state: s.state, acceptSuggestion: true })}
            >
              {t('checklist.accept', { state: t(`checklist.states.${s.state}`) })}
            </button>
          )}
        </div>
      )}
      {item.suggestionChanged && (
        <p className="warning" role="note">
          {t('checklist.suggestionChanged')}
        </p>
      )}
      {links.length > 0 && (
        <p className="links">
          <button type="button" aria-expanded={props.evidenceOpen} onClick={props.onToggleEvidence}>
            {props.evidenceOpen ? t('checklist.hideEvidence') : t('checklist.showEvidence', { count: links.length })}
          </button>{' '}
          <button
            type="button"
            onClick={() =>
              props.onShowInTimeline({ title: t('checklist.focusTitle', { item: title }), evidenceIds: links })
            }
          >
            {t('checklist.inTimeline')}
          </button>
        </p>
      )}
      {detectors.length > 0 && (
        <details className="item-findings">
          <summary>{t('checklist.findingsCount', { count: findingTitles.length || detectors.length })}</summary>
          <ul>
            {findingTitles.length > 0
              ? findingTitles.map((f, i) => (
                  <li key={i}>
                    <TenantText text={f} />
                  </li>
                ))
              : detectors.map((d) => (
                  <li key={d} className="mono">
                    {d}
                  </li>
                ))}
          </ul>
        </details>
      )}
      {props.evidenceOpen && <EvidenceViewer caseId={caseId} ids={links} />}
      {asking && (
        <form className="reason-form" onSubmit={submitReason}>
          <label htmlFor={`${id}-reason`}>
            {asking === 'waived' ? t('checklist.reasonWaived') : t('checklist.reasonOptional')}
          </label>
          <textarea
            id={`${id}-reason`}
            rows={2}
            maxLength={NOTE_MAX}
            value={reason}
            autoFocus
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && cancelReason()}
          />
          <div className="row">
            <button
              type="submit"
              className="primary"
              disabled={props.busy || (asking === 'waived' && reason.trim().length < WAIVER_MIN)}
            >
              {t('checklist.save')}
            </button>
            <button type="button" onClick={cancelReason}>
              {t('checklist.cancel')}
            </button>
          </div>
        </form>
      )}
      {props.error && (
        <p role="alert" className="error">
          {props.error}
        </p>
      )}
      <NotesList label={t('checklist.notes')} notes={item.notes} />
      {noting ? (
        <form className="reason-form" onSubmit={submitNote}>
          <label htmlFor={`${id}-note`}>{t('checklist.noteLabel', { item: title })}</label>
          <textarea
            id={`${id}-note`}
            rows={2}
            maxLength={NOTE_MAX}
            value={note}
            autoFocus
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setNoting(false)}
          />
          <div className="row">
            <button type="submit" className="primary" disabled={props.busy || !note.trim()}>
              {t('checklist.saveNote')}
            </button>
            <button type="button" onClick={() => setNoting(false)}>
              {t('checklist.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="link" onClick={() => setNoting(true)}>
          {t('checklist.addNote')}
        </button>
      )}
      {item.history.length > 0 && (
        <details>
          <summary>{t('checklist.history')}</summary>
          <ol className="item-history">
            {item.history.map((h) => (
              <li key={h.seq}>
                <Time iso={h.at} /> · {h.by} ·{' '}
                {t('checklist.historyEntry', {
                  from: t(`checklist.states.${h.from}`),
                  to: t(`checklist.states.${h.to}`),
                })}
                {h.accepted && <> ({t('checklist.accepted')})</>}
                {h.reason && <> — {h.reason}</>}
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}
