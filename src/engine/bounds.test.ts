import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOOK_LIMIT, CHAIN_WH_LIMIT, energyBound, hourlyBounds, moneyBound } from './bounds';
import { fieldValue, type FieldReader } from './fields';
import { resolveScenario, ScenarioError, type Scenario, type ScenarioInput } from './scenario';
import { createSimulation } from './simulation';
import { MECHANISM_NAMES } from './auctions';
import { BASE_PER_COIN } from './units';

const reader =
  (s: Scenario): FieldReader =>
  (key) =>
    fieldValue(s, key);

function resolves(input: ScenarioInput): Scenario | ScenarioError {
  try {
    return resolveScenario(input);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
}

/** Scenarios across the field table's ranges (small neighbourhoods, short runs). */
const scenarios = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    households: fc.integer({ min: 2, max: 10 }),
    auction: fc.constantFrom(...MECHANISM_NAMES),
    batteryCapacityWh: fc.integer({ min: 100, max: 10_000_000 }),
    batteryThreshold: fc.double({ min: 0, max: 1, noNaN: true }),
    initCoins: fc.integer({ min: 0, max: 1_000_000 }),
    priceMin: fc.integer({ min: 0, max: 40 }),
    spread: fc.integer({ min: 0, max: 40 }),
    gridRetailPrice: fc.integer({ min: 0, max: 400 }),
    feedIn: fc.double({ min: 0, max: 1, noNaN: true }),
    high: fc.integer({ min: 0, max: 1000 }),
    low: fc.integer({ min: 0, max: 1000 }),
    area: fc.integer({ min: 0, max: 10_000 }),
    noise: fc.double({ min: 0, max: 1, noNaN: true }),
    sunny: fc.double({ min: 0, max: 10, noNaN: true }),
    use: fc.double({ min: 0, max: 10, noNaN: true }),
  })
  .map((r): ScenarioInput => ({
    preset: 'exp3',
    seed: r.seed,
    households: r.households,
    days: 2,
    auction: r.auction,
    batteryCapacityWh: r.batteryCapacityWh,
    initEnergyMinWh: 0,
    initEnergyMaxWh: r.batteryCapacityWh,
    batteryThreshold: Math.round(r.batteryThreshold * 100) / 100,
    initCoins: r.initCoins,
    priceMin: r.priceMin,
    priceMax: r.priceMin + r.spread,
    gridRetailPrice: r.gridRetailPrice,
    gridFeedInPrice: Math.floor(r.gridRetailPrice * r.feedIn),
    consumption: { highMin: 0, highMax: r.high, lowMin: 0, lowMax: r.low },
    pv: { areaMinM2: 0, areaMaxM2: r.area, noise: Math.round(r.noise * 100) / 100 },
    weather: {
      productionFactor: { sunny: r.sunny },
      consumptionFactor: { rainy: r.use },
    },
  }));

