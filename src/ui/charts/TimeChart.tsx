import { memo, useMemo, useRef } from 'react';
import { bucketMean, buckets } from '../../store/downsample';
import type { History } from '../../store/history';
import { useSim } from '../../store/simStore';
import { saveChartPng } from '../chartPng';
import { SeriesChart } from './SeriesChart';
import type { LineStyle, Row } from './SeriesPaths';
import { useInView } from './useInView';
import { useStaggered } from './useStaggered';

/** Most points any line draws; a long run is averaged into this many buckets. */
const MAX_POINTS = 100;

export interface SeriesSpec extends LineStyle {
  /** Value of this series at a round, read from the compact history. */
  readonly value: (h: History, round: number) => number;
  /**
   * Its value over rounds [from, to), for a figure that is a ratio of totals (a share): the mean
   * of each round's ratio would weigh an hour with little energy as much as a busy one. Without
   * it a bucket draws the mean of `value`.
   */
  readonly span?: (h: History, from: number, to: number) => number;
  /** Its value before round 0, drawn at hour 0; series measured per round have none. */
  readonly start?: (h: History) => number;
}

interface Props {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly series: readonly SeriesSpec[];
}

/** A live line chart over simulated days, drawn from a downsampled view of the history. */
export function TimeChart({ id, title, unit, series }: Props) {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  // Off screen the selector returns a constant, so the chart does not redraw at all.
  const version = useSim((s) => (inView ? s.version : -1));
  const drawn = useStaggered(version);
  const history = useSim((s) => s.history);
  const totalDays = useSim((s) => s.totalRounds / 24);
  const data = useMemo(() => {
    void drawn; // the history mutates in place; the version says when
    // A bucket is drawn where its last hour ends, the run's start at hour 0.
    const rows: Row[] = history.start ? [row(0, (s) => s.start?.(history) ?? NaN)] : [];
    for (const b of buckets(history.length, MAX_POINTS)) {
      rows.push(
        row(b.end / 24, (s) =>
          s.span ? s.span(history, b.start, b.end) : bucketMean((r) => s.value(history, r), b),
        ),
      );
    }
    return rows;

    function row(day: number, value: (s: SeriesSpec) => number): Row {
      const out: Row = { day };
      for (const s of series) {
        const v = value(s);
        out[s.key] = Number.isFinite(v) ? v : null;
      }
      return out;
    }
  }, [history, drawn, series]);
  // Once rounds are drawn, a series with no value at all (the clearing price of a mechanism
  // that pays per pair) says so in the legend instead of silently drawing nothing.
  // A string, so the memoised legend only re-renders when the list changes, not every redraw.
  const blank =
    history.length === 0
      ? ''
      : series
          .filter((s) => data.every((r) => r[s.key] == null))
          .map((s) => s.key)
          .join(' ');
  return (
    <figure
      ref={ref}
      className="chart"
      aria-labelledby={`${id}-title`}
      data-testid={`chart-${id}`}
      data-rounds={history.length}
    >
      <figcaption id={`${id}-title`}>
        {title} <span className="unit">({unit})</span>
        <button
          type="button"
          className="png"
          aria-label={`Save ${title} chart as PNG`}
          onClick={() => ref.current && void saveChartPng(ref.current, id)}
        >
          PNG
        </button>
      </figcaption>
      <SeriesChart rows={data} series={series} totalDays={totalDays} />
      <SeriesLegend series={series} blank={blank} />
    </figure>
  );
}

/** A plain HTML legend: cheaper than recharts' own, which re-lays out on every redraw. */
const SeriesLegend = memo(function SeriesLegend({
  series,
  blank,
}: {
  series: readonly SeriesSpec[];
  /** Keys of series with no value so far, space-separated. */
  blank: string;
}) {
  const none = new Set(blank.split(' '));
  // A crowd of lines (every household) is one entry, under its group's name.
  const shown = series.filter(
    (s, i) => !s.group || series.findIndex((t) => t.group === s.group) === i,
  );
  return (
    <ul className="legend">
      {shown.map((s) => (
        <li key={s.key}>
          <span
            className="swatch"
            style={{ borderTopColor: s.color, borderTopStyle: s.dashed ? 'dashed' : 'solid' }}
          />
          {s.group ?? s.name}
          {none.has(s.key) ? <span className="blank"> (none so far)</span> : null}
        </li>
      ))}
    </ul>
  );
});
