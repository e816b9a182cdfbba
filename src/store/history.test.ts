import { describe, expect, it } from 'vitest';
import { createSimulation, resolveScenario } from '../engine';
import { BatchBuilder } from '../worker/batchBuilder';
import { batchPercentiles } from '../worker/percentiles';
import type { RoundBatch } from '../worker/protocol';
import { History, HOUSEHOLD_SERIES, HOUSEHOLD_VALUES_BUDGET, ROUND_SERIES } from './history';

/**
 * A test double of a worker's batch: rounds [first, first + count) of `h` households whose
 * values are `value(round, household)` in every per-household series, every round figure 0.
 */
function syntheticBatch(
  first: number,
  count: number,
  h: number,
  value: (round: number, household: number) => number,
): RoundBatch {
  const perHousehold = new Float64Array(count * h);
  for (let r = 0; r < count; r++)
    for (let i = 0; i < h; i++) perHousehold[r * h + i] = value(first + r, i);
  return {
    firstRound: first,
    count,
    households: h,
    day: new Uint16Array(count),
    hourOfDay: new Uint8Array(count),
    weather: new Uint8Array(count),
    tradeCount: new Uint32Array(count),
    ...Object.fromEntries(ROUND_SERIES.map((k) => [k, new Float64Array(count)])),
    ...Object.fromEntries(HOUSEHOLD_SERIES.map((k) => [k, perHousehold.slice()])),
    // What the worker's batch builder computes (percentiles.ts), for the same values.
    percentiles: batchPercentiles(
      {
        batteryWh: perHousehold,
        coinBalance: perHousehold,
        moneyBalance: perHousehold,
        loyalty: perHousehold,
      },
      h,
      count,
    ),
    tradePrice: new Float64Array(0),
    tradeEnergyWh: new Float64Array(0),
  } as RoundBatch;
}

function runBatches(households: number, rounds: number, batchSize: number) {
  const sim = createSimulation(resolveScenario({ preset: 'exp1', households, days: 2, seed: 9 }));
  const builder = new BatchBuilder(households);
  const history = new History(sim.totalRounds, households);
  const results = [];
  for (let r = 0; r < rounds; r++) {
    // A slider's move mid-run, so each round's parameters are its own.
    if (r === 10) sim.setLiveParams({ priceMax: 12, batteryThreshold: 0.5 });
    const res = sim.step();
    results.push(res);
    builder.add(res);
    if ((r + 1) % batchSize === 0) history.append(builder.take()!);
  }
  const rest = builder.take();
  if (rest) history.append(rest);
  return { history, results };
}

