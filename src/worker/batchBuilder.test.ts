import { describe, expect, it } from 'vitest';
import { createRun, resolveScenario } from '../engine';
import { BatchBuilder } from './batchBuilder';
import { PERCENTILES, PERCENTILE_SERIES, percentileAt } from './percentiles';

describe('batch builder', () => {
  it("packs each round's own parameters and the engine's figures", () => {
    const run = createRun(resolveScenario({ preset: 'exp3', households: 4, days: 2, seed: 3 }));
    const builder = new BatchBuilder(4);
    const results = [];
    for (let i = 0; i < 40; i++) {
      if (i === 20) run.simulation.setLiveParams({ priceMax: 5, gridFeedInPrice: 0.5 });
      results.push(run.step());
      builder.add(results[i]!, run.figures!);
    }
    const b = builder.take()!;
    expect(b.count).toBe(40);
    results.forEach((r, i) => {
      expect(b.priceMax[i]).toBe(i < 20 ? 8 : 5);
      expect(b.gridFeedInPrice[i]).toBe(i < 20 ? 1 : 0.5);
      expect(b.priceMin[i]).toBe(r.params.priceMin);
    });
    // Figures computed by the builder itself are the ones the run gave.
    const again = new BatchBuilder(4);
    for (const r of results) again.add(r);
    const c = again.take()!;
    expect(Array.from(c.meanTradePrice)).toEqual(Array.from(b.meanTradePrice));
    const traded = results.findIndex((r) => r.trades.length > 0);
    expect(traded).toBeGreaterThanOrEqual(0);
    expect(b.meanTradePrice[traded]).toBeGreaterThan(0);
    expect(b.tradeCount[traded]).toBe(results[traded]!.trades.length);
    expect(builder.take()).toBeNull();
  });

  it("carries each round's 10th percentile, median and 90th percentile across households", () => {
    const run = createRun(resolveScenario({ preset: 'exp3', households: 11, days: 1, seed: 5 }));
    const builder = new BatchBuilder(11);
    const results = Array.from({ length: 24 }, () => {
      const r = run.step();
      builder.add(r, run.figures!);
      return r;
    });
    const b = builder.take()!;
    expect(b.percentiles).toHaveLength(PERCENTILE_SERIES.length * PERCENTILES.length * 24);
    results.forEach((r, i) => {
      PERCENTILE_SERIES.forEach((k, s) => {
        // 11 households: p10, median and p90 are exactly ranks 1, 5 and 9.
        const sorted = r.households.map((h) => h[k]).sort((x, y) => x - y);
        expect(b.percentiles[percentileAt(s, 0, i, 24)]).toBe(sorted[1]);
        expect(b.percentiles[percentileAt(s, 1, i, 24)]).toBe(sorted[5]);
        expect(b.percentiles[percentileAt(s, 2, i, 24)]).toBe(sorted[9]);
      });
    });
  });
});
