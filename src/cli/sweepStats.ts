/**
 * The statistics of a sweep's cells: mean, sample standard deviation, the 95% confidence
 * interval of the mean from Student's t with n - 1 degrees of freedom, min / median / max, and
 * the same for paired differences (two mechanisms on the same seeds). jstat does the numbers
 * (docs/DEPENDENCIES.md); null where there is too little to measure (no value; one value for
 * the spread and the interval).
 */
import jStat from 'jstat';

export interface Summary {
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly min: number | null;
  readonly median: number | null;
  readonly max: number | null;
}

export const SUMMARY_KEYS = ['n', 'mean', 'sd', 'ciLow', 'ciHigh', 'min', 'median', 'max'] as const;

/** The 95% interval of the mean: mean +- t(0.975, n - 1) * sd / sqrt(n). */
export function summarize(values: readonly number[]): Summary {
  const xs = [...values];
  const n = xs.length;
  if (n === 0) {
    return {
      n,
      mean: null,
      sd: null,
      ciLow: null,
      ciHigh: null,
      min: null,
      median: null,
      max: null,
    };
  }
  const mean = jStat.mean(xs);
  const sd = n > 1 ? jStat.stdev(xs, true) : null;
  const half = sd === null ? null : (jStat.studentt.inv(0.975, n - 1) * sd) / Math.sqrt(n);
  return {
    n,
    mean,
    sd,
    ciLow: half === null ? null : mean - half,
    ciHigh: half === null ? null : mean + half,
    min: jStat.min(xs),
    median: jStat.median(xs),
    max: jStat.max(xs),
  };
}

export interface PairedSummary extends Summary {
  /** mean / sd of the differences (Cohen's d for paired samples); null when sd is 0 or null. */
  readonly dz: number | null;
  /** Share of the pairs in which a's value is above b's. */
  readonly aAbove: number | null;
}

export const PAIRED_KEYS = [...SUMMARY_KEYS, 'dz', 'aAbove'] as const;

/** a - b over the pairs where both are known. */
export function pairedDifferences(
  a: readonly (number | null)[],
  b: readonly (number | null)[],
): PairedSummary {
  const d: number[] = [];
  a.forEach((x, i) => {
    const y = b[i];
    if (x !== null && y !== null && y !== undefined) d.push(x - y);
  });
  const s = summarize(d);
  return {
    ...s,
    dz: s.sd !== null && s.sd > 0 && s.mean !== null ? s.mean / s.sd : null,
    aAbove: d.length > 0 ? d.filter((x) => x > 0).length / d.length : null,
  };
}

/**
 * Where `value` falls among `values`: the share of values below it plus half the share equal
 * to it (the mid-rank percentile, 0..100), so a value in the middle of a tie reads 50.
 */
export function percentileOf(values: readonly number[], value: number): number | null {
  if (values.length === 0) return null;
  const xs = [...values];
  const below = jStat.percentileOfScore(xs, value, 'strict');
  const atOrBelow = jStat.percentileOfScore(xs, value, 'weak');
  return ((below + atOrBelow) / 2) * 100;
}
