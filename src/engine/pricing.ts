/**
 * Zero-intelligence pricing (thesis eq. 4.6-4.7): a Beta-shaped choice from the integer price list
 * [priceMin .. priceMax], oriented by side and order size.
 *
 * Two readings of "iterate through the price list, draw from the Beta function, check with
 * Monte-Carlo if the price is acquired" are offered:
 * - `walk` (our reading, default; docs/MODEL.md "One simulated hour", step 5): walk the oriented list from its start; at each price draw
 *   x ~ Beta(a, b) and u ~ U(0, 1) and take the price when u < x; wrap around until one is taken.
 *   Since P(u < x) = E[x] = a / (a + b), the index taken is a truncated geometric variable with
 *   q = a / (a + b): P(i) = q (1 - q)^i / (1 - (1 - q)^n).
 * - `quantile`: one draw x ~ Beta(a, b) picks index floor(x * n) of the oriented list, so
 *   P(i) = I_{(i+1)/n}(a, b) - I_{i/n}(a, b).
 */
import { walkSteps, type Rng } from './rng';
import type { BuyShapes, PricingMode } from './scenario';
import type { Side } from './types';

export interface BetaShape {
  /** true: walk the list from priceMax down to priceMin. */
  readonly highToLow: boolean;
  readonly alpha: number;
  readonly beta: number;
}

// The eight shapes, made once: ziPrice runs for most households every hour and must not allocate.
const SELL_SMALL: BetaShape = Object.freeze({ highToLow: true, alpha: 2, beta: 4 });
const SELL_LARGE: BetaShape = Object.freeze({ highToLow: false, alpha: 4, beta: 2 });
const SELL_MID: BetaShape = Object.freeze({ highToLow: false, alpha: 8, beta: 8 });
const BUY_SMALL: BetaShape = Object.freeze({ highToLow: false, alpha: 2, beta: 4 });
const BUY_LARGE: BetaShape = Object.freeze({ highToLow: true, alpha: 4, beta: 2 });
const BUY_MID: BetaShape = Object.freeze({ highToLow: true, alpha: 8, beta: 8 });
// The thesis code's buy side (`priceFormationBuy`): the small and large shapes swapped.
const BUY_SMALL_SWAPPED: BetaShape = Object.freeze({ highToLow: false, alpha: 4, beta: 2 });
const BUY_LARGE_SWAPPED: BetaShape = Object.freeze({ highToLow: true, alpha: 2, beta: 4 });

/**
 * Orientation and shape by side and amount (docs/MODEL.md "One simulated hour", step 5): small
 * below `midMinWh`, large above `midMaxWh`, mid in between (ours: one midRangeWh for both; the
 * thesis code: a range by hour). `buyShapes` swapped is the thesis code's buy side: small buyers
 * Beta(4, 2), large Beta(2, 4), the reverse of the text's eq. 4.7.
 */
export function betaShape(
  side: Side,
  amountWh: number,
  midMinWh: number,
  midMaxWh: number = midMinWh,
  buyShapes: BuyShapes = 'text',
): BetaShape {
  if (side === 'sell') {
    if (amountWh < midMinWh) return SELL_SMALL;
    if (amountWh > midMaxWh) return SELL_LARGE;
    return SELL_MID;
  }
  const swapped = buyShapes === 'swapped';
  if (amountWh < midMinWh) return swapped ? BUY_SMALL_SWAPPED : BUY_SMALL;
  if (amountWh > midMaxWh) return swapped ? BUY_LARGE_SWAPPED : BUY_LARGE;
  return BUY_MID;
}

/**
 * Beta(a, b) for integer shapes, exactly: the a-th smallest of a + b - 1 uniforms, which is also
 * the b-th largest. The thesis's (2, 4) and (4, 2) keep their two-element end in two locals;
 * other shapes keep the a smallest in a small reusable buffer (the thesis's are at most 8 + 8).
 */
const buf = new Float64Array(64);
export function sampleBeta(rng: Rng, alpha: number, beta: number): number {
  const n = alpha + beta - 1;
  if (!Number.isInteger(alpha) || !Number.isInteger(beta) || alpha < 1 || beta < 1 || n > 64) {
    throw new RangeError(`sampleBeta: integer shapes 1..64 expected, got (${alpha}, ${beta})`);
  }
  if (alpha === 2 || beta === 2) return secondFromEnd(rng, n, alpha === 2);
  return kthSmallest(rng, n, alpha);
}

