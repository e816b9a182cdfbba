import { memo, useMemo, useRef } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { bucketMean, buckets } from '../../store/downsample';
import type { History } from '../../store/history';
import { useSim } from '../../store/simStore';
import { saveChartPng } from '../chartPng';
import { fmt } from '../format';
import { useInView } from './useInView';
import { useStaggered } from './useStaggered';

/** Most points any line draws; a long run is averaged into this many buckets. */
const MAX_POINTS = 100;

export interface SeriesSpec {
  readonly key: string;
  readonly name: string;
  readonly color: string;
  /** Value of this series at a round, read from the compact history. */
  readonly value: (h: History, round: number) => number;
  readonly width?: number;
  readonly dashed?: boolean;
}

type Row = Record<string, number | null>;

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
    return buckets(history.length, MAX_POINTS).map((b) => {
      const row: Row = { day: (b.end - 1) / 24 };
      for (const s of series) {
        const v = bucketMean((r) => s.value(history, r), b);
        row[s.key] = Number.isFinite(v) ? v : null;
      }
      return row;
    });
  }, [history, drawn, series]);

  return (
    <figure
      ref={ref}
      className="chart"
      aria-labelledby={`${id}-title`}
      data-testid={`chart-${id}`}
      data-rounds={data.length > 0 ? history.length : 0}
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
      <Lines data={data} series={series} totalDays={totalDays} />
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

const Lines = memo(function Lines({
  data,
  series,
  totalDays,
}: {
  data: Row[];
  series: readonly SeriesSpec[];
  totalDays: number;
}) {
  return (
    <LineChart
      responsive
      style={{ width: '100%', height: 200 }}
      data={data}
      margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
    >
      <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
      <XAxis
        // The axis spans the whole run from the start: lines grow to the right, and the ticks
        // stay put, which spares recharts recomputing them on every redraw.
        allowDecimals={totalDays < 2}
        dataKey="day"
        type="number"
        domain={[0, Math.max(totalDays, 1 / 24)]}
        tickFormatter={(d: number) => fmt(d, 1)}
        fontSize={11}
        interval={0}
      />
      <YAxis width={56} fontSize={11} tickFormatter={(v: number) => fmt(v, 1)} interval={0} />
      <Tooltip
        isAnimationActive={false}
        formatter={(v) => (typeof v === 'number' ? fmt(v) : String(v))}
        labelFormatter={(d) => `day ${fmt(Number(d), 2)}`}
      />
      {series.map((s) => (
        <Line
          key={s.key}
          dataKey={s.key}
          name={s.name}
          stroke={s.color}
          strokeWidth={s.width ?? 1.5}
          strokeDasharray={s.dashed ? '4 3' : undefined}
          dot={false}
          isAnimationActive={false}
          connectNulls
        />
      ))}
    </LineChart>
  );
});
