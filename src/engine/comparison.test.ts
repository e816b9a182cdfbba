import { describe, expect, it } from 'vitest';
import { createMechanism } from './auctions';
import { comparisonScenarios, compareToEnd, gini } from './comparison';
import { createRun } from './run';
import { createSimulation } from './simulation';
import type { MechanismName } from './types';
import { BASE_PER_COIN } from './units';

const TWO: MechanismName[] = ['uniform', 'cda'];
const input = { preset: 'exp3' as const };
const overrides = { seed: 11, days: 2, households: 6 };

describe('comparison', () => {
  it('resolves one scenario per mechanism that differs only in the auction', () => {
    const [a, b] = comparisonScenarios(input, TWO, overrides);
    expect(a!.auction).toBe('uniform');
    expect(b!.auction).toBe('cda');
    expect({ ...b, auction: 'uniform' }).toEqual(a);
    expect(a!.seed).toBe(11);
    expect(() => comparisonScenarios(input, TWO, { days: 0 })).toThrow(/days/);
  });

  it('adds up the rounds of a plain simulation of the same scenario', () => {
    const [scenario] = comparisonScenarios(input, ['loyalty'], overrides);
    const run = createRun(scenario!);
    const mechanism = createMechanism('loyalty', {
      priceMin: scenario!.priceMin,
      priceMax: scenario!.priceMax,
    });
    const sim = createSimulation(scenario!, { mechanism });
    let tradedWh = 0;
    let surplus = 0;
    let importWh = 0;
    let producedWh = 0;
    while (!sim.done) {
      const r = sim.step();
      run.step();
      tradedWh += r.totals.tradedWh;
      surplus += r.totalSurplus;
      importWh += r.totals.gridImportWh;
      producedWh += r.totals.producedWh;
    }
    const row = run.row();
    expect(row.rounds).toBe(sim.totalRounds);
    expect(row.tradedKWh).toBe(tradedWh / 1000);
    expect(row.totalSurplus).toBeCloseTo(surplus / BASE_PER_COIN, 9);
    expect(row.gridImportKWh).toBeCloseTo(importWh / 1000, 9);
    expect(row.solarShare).toBeGreaterThanOrEqual(0);
    expect(row.solarShare).toBeLessThanOrEqual(1);
    // The thesis's print beside ours: production over grid purchases plus production.
    expect(row.thesisSolarPrint).toBe(producedWh / (importWh + producedWh));
    expect(row.giniCoins).toBe(gini(run.summary().households.map((h) => h.coinDelta)));
  });

  it('gives the same row mid-run as a run stopped at that round, and is deterministic', () => {
    const [scenario] = comparisonScenarios(input, ['cda'], overrides);
    const a = createRun(scenario!);
    for (let i = 0; i < 30; i++) a.step();
    const b = createRun(scenario!);
    for (let i = 0; i < 30; i++) b.step();
    expect(a.row()).toEqual(b.row());
    expect(a.row().rounds).toBe(30);
    const full = compareToEnd(comparisonScenarios(input, TWO, overrides));
    expect(full.map((r) => r.mechanism)).toEqual(TWO);
    expect(full[0]!.consumedKWh).toBe(full[1]!.consumedKWh);
    expect(full).toEqual(compareToEnd(comparisonScenarios(input, TWO, overrides)));
  });
});
