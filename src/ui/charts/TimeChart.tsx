import { memo, useMemo, useRef, useState } from 'react';
import { CartesianGrid, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { bucketMean, buckets } from '../../store/downsample';
import type { History } from '../../store/history';
import { useSim } from '../../store/simStore';
import { saveChartPng } from '../chartPng';
import { fmt } from '../format';
import { extent, niceScale, type Scale } from './axisTicks';
import { numberTick } from './PlainTick';
import { ChartTooltip, TOOLTIP_WRAPPER_STYLE } from './ChartTooltip';
import { SeriesPaths, type Row } from './SeriesPaths';
import { useInView } from './useInView';
import { useSameScale } from './useSameScale';
import { useStaggered } from './useStaggered';

/** Most points any line draws; a long run is averaged into this many buckets. */
const MAX_POINTS = 100;

export interface SeriesSpec {
  readonly key: string;
  readonly name: string;
  readonly color: string;
  /** Value of this series at a round, read from the compact history. */
  readonly value: (h: History, round: number) => number;
  /** Its value before round 0, drawn at hour 0; series measured per round have none. */
  readonly start?: (h: History) => number;
  readonly width?: number;
  readonly dashed?: boolean;
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
      rows.push(row(b.end / 24, (s) => bucketMean((r) => s.value(history, r), b)));
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
  const y = useSameScale(
    useMemo(
      () =>
        niceScale(
          ...extent(
            data,
            series.map((s) => s.key),
          ),
        ),
      [data, series],
    ),
  );
  const x = useMemo(() => dayScale(totalDays), [totalDays]);
  // The tooltip's machinery (recharts recomputes its axis ticks on every data change) only runs
  // while the pointer is over the chart, the only time it can show anything.
  const [hover, setHover] = useState(false);

  return (
    <figure
      ref={ref}
      className="chart"
      aria-labelledby={`${id}-title`}
      data-testid={`chart-${id}`}
      data-rounds={history.length}
      onPointerEnter={() => setHover(true)}
      onPointerLeave={() => setHover(false)}
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
      <Lines data={data} series={series} x={x} y={y} tooltip={hover} />
      <SeriesLegend series={series} />
    </figure>
  );
}

/** A plain HTML legend: cheaper than recharts' own, which re-lays out on every redraw. */
const SeriesLegend = memo(function SeriesLegend({ series }: { series: readonly SeriesSpec[] }) {
  return (
    <ul className="legend">
      {series.map((s) => (
        <li key={s.key}>
          <span
            className="swatch"
            style={{ borderTopColor: s.color, borderTopStyle: s.dashed ? 'dashed' : 'solid' }}
          />
          {s.name}
        </li>
      ))}
    </ul>
  );
});

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

const NO_ROWS: Row[] = [];
const CHART_STYLE = { width: '100%', height: 200 } as const;
const CHART_MARGIN = { top: 4, right: 8, bottom: 0, left: 0 } as const;

/**
 * The chart's parts are memoised elements, and its lines are our own layer on recharts' scales,
 * so a redraw with new data changes nothing in recharts' store: each recharts part that
 * re-renders re-registers its settings there, and every such dispatch re-runs the chart's
 * selectors. Only the axes change, when the data outgrows them.
 */
const Lines = memo(function Lines({
  data,
  series,
  x,
  y,
  tooltip,
}: {
  data: Row[];
  series: readonly SeriesSpec[];
  x: Scale;
  y: Scale | null;
  tooltip: boolean;
}) {
  const grid = useMemo(() => <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />, []);
  const xAxis = useMemo(
    () => (
      <XAxis
        // Lines grow to the right over a fixed axis whose ticks stay put between redraws.
        dataKey="day"
        type="number"
        domain={x.domain}
        allowDataOverflow
        ticks={x.ticks}
        niceTicks="none"
        tick={numberTick(x.digits)}
        fontSize={11}
        interval={0}
      />
    ),
    [x],
  );
  const yAxis = useMemo(
    () =>
      y ? (
        <YAxis
          width={56}
          fontSize={11}
          tick={numberTick(y.digits)}
          interval={0}
          domain={y.domain}
          // The domain is ours, computed from every series; recharts has no lines to compute one.
          allowDataOverflow
          ticks={y.ticks}
          niceTicks="none"
        />
      ) : (
        <YAxis width={56} fontSize={11} tick={numberTick(1)} interval={0} />
      ),
    [y],
  );
  const tip = useMemo(
    () =>
      tooltip ? (
        <Tooltip
          isAnimationActive={false}
          wrapperStyle={TOOLTIP_WRAPPER_STYLE}
          content={({ active, label }) => {
            const row = active ? data.find((r) => r.day === Number(label)) : undefined;
            return row ? (
              <ChartTooltip
                title={`day ${fmt(Number(label), 2)}`}
                entries={series.map((s) => ({
                  name: s.name,
                  color: s.color,
                  value: row[s.key] ?? null,
                }))}
              />
            ) : null;
          }}
        />
      ) : null,
    [tooltip, data, series],
  );
  return (
    <LineChart
      responsive
      style={CHART_STYLE}
      // recharts only needs the rows to find what the tooltip points at.
      data={tooltip ? data : NO_ROWS}
      margin={CHART_MARGIN}
    >
      {grid}
      {xAxis}
      {yAxis}
      {tip}
      <SeriesPaths rows={data} series={series} />
    </LineChart>
  );
});
