import { useCallback, useMemo, useRef } from 'react';
import { sampleRows } from '../../store/downsample';
import { useCompareTime } from '../../store/timeView';
import { clampWindow } from '../../store/timeWindow';
import type { TooltipEntry } from '../charts/ChartTooltip';
import { SeriesChart } from '../charts/SeriesChart';
import { TimeBar, type OverviewLine } from '../charts/TimeBar';
import { plotColumns, useWidth } from '../charts/useWidth';
import { mechanismColor } from './colors';
import type { SeriesKey } from '../../store/compareHistory';
import { useCompare } from '../../store/compareStore';

interface Props {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly series: SeriesKey;
  /** Running totals read the bucket's last round (so the line ends on the table's figure). */
  readonly cumulative?: boolean;
}

/** One figure over the run, a line per compared mechanism, in the comparison's shared window. */
export function CompareChart({ id, title, unit, series, cumulative = false }: Props) {
  const ref = useRef<HTMLElement>(null);
  const width = useWidth(ref);
  const version = useCompare((s) => s.version);
  const history = useCompare((s) => s.history);
  const running = useCompare((s) => s.running);
  const w = clampWindow(
    useCompareTime((s) => s.window),
    history.totalRounds,
  );
  const data = useMemo(() => {
    void version; // the history mutates in place; the version says when
    const sampled = running.map((m, i) => ({
      key: m,
      value: (r: number) => history.value(i, series, r),
      // A running total's column is where it got to: its last round.
      span: cumulative ? (_: number, to: number) => history.value(i, series, to - 1) : undefined,
    }));
    return sampleRows(sampled, w.from, Math.min(w.to, history.length), plotColumns(width));
  }, [history, version, running, series, cumulative, w.from, w.to, width]);
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

  return (
    <figure
      ref={ref}
      className="chart"
      aria-labelledby={`compare-${id}-title`}
      data-testid={`compare-chart-${id}`}
      data-rounds={history.length}
      data-lines={running.length}
    >
      <figcaption id={`compare-${id}-title`}>
        {title} <span className="unit">({unit})</span>
      </figcaption>
      <SeriesChart
        rows={data}
        series={lines}
        window={w}
        totalRounds={history.totalRounds}
        length={history.length}
        time={useCompareTime}
        valuesAt={valuesAt}
        // Per-hour figures keep their gaps: bridging the night's no-trade hours would draw
        // trades never made.
        connectNulls={cumulative}
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
