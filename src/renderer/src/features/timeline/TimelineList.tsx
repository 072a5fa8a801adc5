import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineRow } from '../../../../shared/domain/timeline.ts';
import { Time } from '../../components/Time.tsx';
import { TenantText } from '../../components/TenantText.tsx';

const ROW_HEIGHT = 34;
const PAGE_STEP = 12;

export type TimelineListProps = Readonly<{
  rows: readonly TimelineRow[];
  hasMore: boolean;
  loadMore: () => void;
  /** Changes whenever the list is a different list (filter, anchor): it starts again at the top. */
  listKey: string;
  active: number;
  onActive: (index: number) => void;
  pinned: ReadonlySet<number>;
  noted: ReadonlySet<number>;
  highlighted: ReadonlySet<number> | null;
  onTogglePin: (row: TimelineRow) => void;
  onNote: () => void;
}>;

/**
 * The rows, virtualised: only what is on screen is in the DOM, and the next keyset page is fetched when
 * the end comes into view. A listbox: the active row is the selection, announced through
 * aria-activedescendant, moved with the arrow keys (or j/k); S pins it, N writes a note on it.
 */
export function TimelineList(props: TimelineListProps) {
  'use no memo'; // useVirtualizer cannot be memoised by the React Compiler (TanStack/virtual #736)
  const { rows, hasMore, loadMore, listKey, active, onActive } = props;
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- opted out with 'use no memo' above
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    useFlushSync: false,
  });
  // A new list starts at the top, not at the old list's scroll offset past its end.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [listKey]);
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (lastIndex >= rows.length - 1 && hasMore) loadMore();
  }, [lastIndex, rows.length, hasMore, loadMore]);

  const move = (to: number) => {
    const index = Math.max(0, Math.min(rows.length - 1, to));
    onActive(index);
    virtualizer.scrollToIndex(index, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || rows.length === 0) return;
    const key = event.key;
    if (key === 'ArrowDown' || key === 'j') move(active + 1);
    else if (key === 'ArrowUp' || key === 'k') move(active - 1);
    else if (key === 'PageDown') move(active + PAGE_STEP);
    else if (key === 'PageUp') move(active - PAGE_STEP);
    else if (key === 'Home') move(0);
    else if (key === 'End') move(rows.length - 1);
    else if ((key === 's' || key === 'S') && rows[active]) props.onTogglePin(rows[active]);
    else if ((key === 'n' || key === 'N') && rows[active]) props.onNote();
    else return;
    event.preventDefault();
  };
  const activeRow = rows[active];
  const idFor = (row: TimelineRow) => `timeline-row-${row.id}`;

  return (
    <div
      ref={scroller}
      className="timeline-scroller"
      role="listbox"
      aria-label={t('timeline.title')}
      aria-activedescendant={activeRow ? idFor(activeRow) : undefined}
      aria-keyshortcuts="ArrowUp ArrowDown J K S N"
      data-testid="timeline-rows"
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rows[item.index];
          const classes = [
            'timeline-row',
            `severity-${row?.severity ?? 'info'}`,
            item.index === active ? 'active' : '',
            row && props.highlighted?.has(row.evidenceId) ? 'highlight' : '',
          ];
          return (
            <div
              key={item.key}
              id={row ? idFor(row) : undefined}
              role="option"
              aria-selected={item.index === active}
              className={classes.join(' ')}
              onClick={() => row && onActive(item.index)}
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
                  <span className="t-summary">
                    <TenantText text={row.summary} />
                  </span>
                  <span className="t-ip mono">{row.ip ?? ''}</span>
                  <span className="t-country">{row.country ?? ''}</span>
                  <span className="t-marks">
                    {props.pinned.has(row.evidenceId) && (
                      <span className="pin" title={t('timeline.pinned')}>
                        ★<span className="visually-hidden"> {t('timeline.pinned')}</span>
                      </span>
                    )}
                    {props.noted.has(row.evidenceId) && (
                      <span className="noted" title={t('timeline.hasNotes')}>
                        ✎<span className="visually-hidden"> {t('timeline.hasNotes')}</span>
                      </span>
                    )}
                  </span>
                </>
              ) : (
                <span className="muted">{t('app.loading')}</span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
