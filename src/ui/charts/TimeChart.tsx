import { memo, useCallback, useMemo, useRef } from 'react';
import type { History } from '../../store/history';
import { useSim } from '../../store/simStore';
import { useDashboardTime } from '../../store/timeView';
import { clampWindow } from '../../store/timeWindow';
import { dashboardFigure, dashboardStem } from '../figure/dashboardFigures';
import { FigureButtons } from '../figure/FigureButtons';
import type { TooltipEntry } from './ChartTooltip';
import { SeriesChart } from './SeriesChart';
import type { LineStyle } from './SeriesPaths';
import { timeRows } from './timeRows';
import { useInView } from './useInView';
import { useStaggered } from './useStaggered';
import { plotColumns, useWidth } from './useWidth';

export interface SeriesSpec extends LineStyle {
  /** Value of this series at a round, read from the compact history. */
  readonly value: (h: History, round: number) => number;
  /**
   * Its value over rounds [from, to), for a figure that is a ratio of totals (a share): the mean
   * of each round's ratio would weigh an hour with little energy as much as a busy one. Without
   * it a column of several hours draws the lowest and highest `value` in it.
   */
  readonly span?: (h: History, from: number, to: number) => number;
  /** Its value before round 0, drawn at hour 0; series measured per round have none. */
  readonly start?: (h: History) => number;
  /** A band's upper edge at a round (with `area`; `value` is its lower edge). */
  readonly upper?: (h: History, round: number) => number;
  /** A band's upper edge before round 0. */
  readonly upperStart?: (h: History) => number;
}

interface Props {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly series: readonly SeriesSpec[];
}

/** What a chart's drawing depends on; a new one (and only then) redraws it. */
interface Drawn {
  readonly version: number;
  readonly from: number;
  readonly to: number;
  readonly width: number;
}
const NOT_DRAWN: Drawn = { version: -1, from: 0, to: 0, width: 0 };

/**
 * A live line chart over the hours of the run, in the dashboard's shared window: every hour
 * once they fit its pixels, each pixel's extremes below that (downsample.ts).
 */
export function TimeChart({ id, title, unit, series }: Props) {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const width = useWidth(ref);
  // Off screen the selector returns a constant, so the chart does not even re-render.
  const version = useSim((s) => (inView ? s.version : -1));
  const history = useSim((s) => s.history);
  const total = useSim((s) => s.totalRounds);
  const win = clampWindow(
    useDashboardTime((s) => s.window),
    total,
  );
  // Off screen nothing changes, so the chart does not redraw at all; on screen each redraw waits
  // its turn (useStaggered), one chart per task.
  // Off screen the last drawing stays (and says what it shows); back on screen it catches up.
  const shown = useRef<Drawn>(NOT_DRAWN);
  const want = useMemo<Drawn>(() => {
    if (!inView) return shown.current;
    return { version, from: win.from, to: win.to, width };
  }, [inView, version, win.from, win.to, width]);
  shown.current = want;
  const drawn = useStaggered(want);
  const data = useMemo(
    () =>
      drawn === NOT_DRAWN
        ? []
        : timeRows(history, series, drawn.from, drawn.to, plotColumns(drawn.width)),
    [history, drawn, series],
  );
  // Once rounds are drawn, a series with no value in the whole run so far (the clearing price of
  // a mechanism that pays per pair) says so in the legend instead of silently drawing nothing.
  // A string, so the memoised legend only re-renders when the list changes, not every redraw.
  const blank = useMemo(() => {
    if (drawn === NOT_DRAWN || history.length === 0) return '';
    return series
      .filter((s) => {
        for (let r = 0; r < history.length; r++)
          if (Number.isFinite(s.value(history, r))) return false;
        return true;
      })
      .map((s) => s.key)
      .join(' ');
  }, [history, drawn, series]);
  const valuesAt = useCallback(
    (r: number): TooltipEntry[] =>
      series
        // A crowd is one legend entry and no tooltip rows; a band's edges are other series.
        .filter((s) => !s.group && s.area === undefined)
        .map((s) => {
          const v = s.value(history, r);
          return { name: s.name, color: s.color, value: Number.isFinite(v) ? v : null };
        }),
    [history, series],
  );
  return (
    <figure
      ref={ref}
      className="chart"
      aria-labelledby={`${id}-title`}
      data-testid={`chart-${id}`}
      data-rounds={history.length}
      data-from={drawn.from}
      data-to={drawn.to}
    >
      <figcaption id={`${id}-title`}>
        {title} <span className="unit">({unit})</span>
        <FigureButtons title={title} figure={() => dashboardFigure(id)} stem={dashboardStem} />
      </figcaption>
      <SeriesChart
        rows={data}
        series={series}
        window={win}
        totalRounds={total}
        length={history.length}
        time={useDashboardTime}
        valuesAt={valuesAt}
      />
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
            className={s.area !== undefined ? 'swatch band' : 'swatch'}
            style={
              s.area !== undefined
                ? { backgroundColor: s.color, opacity: Math.min(1, s.area * 2) }
                : { borderTopColor: s.color, borderTopStyle: s.dashed ? 'dashed' : 'solid' }
            }
          />
          {s.group ?? s.name}
          {none.has(s.key) ? <span className="blank"> (none so far)</span> : null}
        </li>
      ))}
    </ul>
  );
});
