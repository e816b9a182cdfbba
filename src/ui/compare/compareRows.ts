/**
 * What a comparison chart draws: every hour when the window is a few days at most, each day's
 * mean beyond that (an hourly price over weeks is a thicket no one can read), and, when a
 * baseline is picked, each mechanism's difference from it, so lines that run close together
 * come apart instead of hiding one another.
 */
import { sampleRows, type SampledSeries, type SampleRow as Row } from '../../store/downsample';
import type { HourWindow } from '../../store/timeWindow';

/** Windows wider than this many hours are drawn as daily means. */
export const DAILY_ABOVE_HOURS = 72;

export type Resolution = 'hourly' | 'daily';

export const resolutionFor = (w: HourWindow): Resolution =>
  w.to - w.from > DAILY_ABOVE_HOURS ? 'daily' : 'hourly';

export interface CompareLine {
  readonly key: string;
  /** The mechanism's figure at a round (NaN: none). */
  readonly value: (round: number) => number;
}

/**
 * The rows over hours [w.from, min(w.to, length)) at most `columns` wide. `cumulative` figures
 * (running totals) take a day's or a column's last hour rather than a mean; `baseline`'s value is
 * subtracted from every line, hour by hour, before anything is averaged.
 */
export function compareRows(
  lines: readonly CompareLine[],
  w: HourWindow,
  length: number,
  columns: number,
  opts: { cumulative: boolean; baseline: CompareLine | null },
): { rows: Row[]; resolution: Resolution } {
  const base = opts.baseline;
  const of = (l: CompareLine) =>
    base ? (r: number) => l.value(r) - base.value(r) : (r: number) => l.value(r);
  const to = Math.min(w.to, length);
  const resolution = resolutionFor(w);
  if (resolution === 'hourly') {
    const sampled: SampledSeries[] = lines.map((l) => {
      const v = of(l);
      return {
        key: l.key,
        value: v,
        // A running total's column is where it got to: its last round.
        span: opts.cumulative ? (_: number, end: number) => v(end - 1) : undefined,
      };
    });
    return { rows: sampleRows(sampled, w.from, to, columns), resolution };
  }
  const values = lines.map(of);
  const rows: Row[] = [];
  for (let day = Math.floor(w.from / 24); day * 24 < to; day++) {
    const a = Math.max(w.from, day * 24);
    const b = Math.min(to, day * 24 + 24);
    if (b <= a) continue;
    const row: Row = { x: (a + b) / 2 };
    lines.forEach((l, i) => {
      const v = values[i] as (r: number) => number;
      if (opts.cumulative) {
        const last = v(b - 1);
        row[l.key] = Number.isFinite(last) ? last : null;
        return;
      }
      let sum = 0;
      let n = 0;
      for (let r = a; r < b; r++) {
        const x = v(r);
        if (Number.isFinite(x)) {
          sum += x;
          n++;
        }
      }
      row[l.key] = n > 0 ? sum / n : null;
    });
    rows.push(row);
  }
  return { rows, resolution };
}