describe('the exact-books bounds', () => {
  it('hold in every hour of real runs: energy, money and coins never move more than bounded', () => {
    fc.assert(
      fc.property(scenarios, (input) => {
        const s = resolves(input);
        if (s instanceof ScenarioError) return; // refused by the table: not a valid scenario
        const get = reader(s);
        const b = hourlyBounds(get);
        const retail = Math.round(s.gridRetailPrice * 10_000);
        const feedIn = Math.round(s.gridFeedInPrice * 10_000);
        const supply = s.households * s.initCoins * BASE_PER_COIN;
        const sim = createSimulation(s);
        let before = sim.households();
        let auctioneer = 0;
        while (!sim.done) {
          const r = sim.step();
          auctioneer += r.auctioneerSurplus;
          for (const h of r.households) {
            const p = before[h.index];
            if (!p) throw new Error('no household');
            const imported = h.gridImportWh - p.gridImportWh;
            const exported = h.gridExportWh - p.gridExportWh;
            expect(h.producedWh - p.producedWh).toBeLessThanOrEqual(b.producedWh);
            expect(h.consumedWh - p.consumedWh).toBeLessThanOrEqual(b.consumedWh);
            expect(imported).toBeLessThanOrEqual(b.gridImportWh);
            expect(exported).toBeLessThanOrEqual(b.gridExportWh);
            expect(Math.abs(h.moneyBalance - p.moneyBalance)).toBeLessThanOrEqual(
              imported * retail + exported * feedIn,
            );
            expect(h.batteryWh).toBeLessThanOrEqual(s.batteryCapacityWh);
            expect(Number.isSafeInteger(h.coinBalance)).toBe(true);
          }
          // Coins only move: households' coins plus the auctioneer's are the supply.
          expect(r.households.reduce((t, h) => t + h.coinBalance, 0) + auctioneer).toBe(supply);
          before = r.households;
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuse one past each limit and accept the limit itself', () => {
    // Coins: households x initCoins x 10^6 <= 2^52.
    const atCoins = Math.floor(BOOK_LIMIT / (10 * BASE_PER_COIN));
    const coins = resolves({ preset: 'exp2', households: 10, initCoins: atCoins });
    expect(coins).not.toBeInstanceOf(ScenarioError);
    expect(10 * atCoins * BASE_PER_COIN).toBeLessThanOrEqual(BOOK_LIMIT);
    const pastCoins = resolves({ preset: 'exp2', households: 10, initCoins: atCoins + 1 });
    expect(pastCoins).toMatchObject({ field: 'initCoins' });

    // Money: the largest retail price the message names is accepted, one step more is not.
    const long = { preset: 'exp2', days: 3650 } as const;
    const past = resolves({ ...long, gridRetailPrice: 1_000_000 });
    expect(past).toMatchObject({ field: 'gridRetailPrice' });
    const named = /a retail price of at most ([\d.]+)/.exec((past as ScenarioError).message);
    const atRetail = Number(named?.[1]);
    const money = resolves({ ...long, gridRetailPrice: atRetail });
    expect(money).not.toBeInstanceOf(ScenarioError);
    expect(moneyBound(reader(money as Scenario))).toBeLessThanOrEqual(BOOK_LIMIT);
    expect(resolves({ ...long, gridRetailPrice: atRetail + 0.0001 })).toMatchObject({
      field: 'gridRetailPrice',
    });

    // Energy: the days the message names fit the chain's 40 bits, one more day does not.
    const big = {
      preset: 'exp2',
      pv: { areaMinM2: 0, areaMaxM2: 10_000, noise: 1 },
      weather: { productionFactor: { sunny: 10 } },
      gridRetailPrice: 0,
      gridFeedInPrice: 0,
    } as const;
    const tooLong = resolves({ ...big, days: 3650 });
    expect(tooLong).toMatchObject({ field: 'days' });
    const atDays = Number(/an integer <= (\d+)/.exec((tooLong as ScenarioError).message)?.[1]);
    const fits = resolves({ ...big, days: atDays });
    expect(fits).not.toBeInstanceOf(ScenarioError);
    expect(energyBound(reader(fits as Scenario))).toBeLessThanOrEqual(CHAIN_WH_LIMIT);
    expect(resolves({ ...big, days: atDays + 1 })).toMatchObject({ field: 'days' });
    // Past 8,192 households the neighbourhood's exact sums bind before the chain's 40 bits.
    const many = resolves({ ...big, households: 10_000, days: atDays });
    expect(many).toMatchObject({ field: 'days' });
    expect((many as ScenarioError).message).toMatch(/times 10000 households must stay below 2\^53/);
    const manyDays = Number(/an integer <= (\d+)/.exec((many as ScenarioError).message)?.[1]);
    const manyFits = resolves({ ...big, households: 10_000, days: manyDays });
    expect(manyFits).not.toBeInstanceOf(ScenarioError);
    expect(energyBound(reader(manyFits as Scenario)) * 10_000).toBeLessThanOrEqual(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('keep every preset and the largest neighbourhood over ten years valid', () => {
    for (const preset of ['exp1', 'exp2', 'exp3', 'exp4'] as const) {
      expect(resolves({ preset, households: 10_000, days: 3650 })).not.toBeInstanceOf(
        ScenarioError,
      );
    }
  });

  it('refuse a live grid price the run could not book exactly, naming it', () => {
    const sim = createSimulation(resolveScenario({ preset: 'exp2', days: 3650 }));
    expect(() => sim.setLiveParams({ gridRetailPrice: 1_000_000 })).toThrow(
      /scenario\.gridRetailPrice: got 1000000; allowed: grid prices for which no money balance can pass 2\^52/,
    );
    expect(sim.liveParams().gridRetailPrice).toBe(resolveScenario('exp2').gridRetailPrice);
  });
});
