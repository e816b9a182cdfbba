import { useMemo } from 'react';
import { buckets, bucketMean } from '../../store/downsample';
import { SeriesChart } from '../charts/SeriesChart';
import type { Row } from '../charts/SeriesPaths';
import { mechanismColor } from './colors';
import type { SeriesKey } from '../../store/compareHistory';
import { useCompare } from '../../store/compareStore';

/** Most points any line draws; a long run is reduced to this many buckets. */
const MAX_POINTS = 100;

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
      // A bucket is drawn where its last hour ends, as on the dashboard.
      const row: Row = { day: b.end / 24 };
      running.forEach((m, i) => {
        const v = cumulative
          ? history.value(i, series, b.end - 1)
          : bucketMean((r) => history.value(i, series, r), b);
        row[m] = Number.isFinite(v) ? v : null;
      });
      return row;
    });
  }, [history, version, running, series, cumulative]);
  const lines = useMemo(
    () => running.map((m) => ({ key: m, name: m, color: mechanismColor(m) })),
    [running],
  );

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
      <SeriesChart
        rows={data}
        series={lines}
        totalDays={history.totalRounds / 24}
        // Per-hour figures keep their gaps: bridging the night's no-trade hours would draw
        // trades never made.
        connectNulls={cumulative}
      />
    </figure>
  );
}
