import { memo } from 'react';
import { useXAxisScale, useYAxisScale } from 'recharts';
import type { SeriesSpec } from './TimeChart';

export type Row = Record<string, number | null>;

/**
 * The chart's lines, drawn on recharts' own axis scales (its public `useXAxisScale` and
 * `useYAxisScale` hooks). recharts' <Line> rebuilds a label entry and an animation snapshot for
 * every point of every line on every redraw and runs a store round-trip per line; at full speed
 * that was most of each chart's redraw, and the one part React cannot slice. One path per series
 * from the rows we already hold draws the same picture for a fraction of the work.
 */
export const SeriesPaths = memo(function SeriesPaths({
  rows,
  series,
}: {
  rows: readonly Row[];
  series: readonly SeriesSpec[];
}) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  return (
    <g className="series">
      {series.map((s) => {
        const pts: string[] = [];
        for (const r of rows) {
          const v = r[s.key];
          const d = r.day;
          if (v == null || d == null) continue;
          const px = x(d);
          const py = y(v);
          if (px === undefined || py === undefined) continue;
          pts.push(`${px.toFixed(1)},${py.toFixed(1)}`);
        }
        const first = pts[0];
        if (!first) return null;
        const width = s.width ?? 1.5;
        // One point (the run's start before Play) is a dot; a line needs two.
        if (pts.length === 1) {
          const [cx, cy] = first.split(',');
          return (
            <circle
              key={s.key}
              className="series-dot"
              cx={cx}
              cy={cy}
              r={width + 1.5}
              fill={s.color}
            />
          );
        }
        return (
          <path
            key={s.key}
            className="series-line"
            data-series={s.key}
            d={`M${pts.join('L')}`}
            fill="none"
            stroke={s.color}
            strokeWidth={width}
            strokeDasharray={s.dashed ? '4 3' : undefined}
            strokeLinejoin="round"
          />
        );
      })}
    </g>
  );
});
