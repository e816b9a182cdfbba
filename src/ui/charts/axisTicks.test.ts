import { describe, expect, it } from 'vitest';
import { decimals, extent, niceScale } from './axisTicks';

describe('niceScale', () => {
  it('covers the data with round, evenly spaced ticks', () => {
    const s = niceScale(3.2, 97.1)!;
    expect(s.ticks).toEqual([0, 25, 50, 75, 100]);
    expect(s.domain).toEqual([0, 100]);
  });

  it('handles negative ranges and decimals without floating-point noise', () => {
    const s = niceScale(-0.73, 0.12)!;
    expect(s.ticks).toEqual([-0.75, -0.5, -0.25, 0, 0.25]);
    expect(s.domain[0]).toBeLessThanOrEqual(-0.73);
    expect(s.domain[1]).toBeGreaterThanOrEqual(0.12);
  });

  it('puts a band around a flat line and gives up on no data', () => {
    const s = niceScale(5, 5)!;
    expect(s.domain[0]).toBeLessThan(5);
    expect(s.domain[1]).toBeGreaterThan(5);
    expect(niceScale(Infinity, -Infinity)).toBeNull();
  });

  it('spans a whole run of days', () => {
    expect(niceScale(0, 170, 8)!.ticks).toEqual([0, 25, 50, 75, 100, 125, 150, 175]);
  });
});

describe('decimals', () => {
  it('is what it takes to tell neighbouring ticks apart', () => {
    expect(decimals(0.025)).toBe(3);
    expect(decimals(2.5)).toBe(1);
    expect(decimals(50)).toBe(0);
    expect(decimals(2e-7)).toBe(6);
    expect(niceScale(1.07, 1.21)!.digits).toBe(2);
    expect(niceScale(1, 1.09)!.digits).toBe(3);
  });
});

describe('extent', () => {
  it('ignores nulls and non-finite values', () => {
    expect(
      extent(
        [
          { a: 1, b: null },
          { a: NaN, b: -4 },
          { a: 9, b: 2 },
        ],
        ['a', 'b'],
      ),
    ).toEqual([-4, 9]);
  });
});