/** The second smallest (or second largest) of n >= 2 uniforms, in two locals. */
function secondFromEnd(rng: Rng, n: number, smallest: boolean): number {
  let first = rng.next();
  let second = rng.next();
  if (smallest ? second < first : second > first) {
    const t = first;
    first = second;
    second = t;
  }
  for (let i = 2; i < n; i++) {
    const x = rng.next();
    if (smallest ? x < second : x > second) {
      if (smallest ? x < first : x > first) {
        second = first;
        first = x;
      } else second = x;
    }
  }
  return second;
}

/** The k-th smallest of n uniforms by a partial insertion sort keeping the k smallest. */
function kthSmallest(rng: Rng, n: number, k: number): number {
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const x = rng.next();
    if (kept < k) {
      let j = kept++;
      while (j > 0 && (buf[j - 1] as number) > x) {
        buf[j] = buf[j - 1] as number;
        j--;
      }
      buf[j] = x;
    } else if (x < (buf[k - 1] as number)) {
      let j = k - 1;
      while (j > 0 && (buf[j - 1] as number) > x) {
        buf[j] = buf[j - 1] as number;
        j--;
      }
      buf[j] = x;
    }
  }
  return buf[k - 1] as number;
}

/** Index into the oriented list of `n` prices. */
export function pickIndex(rng: Rng, mode: PricingMode, shape: BetaShape, n: number): number {
  if (mode === 'quantile') {
    const x = sampleBeta(rng, shape.alpha, shape.beta);
    return Math.min(n - 1, Math.floor(x * n));
  }
  // Walk mode; the guard bounds the loop (probability of reaching it is below 1e-300).
  const a = shape.alpha;
  const m = a + shape.beta - 1;
  if (m > 63) {
    for (let step = 0; step < 100_000; step++) {
      const x = sampleBeta(rng, a, shape.beta);
      if (rng.next() < x) return step % n;
    }
    return 0;
  }
  // Each step draws the Beta's m uniforms and then u, as sampleBeta and next() would, but
  // decides u < x without finding x: u is below the a-th smallest of the m exactly when fewer
  // than a of them are <= u. Counting is a branch-free pass instead of a partial sort, and the
  // generator's state stays in locals for the whole walk (rng.ts walkSteps): the walk was a
  // third of a run's time (docs: BENCHMARKS.md).
  const step = walkSteps(rng, a, m, 100_000);
  return step < 0 ? 0 : step % n;
}

/** A zero-intelligence limit price, in whole coins per 100 Wh. */
export function ziPrice(
  rng: Rng,
  mode: PricingMode,
  side: Side,
  amountWh: number,
  midRangeWh: number,
  priceMin: number,
  priceMax: number,
  midMaxWh: number = midRangeWh,
  buyShapes: BuyShapes = 'text',
): number {
  const shape = betaShape(side, amountWh, midRangeWh, midMaxWh, buyShapes);
  const n = priceMax - priceMin + 1;
  const i = pickIndex(rng, mode, shape, n);
  return shape.highToLow ? priceMax - i : priceMin + i;
}

/** Closed-form probability of each index of the oriented list (for tests and docs). */
export function indexDistribution(mode: PricingMode, shape: BetaShape, n: number): number[] {
  const out: number[] = [];
  if (mode === 'walk') {
    const q = shape.alpha / (shape.alpha + shape.beta);
    const norm = 1 - (1 - q) ** n;
    for (let i = 0; i < n; i++) out.push((q * (1 - q) ** i) / norm);
    return out;
  }
  for (let i = 0; i < n; i++) {
    out.push(
      betaCdf((i + 1) / n, shape.alpha, shape.beta) - betaCdf(i / n, shape.alpha, shape.beta),
    );
  }
  return out;
}

/** Regularised incomplete beta for integer shapes: P(Bin(a + b - 1, x) >= a). */
export function betaCdf(x: number, alpha: number, beta: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const n = alpha + beta - 1;
  let sum = 0;
  for (let j = alpha; j <= n; j++) sum += binom(n, j) * x ** j * (1 - x) ** (n - j);
  return sum;
}

function binom(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}