describe('compact history', () => {
  it('stores exactly what the engine produced, whatever the batch size', () => {
    const { history, results } = runBatches(5, 30, 7);
    expect(history.length).toBe(30);
    results.forEach((res, r) => {
      expect(history.hourOfDay[r]).toBe(res.hourOfDay);
      expect(history.round.tradedWh[r]).toBe(res.totals.tradedWh);
      // What "Round N ran under" reads: the round's own parameters.
      expect(history.paramsAt(r)).toEqual(res.params);
      expect(history.paramsAt(r).priceMax).toBe(r < 10 ? 8 : 12);
      for (const h of res.households) {
        expect(history.householdValue('coinBalance', r, h.index)).toBe(h.coinBalance);
        expect(history.householdValue('batteryWh', r, h.index)).toBe(h.batteryWh);
        expect(history.householdValue('moneyBalance', r, h.index)).toBe(h.moneyBalance);
      }
    });
    const tradedWh = results.reduce((s, r) => s + r.trades.reduce((t, x) => t + x.energyWh, 0), 0);
    expect(history.priceHistogramWh.reduce((a, b) => a + b, 0)).toBe(tradedWh);
  });

  it('keeps the neighbourhood mean, min and max of every round', () => {
    const { history, results } = runBatches(5, 30, 7);
    results.forEach((res, r) => {
      const coins = res.households.map((h) => h.coinBalance);
      const battery = res.households.map((h) => h.batteryWh);
      expect(history.spread.coinBalance.min[r]).toBe(Math.min(...coins));
      expect(history.spread.coinBalance.max[r]).toBe(Math.max(...coins));
      expect(history.spread.batteryWh.mean[r]).toBeCloseTo(
        battery.reduce((a, b) => a + b, 0) / battery.length,
        9,
      );
    });
  });

  it('keeps where the run starts: every household before round 0 and its spread', () => {
    const sim = createSimulation(resolveScenario({ preset: 'exp3', households: 6, days: 1 }));
    const hs = sim.households();
    const pick = (f: (h: (typeof hs)[number]) => number) => Float64Array.from(hs, f);
    const history = new History(sim.totalRounds, 6, {
      state: {
        batteryWh: pick((h) => h.batteryWh),
        coinBalance: pick((h) => h.coinBalance),
        moneyBalance: pick((h) => h.moneyBalance),
        loyalty: pick((h) => h.loyalty),
      },
      params: sim.liveParams(),
    });
    const coins = hs.map((h) => h.coinBalance);
    expect(history.length).toBe(0);
    expect(history.householdStart('coinBalance', 5)).toBe(hs[5]?.coinBalance);
    expect(history.startSpread.coinBalance.min).toBe(Math.min(...coins));
    expect(history.startSpread.coinBalance.max).toBe(Math.max(...coins));
    expect(history.startSpread.loyalty.mean).toBeCloseTo(
      hs.reduce((a, h) => a + h.loyalty, 0) / hs.length,
      12,
    );
    expect(new History(24, 6).startSpread.batteryWh.mean).toBeNaN();
  });

  it('rejects a batch that skips rounds', () => {
    const sim = createSimulation(resolveScenario({ preset: 'exp1', households: 2, days: 1 }));
    const b = new BatchBuilder(2);
    sim.step();
    b.add(sim.step());
    expect(() => new History(24, 2).append(b.take()!)).toThrow(/expected 0/);
  });

  it('keeps the 10th percentile, median and 90th percentile of every round, once per round', () => {
    const { history, results } = runBatches(7, 30, 4);
    const q = (sorted: number[], p: number): number => {
      const pos = p * (sorted.length - 1);
      const lo = Math.floor(pos);
      const a = sorted[lo] as number;
      const b = sorted[Math.min(sorted.length - 1, lo + 1)] as number;
      return a + (b - a) * (pos - lo);
    };
    results.forEach((res, r) => {
      const battery = res.households.map((h) => h.batteryWh).sort((a, b) => a - b);
      expect(history.spread.batteryWh.median[r]).toBeCloseTo(battery[3] as number, 9);
      expect(history.spread.batteryWh.p10[r]).toBeCloseTo(q(battery, 0.1), 9);
      expect(history.spread.batteryWh.p90[r]).toBeCloseTo(q(battery, 0.9), 9);
      expect(history.spread.batteryWh.p10[r]).toBeGreaterThanOrEqual(battery[0] as number);
      expect(history.spread.batteryWh.p90[r]).toBeLessThanOrEqual(battery[6] as number);
    });
  });

  it('percentiles interpolate between ranks: 0..999 has p10 99.9, median 499.5, p90 899.1', () => {
    const history = new History(3, 1000);
    history.append(syntheticBatch(0, 3, 1000, (r, i) => (999 - i) * (r + 1)));
    expect(history.spread.coinBalance.p10[0]).toBeCloseTo(99.9, 9);
    expect(history.spread.coinBalance.median[0]).toBeCloseTo(499.5, 9);
    expect(history.spread.coinBalance.p90[0]).toBeCloseTo(899.1, 9);
    expect(history.spread.coinBalance.median[2]).toBeCloseTo(3 * 499.5, 9);
  });

  it('keeps every household for every round while it fits the budget', () => {
    const history = new History(720, 1000);
    for (let r = 0; r < 720; r += 25)
      history.append(syntheticBatch(r, Math.min(25, 720 - r), 1000, (x, i) => x * 1000 + i));
    expect(history.householdEvery).toBe(1);
    for (const r of [0, 1, 359, 719])
      for (const i of [0, 500, 999]) {
        expect(history.householdKept(r)).toBe(true);
        expect(history.householdValue('loyalty', r, i)).toBe(r * 1000 + i);
      }
  });

  it('a year of 1,000 households stays within the budget, every round of its aggregates kept', () => {
    const rounds = 365 * 24;
    const history = new History(rounds, 1000);
    const v = (x: number, i: number): number => x * 1000 + i;
    for (let r = 0; r < rounds; r += 25)
      history.append(syntheticBatch(r, Math.min(25, rounds - r), 1000, v));
    expect(history.length).toBe(rounds);
    // 4 series of at most 2^20 Float64 each, whatever the run's length (280 MB if all were kept).
    expect(history.householdBytes).toBeLessThanOrEqual(4 * 8 * HOUSEHOLD_VALUES_BUDGET);
    // 1,048 rows of 1,000 households: 8,760 rounds need every 16th (every 8th would be 1,095).
    expect(history.householdEvery).toBe(16);
    for (const r of [0, 16, 4096, 8752]) {
      expect(history.householdKept(r)).toBe(true);
      for (const i of [0, 999]) expect(history.householdValue('batteryWh', r, i)).toBe(v(r, i));
    }
    // Between kept rounds a household reads as the last kept round before it.
    expect(history.householdKept(17)).toBe(false);
    expect(history.householdValue('batteryWh', 17, 3)).toBe(v(16, 3));
    expect(history.householdValue('batteryWh', rounds - 1, 3)).toBe(v(8752, 3));
    expect(history.householdValue('batteryWh', rounds, 3)).toBeNaN();
    // The aggregates are every round's, exact.
    expect(history.spread.batteryWh.min[8759]).toBe(v(8759, 0));
    expect(history.spread.batteryWh.max[17]).toBe(v(17, 999));
    expect(history.spread.batteryWh.median[17]).toBeCloseTo(v(17, 499.5), 6);
  });

  it('percentiles of rounds with many equal values match a sort, ties and all', () => {
    const h = 1001;
    // Three kinds of round: most households at 0 (empty batteries), a few values, all equal.
    const value = (r: number, i: number): number =>
      r === 0 ? (i % 7 === 0 ? i : 0) : r === 1 ? (i * 7919) % 13 : 42;
    const history = new History(3, h);
    history.append(syntheticBatch(0, 3, h, value));
    for (let r = 0; r < 3; r++) {
      const sorted = Array.from({ length: h }, (_, i) => value(r, i)).sort((a, b) => a - b);
      for (const [q, key] of [
        [0.1, 'p10'],
        [0.5, 'median'],
        [0.9, 'p90'],
      ] as const) {
        const pos = q * (h - 1);
        const lo = Math.floor(pos);
        const want =
          (sorted[lo] as number) +
          ((sorted[Math.min(h - 1, lo + 1)] as number) - (sorted[lo] as number)) * (pos - lo);
        expect(history.spread.loyalty[key][r]).toBeCloseTo(want, 9);
      }
    }
  });
});
