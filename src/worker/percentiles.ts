/**
 * The households' 10th percentile, median and 90th percentile of each round, for the page's
 * bands ("draw every household" above 100 households). Computed in the worker as a batch is
 * packed, where the round's households already are: sorting 1,000 values four times a round
 * on the page's main thread made appending a batch there about ten times slower.
 */

/** The per-household series a batch carries percentiles of, in the batch's order. */
export const PERCENTILE_SERIES = ['batteryWh', 'coinBalance', 'moneyBalance', 'loyalty'] as const;
/** The quantiles kept, in the batch's order. */
export const PERCENTILES = [0.1, 0.5, 0.9] as const;

/** Where quantile `q` of series `s` at round `r` of an `n`-round batch sits in its array. */
export function percentileAt(s: number, q: number, r: number, n: number): number {
  return (s * PERCENTILES.length + q) * n + r;
}

/** The q-quantile of `sorted` (ascending, non-empty), linear between the two nearest ranks. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[Math.min(sorted.length - 1, lo + 1)] ?? a;
  return a + (b - a) * (pos - lo);
}

/**
 * Writes PERCENTILES of each of the `n` rounds of `values` (round-major, `h` households a
 * round) into `out` at percentileAt(s, q, r, n); NaN without households. `scratch` is h long.
 */
export function percentilesInto(
  values: Float64Array,
  h: number,
  n: number,
  s: number,
  out: Float64Array,
  scratch: Float64Array,
): void {
  for (let r = 0; r < n; r++) {
    if (h === 0) {
      for (let q = 0; q < PERCENTILES.length; q++) out[percentileAt(s, q, r, n)] = Number.NaN;
      continue;
    }
    scratch.set(values.subarray(r * h, r * h + h));
    // The typed array's native sort: faster here than a quickselect of the three ranks.
    scratch.sort();
    PERCENTILES.forEach((p, q) => {
      out[percentileAt(s, q, r, n)] = quantile(scratch, p);
    });
  }
}

/** The percentiles of every PERCENTILE_SERIES of an `n`-round batch of `h` households. */
export function batchPercentiles(
  series: Readonly<Record<(typeof PERCENTILE_SERIES)[number], Float64Array>>,
  h: number,
  n: number,
): Float64Array {
  const out = new Float64Array(PERCENTILE_SERIES.length * PERCENTILES.length * n);
  const scratch = new Float64Array(h);
  PERCENTILE_SERIES.forEach((k, s) => percentilesInto(series[k], h, n, s, out, scratch));
  return out;
}
