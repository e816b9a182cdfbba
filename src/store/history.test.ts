import { describe, expect, it } from 'vitest';
import { createSimulation, resolveScenario } from '../engine';
import { BatchBuilder } from '../worker/batchBuilder';
import { History } from './history';

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
});
