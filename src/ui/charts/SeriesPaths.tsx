import { memo } from 'react';
import { useXAxisScale, useYAxisScale } from 'recharts';
import { bandTop } from './timeRows';

/** One point of every series: `x` (hours since the start) and each series' value there (null: none). */
export type Row = Record<string, number | null>;

/** How a series is drawn and named. */
export interface LineStyle {
  readonly key: string;
  readonly name: string;
  readonly color: string;
  readonly width?: number;
  readonly dashed?: boolean;
  /**
   * Lines that belong to a crowd (every household): named once in the legend under this name
   * and left out of the tooltip, which would otherwise list them all.
   */
  readonly group?: string;
  /**
   * A band, not a line: filled at this opacity from the series' own value (its lower edge) up to
   * its upper edge, the row's `bandTop(key)`.
   */
  readonly area?: number;
}

/**
 * The chart's lines, drawn on recharts' own axis scales (its public `useXAxisScale` and
 * `useYAxisScale` hooks). recharts' <Line> rebuilds a label entry and an animation snapshot for
 * every point of every line on every redraw and runs a store round-trip per line, in a second
 * render React cannot slice; one path per series from the rows we already hold draws the same
 * picture for a fraction of the work.
 */
export const SeriesPaths = memo(function SeriesPaths({
  rows,
  series,
  connectNulls,
}: {
  rows: readonly Row[];
  series: readonly LineStyle[];
  /** Bridge rows without a value; otherwise the line breaks there. */
  connectNulls: boolean;
}) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  return (
    <g className="series">
      {series.map((s) => {
        if (s.area !== undefined) {
          const top: string[] = [];
          const bottom: string[] = [];
          const upper = bandTop(s.key);
          for (const r of rows) {
            const lo = r[s.key];
            const hi = r[upper];
            const px = r.x == null ? undefined : x(r.x);
            const pl = lo == null ? undefined : y(lo);
            const ph = hi == null ? undefined : y(hi);
            if (px === undefined || pl === undefined || ph === undefined) continue;
            top.push(`${px.toFixed(1)},${ph.toFixed(1)}`);
            bottom.push(`${px.toFixed(1)},${pl.toFixed(1)}`);
          }
          if (top.length < 2) return null;
          return (
            <path
              key={s.key}
              className="series-band"
              data-series={s.key}
              data-points={top.length}
              d={`M${top.join('L')}L${bottom.reverse().join('L')}Z`}
              fill={s.color}
              fillOpacity={s.area}
              stroke="none"
            />
          );
        }
        let d = '';
        let points = 0;
        let last = '';
        let pen = 'M';
        for (const r of rows) {
          const v = r[s.key];
          const px = r.x == null ? undefined : x(r.x);
          const py = v == null ? undefined : y(v);
          if (px === undefined || py === undefined) {
            if (!connectNulls) pen = 'M';
            continue;
          }
          last = `${px.toFixed(1)},${py.toFixed(1)}`;
          d += pen + last;
          pen = 'L';
          points++;
        }
        const width = s.width ?? 1.5;
        if (points === 0) return null;
        // One point (the run's start before Play) is a dot; a line needs two.
        if (points === 1) {
          const [cx, cy] = last.split(',');
          return (
            <circle
              key={s.key}
              className="series-dot"
              cx={cx}
              cy={cy}
              data-series={s.key}
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
            data-points={points}
            d={d}
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
