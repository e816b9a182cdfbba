/**
 * Reduces a series to at most `maxPoints` buckets for drawing. Each bucket reports the mean of its
 * finite values (NaN when it has none), so a 4,000-round run draws as fast as a 100-round one.
 */
export interface Bucket {
  /** First round of the bucket. */
  readonly start: number;
  readonly end: number;
}

export function buckets(length: number, maxPoints: number): Bucket[] {
  const n = Math.max(1, Math.ceil(length / Math.max(1, maxPoints)));
  const out: Bucket[] = [];
  for (let s = 0; s < length; s += n) out.push({ start: s, end: Math.min(length, s + n) });
  return out;
}

export function bucketMean(value: (round: number) => number, b: Bucket): number {
  let sum = 0;
  let count = 0;
  for (let r = b.start; r < b.end; r++) {
    const v = value(r);
    if (Number.isFinite(v)) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}
