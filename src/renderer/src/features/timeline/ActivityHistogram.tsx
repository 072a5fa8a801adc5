import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Histogram, HistogramGroup } from '../../../../shared/domain/timeline.ts';
import { formatLocal } from '../../lib/time.ts';

/** Distinguishable in light and dark themes; cycled when there are more series. */
const PALETTE = ['#2f6fd6', '#d23f3f', '#d08a00', '#1f9d6b', '#8a5cd6', '#d04d9a', '#1c9aa8', '#7a8394'];
const HEIGHT = 150;

export type ActivityHistogramProps = Readonly<{
  histogram: Histogram;
  groupBy: HistogramGroup;
  labelFor: (key: string) => string;
  /** The brushed range as UTC ISO, drawn as the selection. */
  range: { from: string | null; to: string | null };
  onBrush: (from: string, to: string) => void;
  onJump: (at: string) => void;
}>;

/** Stacked counts: each series drawn as the running total, tallest first, so the bars stack visually. */
function stacked(h: Histogram): { xs: number[]; totals: number[][] } {
  const n = h.series[0]?.counts.length ?? 0;
  const start = h.start ? Date.parse(h.start) : 0;
  const xs = Array.from({ length: n }, (_, i) => (start + i * h.bucketMs) / 1000);
  const running = new Array<number>(n).fill(0);
  const totals = h.series.map((s) => s.counts.map((c, i) => (running[i]! += c)));
  return { xs, totals };
}

/**
 * Activity over the investigation window, per hour: the attack's shape at a glance. Dragging across it
 * filters the list to that period; a click jumps the list to that hour. The From/To fields do the same
 * from the keyboard, and the chart's summary is its accessible name.
 */
export function ActivityHistogram({ histogram, groupBy, labelFor, range, onBrush, onJump }: ActivityHistogramProps) {
  const { t, i18n } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const handlers = useRef({ onBrush, onJump });
  useEffect(() => {
    handlers.current = { onBrush, onJump };
  });

  const { xs, totals } = stacked(histogram);
  const series = histogram.series.map((s, i) => ({ key: s.key, color: PALETTE[i % PALETTE.length]! }));
  const totalPerBucket = totals.at(-1) ?? [];
  const peakIndex = totalPerBucket.reduce((best, v, i, all) => (v > all[best]! ? i : best), 0);
  const summary = histogram.start
    ? t('timeline.histogramSummary', {
        from: formatLocal(histogram.start, i18n.language),
        peak: totalPerBucket[peakIndex] ?? 0,
        peakAt: formatLocal(new Date((xs[peakIndex] ?? 0) * 1000).toISOString(), i18n.language),
        unit: histogram.bucketMs === 3_600_000 ? t('timeline.perHour') : t('timeline.perDay'),
      })
    : t('timeline.empty');
  const seriesKey = `${groupBy}|${series.map((s) => s.key).join(',')}|${histogram.bucketMs}`;

  useEffect(() => {
    const el = box.current;
    if (!el || xs.length === 0) return;
    let dragged = false;
    const options: uPlot.Options = {
      width: el.clientWidth || 600,
      height: HEIGHT,
      legend: { show: false },
      // asinh: a spam run of thousands per hour would flatten everything else to nothing on a linear axis;
      // this keeps single sign-ins visible and stays linear near zero.
      scales: { x: { time: true }, y: { distr: 4, asinh: 1, range: (_u, _min, max) => [0, Math.max(1, max)] } },
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false } },
      axes: [
        { stroke: 'currentColor', grid: { show: false } },
        {
          stroke: 'currentColor',
          size: 56,
          grid: { stroke: 'rgba(128,128,128,0.2)' },
          // Counts are whole and never negative, whatever ticks the asinh scale proposes.
          filter: (_u, splits) => splits.map((v) => (v >= 1 && Number.isInteger(v) ? v : v === 0 ? 0 : null)),
        },
      ],
      series: [
        {},
        ...[...series].reverse().map((s) => ({
          label: labelFor(s.key),
          fill: s.color,
          stroke: s.color,
          width: 0,
          paths: uPlot.paths.bars!({ size: [1, 40], gap: 0 }),
          points: { show: false },
        })),
      ],
      hooks: {
        setSelect: [
          (u) => {
            if (u.select.width < 3) return;
            dragged = true;
            const from = u.posToVal(u.select.left, 'x');
            const to = u.posToVal(u.select.left + u.select.width, 'x');
            handlers.current.onBrush(new Date(from * 1000).toISOString(), new Date(to * 1000).toISOString());
          },
        ],
      },
    };
    const u = new uPlot(options, [xs, ...[...totals].reverse()], el);
    plot.current = u;
    const onClick = () => {
      if (dragged) {
        dragged = false;
        return;
      }
      const idx = u.cursor.idx;
      if (idx !== null && idx !== undefined && xs[idx] !== undefined)
        handlers.current.onJump(new Date(xs[idx] * 1000).toISOString());
    };
    u.over.addEventListener('click', onClick);
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.over.removeEventListener('click', onClick);
      u.destroy();
      plot.current = null;
    };
    // The chart is rebuilt when its series change; data-only changes go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seriesKey, xs.length === 0]);

  useEffect(() => {
    plot.current?.setData([xs, ...[...totals].reverse()]);
  });

  // Draw the brushed range (from the fields or a drag) as the chart's selection.
  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    if (!range.from && !range.to) {
      u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
      return;
    }
    const left = range.from ? u.valToPos(Date.parse(range.from) / 1000, 'x') : 0;
    const right = range.to ? u.valToPos(Date.parse(range.to) / 1000, 'x') : u.over.clientWidth;
    u.setSelect({ left, top: 0, width: Math.max(0, right - left), height: u.over.clientHeight }, false);
  }, [range.from, range.to, seriesKey]);

  return (
    <figure className="histogram" data-testid="timeline-histogram">
      <div ref={box} role="img" aria-label={summary} className="histogram-plot" />
      <figcaption>
        <span className="muted">{summary}</span>
        <ul className="legend" aria-label={t('timeline.legend')}>
          {series.map((s) => (
            <li key={s.key}>
              <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
              {labelFor(s.key)}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
