import { describe, expect, it } from 'vitest';
import { compareRows, type CompareLine } from './compareRows';

// Two mechanisms over three days: a's figure is the hour, b's is the hour + 1 (NaN at night).
const a: CompareLine = { key: 'a', value: (r) => r };
const b: CompareLine = { key: 'b', value: (r) => (r % 24 < 6 ? NaN : r + 1) };
const days = (n: number) => ({ from: 0, to: 24 * n });

describe('compareRows', () => {
  it('draws every hour over a few days', () => {
    const { rows, resolution } = compareRows([a, b], days(2), 48, 1000, {
      cumulative: false,
      baseline: null,
    });
    expect(resolution).toBe('hourly');
    expect(rows).toHaveLength(48);
    expect(rows[10]).toEqual({ x: 10.5, a: 10, b: 11 });
    expect(rows[2]?.b).toBeNull();
  });

  it('draws daily means over a longer window, of the hours with a value', () => {
    const { rows, resolution } = compareRows([a, b], days(4), 96, 1000, {
      cumulative: false,
      baseline: null,
    });
    expect(resolution).toBe('daily');
    expect(rows.map((r) => r.x)).toEqual([12, 36, 60, 84]);
    expect(rows[0]?.a).toBe(11.5); // mean of 0..23
    expect(rows[0]?.b).toBe(15.5); // mean of 7..24 (hours 6..23, plus one)
  });

  it('takes a running total at the day’s last simulated hour', () => {
    const { rows } = compareRows([a], days(4), 90, 1000, { cumulative: true, baseline: null });
    expect(rows.map((r) => r.a)).toEqual([23, 47, 71, 89]);
    expect(rows.at(-1)?.x).toBe(81); // the middle of the hours simulated that day
  });

  it('draws each mechanism as its difference from the baseline, hour by hour', () => {
    const { rows } = compareRows([a, b], days(4), 96, 1000, { cumulative: false, baseline: a });
    expect(rows[1]).toEqual({ x: 36, a: 0, b: 1 });
  });
});
