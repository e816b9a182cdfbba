import { describe, expect, it } from 'vitest';
import { createRun, resolveScenario } from '../engine';
import { columns, extremes, sampleRows } from './downsample';

describe('columns', () => {
  it('is one round each while the rounds fit, and never more columns than asked', () => {
    expect(columns(24, 48, 500)).toHaveLength(24);
    expect(columns(24, 48, 500).every((b) => b.end - b.start === 1)).toBe(true);
    const wide = columns(0, 4080, 500);
    expect(wide.length).toBeLessThanOrEqual(500);
    expect(wide[0]?.start).toBe(0);
    expect(wide.at(-1)?.end).toBe(4080);
    // Contiguous: every round is in exactly one column.
    wide.forEach((b, i) => i > 0 && expect(b.start).toBe(wide[i - 1]?.end));
  });

  it('aligns columns to their width, so a pan keeps the same hours together', () => {
    const a = columns(100, 1100, 100).map((b) => b.start);
    const b = columns(110, 1110, 100).map((b) => b.start);
    expect(a.filter((s) => b.includes(s)).length).toBeGreaterThan(90);
  });
});

describe('extremes', () => {
  it('keeps the lowest and highest value in the order they happened', () => {
    const v = [3, 9, 1, 4];
    expect(extremes((r) => v[r] ?? NaN, { start: 0, end: 4 })).toEqual({ first: 9, second: 1 });
    expect(extremes((r) => v[r] ?? NaN, { start: 2, end: 4 })).toEqual({ first: 1, second: 4 });
    expect(extremes(() => NaN, { start: 0, end: 4 })).toBeNull();
  });
});

describe('sampleRows', () => {
  it('draws every hour of a one-day window at the middle of its hour', () => {
    const rows = sampleRows([{ key: 'v', value: (r) => r * 2 }], 48, 72, 400);
    expect(rows).toHaveLength(24);
    expect(rows[0]).toEqual({ x: 48.5, v: 96 });
    expect(rows[23]).toEqual({ x: 71.5, v: 142 });
  });

  it("draws a real run's hourly production peak at its height however far zoomed out", () => {
    const run = createRun(resolveScenario({ preset: 'exp3', seed: 1 }));
    const produced: number[] = [];
    while (!run.done) produced.push(run.step().totals.producedWh);
    const peak = Math.max(...produced);
    for (const width of [100, 300, 720]) {
      const rows = sampleRows([{ key: 'p', value: (r) => produced[r] ?? NaN }], 0, 720, width);
      const drawn = Math.max(...rows.map((row) => row.p ?? -Infinity));
      expect(drawn, `${width} columns`).toBe(peak);
      expect(Math.min(...rows.map((row) => row.p ?? Infinity))).toBe(Math.min(...produced));
    }
  });

  it('draws a share as the ratio of its column totals, not as extremes', () => {
    const num = [1, 3, 0, 0];
    const den = [2, 4, 0, 2];
    const sum = (a: number[], f: number, t: number) => a.slice(f, t).reduce((x, y) => x + y, 0);
    const rows = sampleRows(
      [
        {
          key: 's',
          value: (r) => (num[r] ?? 0) / (den[r] ?? 0),
          span: (f, t) => sum(num, f, t) / sum(den, f, t),
        },
      ],
      0,
      4,
      2,
    );
    expect(rows.map((r) => r.s)).toEqual([4 / 6, 4 / 6, 0, 0]);
  });

  it("draws a band's edges as each column's lowest lower and highest upper value", () => {
    const lower = [5, 1, 4, 3];
    const upper = [6, 9, 7, 8];
    const rows = sampleRows(
      [
        { key: 'lo', value: (r) => lower[r] ?? NaN, edge: 'min' },
        { key: 'hi', value: (r) => upper[r] ?? NaN, edge: 'max' },
      ],
      0,
      4,
      1,
    );
    expect(rows.map((r) => [r.lo, r.hi])).toEqual([
      [1, 9],
      [1, 9],
    ]);
  });
});
