import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { MechanismName } from '../../engine';
import { buckets, bucketMean } from '../../store/downsample';
import { fmt } from '../format';
import { MECHANISM_COLORS } from './colors';
import type { SeriesKey } from './compareHistory';
import { useCompare } from './compareStore';

/** Most points any line draws; a long run is reduced to this many buckets. */
const MAX_POINTS = 100;

type Row = Record<string, number | null>;

interface Props {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly series: SeriesKey;
  /** Running totals read the bucket's last round (so the line ends on the table's figure). */
  readonly cumulative?: boolean;
}

/** One figure over the run, a line per compared mechanism. */
export function CompareChart({ id, title, unit, series, cumulative = false }: Props) {
  const version = useCompare((s) => s.version);
  const history = useCompare((s) => s.history);
  const running = useCompare((s) => s.running);
  const data = useMemo(() => {
    void version; // the history mutates in place; the version says when
    return buckets(history.length, MAX_POINTS).map((b) => {
      const row: Row = { day: (b.end - 1) / 24 };
      running.forEach((m, i) => {
        const v = cumulative
          ? history.value(i, series, b.end - 1)
          : bucketMean((r) => history.value(i, series, r), b);
        row[m] = Number.isFinite(v) ? v : null;
      });
      return row;
    });
  }, [history, version, running, series, cumulative]);

  return (
    <figure
      className="chart"
      aria-labelledby={`compare-${id}-title`}
      data-testid={`compare-chart-${id}`}
      data-rounds={history.length}
      data-lines={running.length}
    >
      <figcaption id={`compare-${id}-title`}>
        {title} <span className="unit">({unit})</span>
      </figcaption>
      <Lines
        data={data}
        mechanisms={running}
        totalDays={history.totalRounds / 24}
        connectNulls={cumulative}
      />
    </figure>
  );
}

const Lines = memo(function Lines({
  data,
  mechanisms,
  totalDays,
  connectNulls,
}: {
  data: Row[];
  mechanisms: readonly MechanismName[];
  totalDays: number;
  /** Off for per-hour figures: bridging the night's no-trade hours would draw trades never made. */
  connectNulls: boolean;
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
        // The axis spans the whole run from the start, so lines visibly grow to the right.
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
      {mechanisms.map((m) => (
        <Line
          key={m}
          className={`mechanism-${m}`}
          dataKey={m}
          name={m}
          stroke={MECHANISM_COLORS[m]}
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
          connectNulls={connectNulls}
        />
      ))}
    </LineChart>
  );
});
