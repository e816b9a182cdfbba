import { memo, useMemo, useState } from 'react';
import { LineChart } from 'recharts';
import { fmt } from '../format';
import { extent, niceScale, type Scale } from './axisTicks';
import { pointerTooltip } from './ChartTooltip';
import { CHART_MARGIN, CHART_STYLE, grid, xAxisOn, yAxisOn } from './axes';
import { SeriesPaths, type LineStyle, type Row } from './SeriesPaths';
import { useSameScale } from './useSameScale';

interface Props {
  /** One row per point: `day` and a value (or null) per series key. */
  readonly rows: readonly Row[];
  readonly series: readonly LineStyle[];
  /** The run's length: the time axis spans it from the start, so lines grow to the right. */
  readonly totalDays: number;
  /** Bridge rows without a value (default); off where a gap means something. */
  readonly connectNulls?: boolean;
}

/**
 * Lines over simulated days: the one time-series chart of the dashboard and the comparison.
 * recharts lays out the chart (size, axes, grid, tooltip); the lines are SeriesPaths on its
 * scales, and both axes are ours and fixed until the data outgrows them, so a redraw hands
 * recharts new rows and nothing else (each change in its store re-runs the chart's selectors,
 * and with no items of its own the rows alone are cheap).
 */
export function SeriesChart({ rows, series, totalDays, connectNulls = true }: Props) {
  const y = useSameScale(
    useMemo(
      () =>
        niceScale(
          ...extent(
            rows,
            series.map((s) => s.key),
          ),
        ),
      [rows, series],
    ),
  );
  const x = useMemo(() => dayScale(totalDays), [totalDays]);
  // The tooltip's machinery only runs while the pointer is over the chart, the only time it can
  // show anything. (recharts has the rows all along, only to find what the pointer is on: with no
  // graphical items of its own, new rows cost it little.)
  const [hover, setHover] = useState(false);
  return (
    <div onPointerEnter={() => setHover(true)} onPointerLeave={() => setHover(false)}>
      <Lines rows={rows} series={series} x={x} y={y} tooltip={hover} connectNulls={connectNulls} />
    </div>
  );
}

/** The time axis spans the whole run from the start, so it never changes during a run. */
function dayScale(totalDays: number): Scale {
  const end = Math.max(totalDays, 1 / 24);
  const nice = niceScale(0, end, 8);
  return {
    domain: [0, end],
    ticks: (nice?.ticks ?? [0]).filter((d) => d <= end),
    digits: nice?.digits ?? 0,
  };
}

/**
 * The chart's recharts parts are memoised elements, so a redraw with new rows leaves them
 * untouched: each recharts part that re-renders re-registers its settings in the chart's store.
 */
const Lines = memo(function Lines({
  rows,
  series,
  x,
  y,
  tooltip,
  connectNulls,
}: {
  rows: readonly Row[];
  series: readonly LineStyle[];
  x: Scale;
  y: Scale | null;
  tooltip: boolean;
  connectNulls: boolean;
}) {
  // Elements kept between redraws: a recharts part that re-renders re-registers in its store.
  const xAxis = useMemo(() => xAxisOn('day', x), [x]);
  const yAxis = useMemo(() => yAxisOn(y), [y]);
  const tip = useMemo(
    () =>
      tooltip
        ? pointerTooltip((day) => {
            const row = rows.find((r) => r.day === day);
            return row
              ? {
                  title: `day ${fmt(day, 2)}`,
                  entries: series
                    .filter((s) => !s.group)
                    .map((s) => ({ name: s.name, color: s.color, value: row[s.key] ?? null })),
                }
              : null;
          })
        : null,
    [tooltip, rows, series],
  );
  return (
    <LineChart responsive style={CHART_STYLE} data={rows} margin={CHART_MARGIN}>
      {grid}
      {xAxis}
      {yAxis}
      {tip}
      <SeriesPaths rows={rows} series={series} connectNulls={connectNulls} />
    </LineChart>
  );
});
