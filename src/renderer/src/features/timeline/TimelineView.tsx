import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventAnnotations, HistogramGroup, TimelineRow } from '../../../../shared/domain/timeline.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { Time } from '../../components/Time.tsx';
import { useGlobalKey } from '../../lib/global-key.ts';
import { errorText, translateKey } from '../../lib/messages.ts';
import { localInputToUtc, utcToLocalInput } from '../../lib/time.ts';
import { ActivityHistogram } from './ActivityHistogram.tsx';
import { EventDetail } from './EventDetail.tsx';
import { TimelineFilters } from './TimelineFilters.tsx';
import { TimelineList } from './TimelineList.tsx';
import { EMPTY_FILTER, type FilterState, toApiFilter } from './timeline-filter.ts';

const PAGE = 200;
const GROUPS: readonly HistogramGroup[] = ['source', 'severity', 'country', 'kind'];

/** A finding (or checklist item) shown in the timeline: the events derived from its evidence rows. */
export type TimelineFocus = Readonly<{ title: string; evidenceIds: readonly number[] }>;

export type TimelineViewProps = Readonly<{
  caseId: string;
  focus?: TimelineFocus | null;
  onClearFocus?: () => void;
}>;

/**
 * Every event of the case in time order: the activity histogram (brush to filter, click to jump), the
 * filter bar, the virtualised list read a keyset window at a time, and the selected event in full with
 * its pin and notes. Nothing here ever asks main for the whole timeline.
 */
