import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { bucketMean, buckets } from '../../store/downsample';
import { useSim } from '../../store/simStore';
import type { History } from '../../store/history';
import { fmt } from '../format';

/** Most points any line draws; a long run is averaged into this many buckets. */
const MAX_POINTS = 240;

export interface SeriesSpec {
  readonly key: string;
  readonly name: string;
  readonly color: string;
  /** Value of this series at a round, read from the compact history. */
  readonly value: (h: History, round: number) => number;
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
  const version = useSim((s) => s.version);
  const history = useSim((s) => s.history);
  const data = useMemo(() => {
    void version; // the history mutates in place; version says when
    return buckets(history.length, MAX_POINTS).map((b) => {
      const row: Record<string, number | null> = { day: (b.end - 1) / 24 };
      for (const s of series) {
        const v = bucketMean((r) => s.value(history, r), b);
        row[s.key] = Number.isFinite(v) ? v : null;
      }
      return row;
    });
  }, [history, version, series]);

  return (
    <figure
      className="chart"
      aria-labelledby={`${id}-title`}
      data-testid={`chart-${id}`}
      data-rounds={history.length}
    >
      <figcaption id={`${id}-title`}>
        {title} <span className="unit">({unit})</span>
      </figcaption>
      <LineChart
        responsive
        style={{ width: '100%', height: 200 }}
        data={data}
        margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
        <XAxis
          allowDecimals={history.length >= 48 ? false : true}
          dataKey="day"
          type="number"
          domain={[0, 'dataMax']}
          tickFormatter={(d: number) => fmt(d, 1)}
          fontSize={11}
        />
        <YAxis width={56} fontSize={11} tickFormatter={(v: number) => fmt(v, 1)} />
        <Tooltip
          isAnimationActive={false}
          formatter={(v) => (typeof v === 'number' ? fmt(v) : String(v))}
          labelFormatter={(d) => `day ${fmt(Number(d), 2)}`}
        />
        <Legend wrapperStyle={{ fontSize: 11 }} />
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
    </figure>
  );
}
