import { describe, expect, it } from 'vitest';
import { betaCdf, betaShape, indexDistribution, pickIndex, sampleBeta, ziPrice } from './pricing';
import { createRng, type Rng } from './rng';
import type { PricingMode } from './scenario';

// Upper 0.1% points of the chi-square distribution by degrees of freedom.
const CHI2_999 = [0, 10.83, 13.82, 16.27, 18.47, 20.52, 22.46, 24.32, 26.12, 27.88, 29.59];

function chiSquare(counts: number[], probs: number[], draws: number): number {
  let stat = 0;
  counts.forEach((c, i) => {
    const e = (probs[i] as number) * draws;
    stat += ((c - e) * (c - e)) / e;
  });
  return stat;
}

describe('Beta sampling', () => {
  it.each([
    [2, 4],
    [4, 2],
    [8, 8],
  ])('Beta(%i, %i) matches its CDF (Kolmogorov-Smirnov)', (a, b) => {
    const rng = createRng(11);
    const xs = Array.from({ length: 20000 }, () => sampleBeta(rng, a, b)).sort((p, q) => p - q);
    let d = 0;
    xs.forEach((x, i) => {
      const f = betaCdf(x, a, b);
      d = Math.max(d, Math.abs(f - i / xs.length), Math.abs(f - (i + 1) / xs.length));
    });
    // Critical value at alpha = 0.001: 1.95 / sqrt(n).
    expect(d).toBeLessThan(1.95 / Math.sqrt(xs.length));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeCloseTo(a / (a + b), 2);
  });

  it.each([
    [2, 4],
    [4, 2],
    [2, 2],
    [2, 9],
    [8, 8],
    [5, 3],
  ])('Beta(%i, %i) is the a-th smallest of the same a + b - 1 draws', (a, b) => {
    const fast = createRng(5);
    const slow = createRng(5);
    for (let k = 0; k < 200; k++) {
      const draws = Array.from({ length: a + b - 1 }, () => slow.next()).sort((p, q) => p - q);
      expect(sampleBeta(fast, a, b)).toBe(draws[a - 1]);
    }
  });

  it('rejects non-integer shapes', () => {
    expect(() => sampleBeta(createRng(1), 2.5, 4)).toThrow(/integer shapes/);
  });
});

describe('zero-intelligence price distributions against their closed forms', () => {
  const n = 7; // prices 2..8
  const cases = [
    ['sell', 500],
    ['sell', 2000],
    ['sell', 1000],
    ['buy', 500],
    ['buy', 2000],
    ['buy', 1000],
  ] as const;
  for (const mode of ['walk', 'quantile'] as PricingMode[]) {
    it.each(cases)(`${mode}: %s %i Wh passes a chi-square test`, (side, amount) => {
      const rng = createRng(side === 'buy' ? amount + 1 : amount);
      const draws = 30000;
      const counts = new Array<number>(n).fill(0);
      const shape = betaShape(side, amount, 1000);
      for (let i = 0; i < draws; i++) {
        const p = ziPrice(rng, mode, side, amount, 1000, 2, 8);
        const idx = shape.highToLow ? 8 - p : p - 2;
        counts[idx] = (counts[idx] as number) + 1;
      }
      const probs = indexDistribution(mode, shape, n);
      expect(probs.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      expect(chiSquare(counts, probs, draws)).toBeLessThan(CHI2_999[n - 1] as number);
    });
  }

  it('orients the list as docs/MODEL.md tabulates', () => {
    expect(betaShape('sell', 500, 1000)).toEqual({ highToLow: true, alpha: 2, beta: 4 });
    expect(betaShape('sell', 1500, 1000)).toEqual({ highToLow: false, alpha: 4, beta: 2 });
    expect(betaShape('sell', 1000, 1000)).toEqual({ highToLow: false, alpha: 8, beta: 8 });
    expect(betaShape('buy', 500, 1000)).toEqual({ highToLow: false, alpha: 2, beta: 4 });
    expect(betaShape('buy', 1500, 1000)).toEqual({ highToLow: true, alpha: 4, beta: 2 });
    expect(betaShape('buy', 1000, 1000)).toEqual({ highToLow: true, alpha: 8, beta: 8 });
  });

  it('walk mode: small sellers ask high and large sellers ask low on average', () => {
    const rng = createRng(5);
    const mean = (amount: number) => {
      let s = 0;
      for (let i = 0; i < 5000; i++) s += ziPrice(rng, 'walk', 'sell', amount, 1000, 2, 8);
      return s / 5000;
    };
    expect(mean(300)).toBeGreaterThan(6);
    expect(mean(3000)).toBeLessThan(3);
  });

  it('a single-price list always yields that price', () => {
    const rng = createRng(3);
    for (let i = 0; i < 100; i++) expect(ziPrice(rng, 'walk', 'buy', 100, 1000, 4, 4)).toBe(4);
    expect(pickIndex(rng, 'quantile', betaShape('buy', 100, 1000), 1)).toBe(0);
  });
});

describe('the walk draws as the thesis reads it', () => {
  /** The walk written out: a Beta sample, then u, per step (what pickIndex must equal). */
  function walkByDraws(rng: Rng, alpha: number, beta: number, n: number): number {
    for (let step = 0; ; step++) {
      const x = sampleBeta(rng, alpha, beta);
      if (rng.next() < x) return step % n;
    }
  }

  it.each([
    [2, 4],
    [4, 2],
    [8, 8],
    [3, 5],
  ])('Beta(%i, %i): the same index and the same draws after it, on two twin streams', (a, b) => {
    const fast = createRng(11);
    const slow = createRng(11);
    const shape = { highToLow: false, alpha: a, beta: b };
    for (let i = 0; i < 2000; i++) {
      expect(pickIndex(fast, 'walk', shape, 7)).toBe(walkByDraws(slow, a, b, 7));
    }
    expect(fast.next()).toBe(slow.next());
  });

  it('a stream that is not the engine own draws one uniform at a time, in the same order', () => {
    const engine = createRng(4);
    const twin = createRng(4);
    const wrapped: Rng = {
      next: () => twin.next(),
      int: (k) => twin.int(k),
      fork: (l) => twin.fork(l),
    };
    const shape = { highToLow: true, alpha: 2, beta: 4 };
    for (let i = 0; i < 500; i++) {
      expect(pickIndex(wrapped, 'walk', shape, 7)).toBe(pickIndex(engine, 'walk', shape, 7));
    }
  });
});
