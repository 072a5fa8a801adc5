import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SourceId } from '../../../../shared/domain/investigation.ts';
import type { z } from 'zod';
import type { EventSeverity, TimelineRow } from '../../../../shared/domain/timeline.ts';
import { useApi } from '../../api/ApiContext.tsx';
import { Time } from '../../components/Time.tsx';
import { errorText } from '../../lib/messages.ts';
import { localInputToUtc } from '../../lib/time.ts';

const ROW_HEIGHT = 34;
const PAGE = 200;
const SOURCES: readonly SourceId[] = [
  'signIns',
  'directoryAudits',
  'auditLog',
  'messageTrace',
  'sentItems',
  'alerts',
  'riskDetections',
  'authMethods',
  'blockedSender',
];
type Severity = z.infer<typeof EventSeverity>;
const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

/** A finding shown in the timeline: only the events derived from its evidence rows. */
export type TimelineFocus = Readonly<{ title: string; evidenceIds: readonly number[] }>;

export type TimelineViewProps = Readonly<{
  caseId: string;
  focus?: TimelineFocus | null;
  onClearFocus?: () => void;
}>;

/**
 * Every event of the case in time order, a window at a time (keyset pages from main), virtualised so a
 * million events scroll like ten. Summaries, actors and clients are tenant data: rendered as text.
 */
export function TimelineView({ caseId, focus = null, onClearFocus }: TimelineViewProps) {
  'use no memo'; // useVirtualizer cannot be memoised by the React Compiler (TanStack/virtual #736)
  const { t } = useTranslation();
  const api = useApi();
  const [source, setSource] = useState<SourceId | ''>('');
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [text, setText] = useState('');
  const [from, setFrom] = useState('');
  // The From field is the analyst's local time, as the rows are shown.
  const fromIso = localInputToUtc(from);
  const deferredText = useDeferredValue(text.trim());
  const filter = {
    ...(source ? { sources: [source] } : {}),
    ...(severities.length ? { severities } : {}),
    ...(deferredText ? { text: deferredText } : {}),
    ...(fromIso ? { from: fromIso } : {}),
    ...(focus ? { evidenceIds: [...focus.evidenceIds] } : {}),
  };

  const count = useQuery({
    queryKey: ['timeline', caseId, 'count', filter],
    queryFn: () => api.call('timeline.count', { caseId, filter }),
  });
  const pages = useInfiniteQuery({
    queryKey: ['timeline', caseId, 'rows', filter],
    initialPageParam: null as { at: string; id: number } | null,
    queryFn: ({ pageParam }) => api.call('timeline.window', { caseId, filter, after: pageParam, limit: PAGE }),
    getNextPageParam: (last) => {
      const tail = last.events.at(-1);
      return last.hasMore && tail ? { at: tail.at, id: tail.id } : undefined;
    },
  });
  const rows: TimelineRow[] = pages.data?.pages.flatMap((p) => p.events) ?? [];

  const scroller = useRef<HTMLDivElement>(null);
  const section = useRef<HTMLElement>(null);
  // Showing a finding brings the timeline into view: the analyst clicked in the findings above it.
  useEffect(() => {
    if (focus) section.current?.scrollIntoView?.({ block: 'start' });
  }, [focus]);
  // eslint-disable-next-line react-hooks/incompatible-library -- opted out with 'use no memo' above
  const virtualizer = useVirtualizer({
    count: rows.length + (pages.hasNextPage ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    useFlushSync: false,
  });
  // A new filter is a new list: start it at the top, not at the old list's scroll offset past its end.
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [filterKey]);
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  useEffect(() => {
    if (lastIndex >= rows.length - 1 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastIndex, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const toggleSeverity = (s: Severity) =>
    setSeverities((current) => (current.includes(s) ? current.filter((x) => x !== s) : [...current, s]));

  return (
    <section ref={section} aria-labelledby="timeline-title" className="panel" data-testid="timeline">
      <div className="page-head">
        <h2 id="timeline-title">{t('timeline.title')}</h2>
        <span className="muted" role="status" data-testid="timeline-count">
          {count.data ? t('timeline.count', { count: count.data.total }) : ''}
        </span>
      </div>
      <div className="filters">
        <label>
          {t('timeline.source')}{' '}
          <select
            value={source}
            onChange={(e) => setSource(e.target.value as SourceId | '')}
            data-testid="timeline-source"
          >
            <option value="">{t('timeline.allSources')}</option>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`sources.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="severities">
          <legend className="visually-hidden">{t('timeline.severity')}</legend>
          {SEVERITIES.map((s) => (
            <label key={s}>
              <input type="checkbox" checked={severities.includes(s)} onChange={() => toggleSeverity(s)} />{' '}
              {t(`timeline.severities.${s}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('timeline.from')}{' '}
          <input
            type="datetime-local"
            step={1}
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            data-testid="timeline-from"
          />
        </label>
        <label className="search">
          <span className="visually-hidden">{t('timeline.search')}</span>
          <input
            type="search"
            value={text}
            placeholder={t('timeline.search')}
            onChange={(e) => setText(e.target.value)}
            data-testid="timeline-search"
          />
        </label>
      </div>
      {focus && (
        <p className="focus" role="status" data-testid="timeline-focus">
          {t('timeline.focus', { title: focus.title })}{' '}
          <button type="button" onClick={onClearFocus}>
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
      <div
        ref={scroller}
        className="timeline-scroller"
        role="list"
        aria-label={t('timeline.title')}
        data-testid="timeline-rows"
        tabIndex={0}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index];
            return (
              <div
                key={item.key}
                role="listitem"
                className={`timeline-row severity-${row?.severity ?? 'info'}`}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                {row ? (
                  <>
                    <span className="t-time">
                      <Time iso={row.at} />
                    </span>
                    <span className="t-source">{t(`sources.${row.source}`)}</span>
                    <span className="t-summary">{row.summary}</span>
                    <span className="t-ip mono">{row.ip ?? ''}</span>
                    <span className="t-country">{row.country ?? ''}</span>
                  </>
                ) : (
                  <span className="muted">{t('app.loading')}</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}
