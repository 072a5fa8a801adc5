import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Checklist,
  type ChecklistItemId,
  type ChecklistState,
  ChecklistStep,
} from '../../../../shared/domain/checklist.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { errorText } from '../../lib/messages.ts';
import type { TimelineFocus } from '../timeline/TimelineView.tsx';
import { ChecklistItemRow, type ItemChange } from './ChecklistItemRow.tsx';
import { itemTitle } from './suggestion-text.ts';

export type ChecklistPanelProps = Readonly<{ caseId: string; onShowInTimeline: (focus: TimelineFocus) => void }>;

/** Single keys on a focused item (the list's roving focus); shown in the panel so nobody has to guess. */
const KEY_STATES: Readonly<Record<string, ChecklistState>> = {
  t: 'todo',
  p: 'in_progress',
  d: 'done',
  n: 'not_applicable',
  w: 'waived',
};

/**
 * The playbook checklist of a case: where the case stands, what blocks the unblock, and every item with
 * its suggestion and sign-off. Each change goes to main, which appends it to the case log.
 */
export function ChecklistPanel({ caseId, onShowInTimeline }: ChecklistPanelProps) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const listRef = useRef<HTMLDivElement>(null);
  const [errors, setErrors] = useState<Partial<Record<ChecklistItemId, string>>>({});
  const [evidenceOpen, setEvidenceOpen] = useState<ChecklistItemId | null>(null);
  const [active, setActive] = useState<ChecklistItemId>('determine.collect');
  const [askReason, setAskReason] = useState<{ item: ChecklistItemId; state: ChecklistState } | null>(null);
  const checklist = useQuery({ queryKey: ['checklist', caseId], queryFn: () => api.call('checklist.get', { caseId }) });
  // Shared with the investigation panel (same query key): the findings the items link to, by title.
  const investigation = useQuery({
    queryKey: ['investigation', caseId],
    queryFn: () => api.call('investigation.summary', { caseId }),
  });
  const store = (list: Checklist) => queryClient.setQueryData(['checklist', caseId], list);

  const update = useMutation({
    mutationFn: ({ item, change, expected }: { item: ChecklistItemId; change: ItemChange; expected: ChecklistState }) =>
      api.call('checklist.update', { caseId, item, expected, ...change }),
    onSuccess: (list, { item }) => {
      setErrors((e) => ({ ...e, [item]: undefined }));
      store(list);
    },
    onError: (error, { item }) => {
      setErrors((e) => ({ ...e, [item]: errorText(t, error) }));
      void queryClient.invalidateQueries({ queryKey: ['checklist', caseId] });
    },
  });
  const addNote = useMutation({
    mutationFn: ({ item, text }: { item: ChecklistItemId; text: string }) =>
      api.call('checklist.addNote', { caseId, item, text }),
    onSuccess: (list) => store(list),
    onError: (error, { item }) => setErrors((e) => ({ ...e, [item]: errorText(t, error) })),
  });

  const data = checklist.data;
  const change = (item: ChecklistItemId, expected: ChecklistState, c: ItemChange) =>
    update.mutate({ item, change: c, expected });

  /** Arrow keys and j/k move between items; letters set the focused item's state. */
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (!data || !target.matches('li.checklist-item') || event.altKey || event.ctrlKey || event.metaKey) return;
    const rows = [...(listRef.current?.querySelectorAll<HTMLElement>('li.checklist-item') ?? [])];
    const index = rows.indexOf(target);
    const item = data.items.find((i) => i.id === target.dataset.item);
    if (!item) return;
    const key = event.key.toLowerCase();
    const move = (to: number) => rows[Math.max(0, Math.min(rows.length - 1, to))]?.focus();
    if (key === 'arrowdown' || key === 'j') move(index + 1);
    else if (key === 'arrowup' || key === 'k') move(index - 1);
    else if (key === 'home') move(0);
    else if (key === 'end') move(rows.length - 1);
    else if (key === 'a' && item.suggestion)
      change(item.id, item.state, { state: item.suggestion.state, acceptSuggestion: true });
    else if (key === 'e') setEvidenceOpen(evidenceOpen === item.id ? null : item.id);
    else if (KEY_STATES[key]) {
      const state = KEY_STATES[key];
      if (state === 'waived' || state === 'not_applicable') setAskReason({ item: item.id, state });
      else change(item.id, item.state, { state });
    } else return;
    event.preventDefault();
  };

  return (
    <section className="panel" aria-labelledby="checklist-title" data-testid="checklist">
      <h2 id="checklist-title">{t('checklist.title')}</h2>
      <p className="muted">{t('checklist.intro')}</p>
      {checklist.isPending && <p role="status">{t('app.loading')}</p>}
      {checklist.isError && (
        <p role="alert" className="error">
          {errorText(t, checklist.error)}
        </p>
      )}
      {data && (
        <>
          <ol className="steps" aria-label={t('checklist.title')} data-testid="checklist-progress">
            {data.steps.map((s) => (
              <li key={s.step} aria-current={data.currentStep === s.step ? 'step' : undefined}>
                <strong>{t(`checklist.steps.${s.step}`)}</strong>
                <progress value={s.settled} max={s.total} aria-label={t(`checklist.steps.${s.step}`)} />
                <span className="muted">{t('checklist.stepProgress', { settled: s.settled, total: s.total })}</span>
              </li>
            ))}
          </ol>
          <div className="gate" data-testid="unblock-gate" role="status">
            {data.unblockBlockers.length === 0 ? (
              <p className="ok">{t('checklist.readyToUnblock')}</p>
            ) : (
              <>
                <p>{t('checklist.blockers')}</p>
                <ul>
                  {data.unblockBlockers.map((id) => (
                    <li key={id}>
                      <a
                        href={`#checklist-${id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          setActive(id);
                          listRef.current?.querySelector<HTMLElement>(`li[data-item="${id}"]`)?.focus();
                        }}
                      >
                        {itemTitle(t, id)}
                      </a>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
          <p className="muted keys">{t('checklist.keys')}</p>
          <div ref={listRef} onKeyDown={onKeyDown}>
            {ChecklistStep.options.map((step) => (
              <section key={step} aria-labelledby={`checklist-step-${step}`}>
                <h3 id={`checklist-step-${step}`}>{t(`checklist.steps.${step}`)}</h3>
                <ul className="checklist">
                  {data.items
                    .filter((i) => i.step === step)
                    .map((item) => (
                      <ChecklistItemRow
                        key={item.id}
                        caseId={caseId}
                        item={item}
                        busy={update.isPending || addNote.isPending}
                        error={errors[item.id] ?? null}
                        askReasonFor={askReason?.item === item.id ? askReason.state : null}
                        evidenceOpen={evidenceOpen === item.id}
                        tabStop={active === item.id}
                        onFocus={() => setActive(item.id)}
                        onToggleEvidence={() => setEvidenceOpen(evidenceOpen === item.id ? null : item.id)}
                        onChange={(c) => {
                          setAskReason(null);
                          change(item.id, item.state, c);
                        }}
                        onAddNote={(text) => addNote.mutate({ item: item.id, text })}
                        onCancelReason={() => setAskReason(null)}
                        onShowInTimeline={onShowInTimeline}
                        findings={investigation.data?.findings ?? []}
                      />
                    ))}
                </ul>
              </section>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
