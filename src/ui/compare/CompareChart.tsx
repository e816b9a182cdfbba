import { useCallback, useMemo, useRef } from 'react';
import { useCompareTime } from '../../store/timeView';
import { clampWindow } from '../../store/timeWindow';
import type { TooltipEntry } from '../charts/ChartTooltip';
import { SeriesChart } from '../charts/SeriesChart';
import { TimeBar, type OverviewLine } from '../charts/TimeBar';
import { plotColumns, useWidth } from '../charts/useWidth';
import { FigureButtons } from '../figure/FigureButtons';
import { mechanismColor } from './colors';
import type { CompareChartDef } from './compareCharts';
import { compareFigure, compareStem, drawnAs, mechanismLines } from './compareFigures';
import { compareRows } from './compareRows';
import { useCompare } from '../../store/compareStore';

/**
 * One figure over the run, a line per compared mechanism, in the comparison's shared window:
 * daily means over a long window, every hour when zoomed in, and, with a baseline picked, each
 * mechanism's difference from it (compareRows.ts).
 */
export function CompareChart({ def }: { def: CompareChartDef }) {
  const { id, title, unit, series, cumulative = false } = def;
  const ref = useRef<HTMLElement>(null);
  const width = useWidth(ref);
  const version = useCompare((s) => s.version);
  const history = useCompare((s) => s.history);
  const running = useCompare((s) => s.running);
  const baselineName = useCompare((s) => s.baseline);
  const base = baselineName === null ? -1 : running.indexOf(baselineName);
  const w = clampWindow(
    useCompareTime((s) => s.window),
    history.totalRounds,
  );
  const { from, to } = w;
  const { rows, resolution } = useMemo(() => {
    void version; // the history mutates in place; the version says when
    const lines = mechanismLines(history, running, series);
    return compareRows(lines, { from, to }, history.length, plotColumns(width), {
      cumulative,
      baseline: base >= 0 ? (lines[base] ?? null) : null,
    });
  }, [history, version, running, series, cumulative, from, to, width, base]);
  const lines = useMemo(
    () => running.map((m) => ({ key: m, name: m, color: mechanismColor(m) })),
    [running],
  );
  const valuesAt = useCallback(
    (r: number): TooltipEntry[] =>
      running.map((m, i) => {
        const v = history.value(i, series, r);
        return { name: m, color: mechanismColor(m), value: Number.isFinite(v) ? v : null };
      }),
    [history, running, series],
  );
  const shown = drawnAs(resolution, base >= 0 ? baselineName : null);

  return (
    <figure
      ref={ref}
      className="chart"
      aria-labelledby={`compare-${id}-title`}
      data-testid={`compare-chart-${id}`}
      data-rounds={history.length}
      data-lines={running.length}
      data-resolution={resolution}
    >
      <figcaption id={`compare-${id}-title`}>
        {title} <span className="unit">({unit})</span>
        <FigureButtons title={title} figure={() => compareFigure(def)} stem={compareStem} />
        <span className="drawn-as" data-testid={`compare-drawn-${id}`}>
          {shown}
        </span>
      </figcaption>
      <SeriesChart
        rows={rows}
        series={lines}
        window={w}
        totalRounds={history.totalRounds}
        length={history.length}
        time={useCompareTime}
        valuesAt={valuesAt}
        connectNulls={!def.gaps}
      />
    </figure>
  );
}

/** The comparison's scrubber and window, over each mechanism's traded price per hour. */
export function CompareTimeBar() {
  const history = useCompare((s) => s.history);
  const version = useCompare((s) => s.version);
  const running = useCompare((s) => s.running);
  const overview = useMemo<OverviewLine[]>(
    () =>
      running.map((m, i) => ({
        key: m,
        color: mechanismColor(m),
        value: (r: number) => history.value(i, 'meanTradePrice', r),
      })),
    [history, running],
  );
  return (
    <TimeBar
      time={useCompareTime}
      totalRounds={history.totalRounds}
      length={history.length}
      version={version}
      overview={overview}
    />
  );
}