export function TimelineView({ caseId, focus = null, onClearFocus }: TimelineViewProps) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const [state, setState] = useState<FilterState>(EMPTY_FILTER);
  // Per focus: a newly shown finding starts as "only these events".
  const [modeFor, setModeFor] = useState<{ focus: TimelineFocus | null; mode: 'only' | 'highlight' }>({
    focus: null,
    mode: 'only',
  });
  const focusMode = modeFor.focus === focus ? modeFor.mode : 'only';
  const setFocusMode = (mode: 'only' | 'highlight') => setModeFor({ focus, mode });
  const [anchor, setAnchor] = useState<string | null>(null);
  const [jump, setJump] = useState('');
  const [groupBy, setGroupBy] = useState<HistogramGroup>('source');
  // Per list: a different list (filter, anchor) starts with its first row selected.
  const [activeFor, setActiveFor] = useState({ key: '', index: 0 });
  const searchRef = useRef<HTMLInputElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const section = useRef<HTMLElement>(null);
  const text = useDeferredValue(state.text.trim());

  const annotations = useQuery({
    queryKey: ['timeline', caseId, 'annotations'],
    queryFn: () => api.call('timeline.annotations', { caseId }),
  });
  const pins = new Set(annotations.data?.pins.map((p) => p.evidenceId));
  const noted = new Set(annotations.data?.notes.map((n) => n.evidenceId));
  const focusIds = focus && focusMode === 'only' ? focus.evidenceIds : null;
  const pinIds = state.pinnedOnly ? [...pins] : null;
  const evidenceIds = focusIds && pinIds ? focusIds.filter((id) => pins.has(id)) : (focusIds ?? pinIds);
  const filter = toApiFilter(state, text, evidenceIds);
  const chartFilter = toApiFilter(state, text, evidenceIds, { withTime: false });
  const listKey = JSON.stringify([filter, anchor]);
  const active = activeFor.key === listKey ? activeFor.index : 0;
  const setActive = (index: number) => setActiveFor({ key: listKey, index });

  const pages = useInfiniteQuery({
    queryKey: ['timeline', caseId, 'rows', filter, anchor],
    // A jump starts the window at that instant: (at, id) > (anchor, -1) includes events at the anchor itself.
    initialPageParam: anchor ? { at: anchor, id: -1 } : (null as { at: string; id: number } | null),
    queryFn: ({ pageParam }) => api.call('timeline.window', { caseId, filter, after: pageParam, limit: PAGE }),
    getNextPageParam: (last) => {
      const tail = last.events.at(-1);
      return last.hasMore && tail ? { at: tail.at, id: tail.id } : undefined;
    },
  });
  // Declared after the rows on purpose: queries start in this order and main answers one at a time, so the
  // rows the analyst is waiting for come before their total.
  const count = useQuery({
    queryKey: ['timeline', caseId, 'count', filter],
    queryFn: () => api.call('timeline.count', { caseId, filter }),
  });
  const rows: TimelineRow[] = pages.data?.pages.flatMap((p) => p.events) ?? [];
  // The chart and the filter values wait for the first rows: main answers one request at a time, and the
  // rows are what the analyst needs first.
  const firstRowsShown = pages.isSuccess;
  const facets = useQuery({
    queryKey: ['timeline', caseId, 'facets'],
    queryFn: () => api.call('timeline.facets', { caseId }),
    staleTime: Infinity,
    enabled: firstRowsShown,
  });
  const histogram = useQuery({
    queryKey: ['timeline', caseId, 'histogram', chartFilter, groupBy],
    queryFn: () => api.call('timeline.histogram', { caseId, filter: chartFilter, groupBy }),
    placeholderData: (previous) => previous,
    enabled: firstRowsShown,
  });
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  const loadMore = useCallback(() => {
    if (!isFetchingNextPage) void fetchNextPage();
  }, [isFetchingNextPage, fetchNextPage]);

  // Showing a finding brings the timeline into view: the analyst clicked in a panel above it.
  useEffect(() => {
    if (focus) section.current?.scrollIntoView?.({ block: 'start' });
  }, [focus]);
  // Highlight mode shows every event, starting at the first of the finding's.
  useEffect(() => {
    if (!focus || focusMode !== 'highlight') return;
    let cancelled = false;
    void api
      .call('timeline.window', { caseId, filter: { evidenceIds: [...focus.evidenceIds] }, limit: 1 })
      .then((page) => !cancelled && setAnchor(page.events[0]?.at ?? null));
    return () => {
      cancelled = true;
    };
  }, [api, caseId, focus, focusMode]);
  // "/" goes to the search box from anywhere on the page that is not a text field.
  useGlobalKey('/', () => searchRef.current?.focus());

  const storeAnnotations = (value: EventAnnotations) =>
    queryClient.setQueryData(['timeline', caseId, 'annotations'], value);
  const pin = useMutation({
    mutationFn: (row: TimelineRow) =>
      api.call('timeline.pin', { caseId, evidenceId: row.evidenceId, pinned: !pins.has(row.evidenceId) }),
    onSuccess: storeAnnotations,
  });
  const addNote = useMutation({
    mutationFn: ({ row, note }: { row: TimelineRow; note: string }) =>
      api.call('timeline.addNote', { caseId, evidenceId: row.evidenceId, text: note }),
    onSuccess: storeAnnotations,
  });

  const labelFor = (key: string): string => {
    if (key === '*other') return t('timeline.other');
    if (groupBy === 'source') return translateKey(t, `sources.${key}`);
    if (groupBy === 'severity') return translateKey(t, `timeline.severities.${key}`);
    if (groupBy === 'country' && key === '') return t('timeline.unknownCountry');
    return key;
  };
  const selected = rows[active];
  const anchorLabel = anchor ? <Time iso={anchor} /> : null;

  return (
    <section ref={section} aria-labelledby="timeline-title" className="panel" data-testid="timeline">
      <div className="page-head">
        <h2 id="timeline-title">{t('timeline.title')}</h2>
        <span className="muted" role="status" data-testid="timeline-count">
          {count.data ? t('timeline.count', { count: count.data.total }) : ''}
        </span>
      </div>
      <div className="histogram-head">
        <label>
          {t('timeline.groupBy')}{' '}
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as HistogramGroup)}>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {t(`timeline.groups.${g}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">{t('timeline.brushHint')}</span>
      </div>
      {histogram.data && (
        <ActivityHistogram
          histogram={histogram.data}
          groupBy={groupBy}
          labelFor={labelFor}
          range={{ from: localInputToUtc(state.from), to: localInputToUtc(state.to) }}
          onBrush={(from, to) => setState((s) => ({ ...s, from: utcToLocalInput(from), to: utcToLocalInput(to) }))}
          onJump={(at) => setAnchor(at)}
        />
      )}
      <TimelineFilters
        value={state}
        facets={facets.data}
        pinCount={pins.size}
        searchRef={searchRef}
        onChange={setState}
      />
      <div className="filters">
        <label>
          {t('timeline.jumpTo')}{' '}
          <input
            type="datetime-local"
            step={1}
            value={jump}
            onChange={(e) => setJump(e.target.value)}
            data-testid="timeline-jump"
          />
        </label>
        <button type="button" disabled={!jump} onClick={() => setAnchor(localInputToUtc(jump))}>
          {t('timeline.jump')}
        </button>
        <button
          type="button"
          onClick={() => {
            setState(EMPTY_FILTER);
            setAnchor(null);
          }}
        >
          {t('timeline.clearFilters')}
        </button>
      </div>
      {anchor && (
        <p className="focus" role="status" data-testid="timeline-anchor">
          {t('timeline.anchored')} {anchorLabel}{' '}
          <button type="button" onClick={() => setAnchor(null)}>
            {t('timeline.fromStart')}
          </button>
        </p>
      )}
      {focus && (
        <p className="focus" role="status" data-testid="timeline-focus">
          {focusMode === 'only'
            ? t('timeline.focus', { title: focus.title })
            : t('timeline.highlighting', { title: focus.title })}{' '}
          <button
            type="button"
            onClick={() => {
              setFocusMode(focusMode === 'only' ? 'highlight' : 'only');
              if (focusMode === 'highlight') setAnchor(null);
            }}
          >
            {focusMode === 'only' ? t('timeline.highlightInAll') : t('timeline.onlyThese')}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setAnchor(null);
              onClearFocus?.();
            }}
          >
            {t('timeline.showAll')}
          </button>
        </p>
      )}
      {pages.isError && (
        <p role="alert" className="error">
          {errorText(t, pages.error)}
        </p>
      )}
      {pages.data && rows.length === 0 && <p>{t('timeline.empty')}</p>}
      <p className="muted keys">{t('timeline.keys')}</p>
      <TimelineList
        rows={rows}
        hasMore={!!hasNextPage}
        loadMore={loadMore}
        listKey={listKey}
        active={active}
        onActive={setActive}
        pinned={pins}
        noted={noted}
        highlighted={focus && focusMode === 'highlight' ? new Set(focus.evidenceIds) : null}
        onTogglePin={(row) => pin.mutate(row)}
        onNote={() => noteRef.current?.focus()}
      />
      {selected && (
        <EventDetail
          caseId={caseId}
          row={selected}
          pinned={pins.has(selected.evidenceId)}
          notes={annotations.data?.notes.filter((n) => n.evidenceId === selected.evidenceId) ?? []}
          busy={pin.isPending || addNote.isPending}
          error={pin.error ? errorText(t, pin.error) : addNote.error ? errorText(t, addNote.error) : null}
          noteRef={noteRef}
          onTogglePin={() => pin.mutate(selected)}
          onAddNote={(note) => addNote.mutate({ row: selected, note })}
        />
      )}
    </section>
  );
}
