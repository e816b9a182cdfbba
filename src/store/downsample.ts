/**
 * What a time chart draws of a series: every hour while the hours fit the chart's pixels, and
 * below that one column of hours per pixel drawn as its lowest and highest value, in the order
 * they happened. Nothing is averaged below a pixel, so a peak is drawn at its height however far
 * the chart is zoomed out (an hourly production peak of 19.6 kWh is drawn at 19.6, where bucket
 * means drew it at 14.6). A figure that is a ratio of totals (a share) is drawn as the ratio of
 * the column's totals instead.
 */
export interface Bucket {
  /** First round of the column. */
  readonly start: number;
  /** One past its last round. */
  readonly end: number;
}

/**
 * Columns of rounds over [from, to): one round each when they fit in `maxColumns`, else
 * ceil((to - from) / maxColumns) rounds each. Columns are aligned to multiples of their width,
 * so panning the window does not change which hours share a column.
 */
export function columns(from: number, to: number, maxColumns: number): Bucket[] {
  const lo = Math.max(0, Math.floor(from));
  const hi = Math.max(lo, Math.ceil(to));
  const width = Math.max(1, Math.ceil((hi - lo) / Math.max(1, Math.floor(maxColumns))));
  const out: Bucket[] = [];
  for (let s = Math.floor(lo / width) * width; s < hi; s += width) {
    out.push({ start: Math.max(lo, s), end: Math.min(hi, s + width) });
  }
  return out;
}

/**
 * The lowest and highest finite value of a column, the one that came first in `first`: drawn in
 * that order, the line goes through both. Null when the column has no finite value.
 */
export function extremes(
  value: (round: number) => number,
  b: Bucket,
): { first: number; second: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  let loAt = -1;
  let hiAt = -1;
  for (let r = b.start; r < b.end; r++) {
    const v = value(r);
    if (!Number.isFinite(v)) continue;
    if (v < lo) {
      lo = v;
      loAt = r;
    }
    if (v > hi) {
      hi = v;
      hiAt = r;
    }
  }
  if (loAt < 0) return null;
  return loAt <= hiAt ? { first: lo, second: hi } : { first: hi, second: lo };
}

/** How a series is reduced to a column: its extremes, or one figure over the column's rounds. */
export interface SampledSeries {
  readonly key: string;
  readonly value: (round: number) => number;
  /** A figure of rounds [from, to) (a ratio of their totals); without it, the extremes. */
  readonly span?: (from: number, to: number) => number;
  /**
   * An edge of a band: the column's lowest ('min') or highest ('max') value in both its rows, so
   * a band drawn between two edges covers every round of the column.
   */
  readonly edge?: 'min' | 'max';
}

/** One point of every series: `x` in hours and each series' value there (null: none). */
export type SampleRow = Record<string, number | null>;

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * The rows to draw for rounds [from, to) at most `maxColumns` columns wide. A one-round column is
 * one row at the middle of its hour; a wider column is two rows, at a quarter and three quarters
 * of its width, carrying each series' extremes in the order they happened (or its span figure).
 */
export function sampleRows(
  series: readonly SampledSeries[],
  from: number,
  to: number,
  maxColumns: number,
): SampleRow[] {
  const rows: SampleRow[] = [];
  for (const b of columns(from, to, maxColumns)) {
    if (b.end - b.start === 1) {
      const row: SampleRow = { x: b.start + 0.5 };
      for (const s of series) row[s.key] = finite(s.value(b.start));
      rows.push(row);
      continue;
    }
    const w = b.end - b.start;
    const a: SampleRow = { x: b.start + w / 4 };
    const z: SampleRow = { x: b.start + (3 * w) / 4 };
    for (const s of series) {
      if (s.span) {
        a[s.key] = z[s.key] = finite(s.span(b.start, b.end));
        continue;
      }
      const e = extremes(s.value, b);
      if (s.edge && e) {
        a[s.key] = z[s.key] =
          s.edge === 'min' ? Math.min(e.first, e.second) : Math.max(e.first, e.second);
        continue;
      }
      a[s.key] = e ? e.first : null;
      z[s.key] = e ? e.second : null;
    }
    rows.push(a, z);
  }
  return rows;
}
