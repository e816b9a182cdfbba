import { sampleRows, type SampledSeries } from '../../store/downsample';
import type { History } from '../../store/history';
import type { Row } from './SeriesPaths';
import type { SeriesSpec } from './TimeChart';

/** The row key of a band's upper edge (the band's own key holds its lower edge). */
export function bandTop(key: string): string {
  return `${key}^`;
}

/**
 * The points a time chart draws of `series` over hours [from, to) at most `columns` wide
 * (downsample.ts), with the run's start at hour 0 when the window begins there. The page's chart
 * and its exported figure draw the same points.
 */
export function timeRows(
  history: History,
  series: readonly SeriesSpec[],
  from: number,
  to: number,
  columns: number,
): Row[] {
  const rows: Row[] = [];
  // The run's start sits at hour 0, before round 0 is drawn in the middle of its hour.
  if (history.start && from === 0) {
    const start: Row = { x: 0 };
    for (const s of series) {
      const v = s.start?.(history) ?? NaN;
      start[s.key] = Number.isFinite(v) ? v : null;
      if (s.upper) {
        const u = s.upperStart?.(history) ?? NaN;
        start[bandTop(s.key)] = Number.isFinite(u) ? u : null;
      }
    }
    rows.push(start);
  }
  const sampled: SampledSeries[] = series.flatMap((s): SampledSeries[] => {
    const span = s.span;
    const upper = s.upper;
    // A band's edges: the lowest lower edge and the highest upper edge of each column.
    if (upper) {
      return [
        { key: s.key, value: (r) => s.value(history, r), edge: 'min' },
        { key: bandTop(s.key), value: (r) => upper(history, r), edge: 'max' },
      ];
    }
    return [
      {
        key: s.key,
        value: (r) => s.value(history, r),
        span: span ? (a, b) => span(history, a, b) : undefined,
      },
    ];
  });
  rows.push(...sampleRows(sampled, from, Math.min(to, history.length), columns));
  return rows;
}
