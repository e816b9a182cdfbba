import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableMechanisms } from './auctions';
import { clearingViolations } from '../../test/support/mechanismProperties';
import { resolveScenario } from './scenario';
import type { HouseholdState } from './simulation';
import { createSimulation } from './simulation';

// Random scenarios: every mechanism, odd capacities and thresholds, tight coin budgets, both
// pricing readings, every weather mode, learning on and off. Every hour must conserve energy per
// household, keep coins (with the auctioneer's share) constant and non-negative, keep batteries
// within [0, capacity], and clear soundly.
const scenarioArb = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  households: fc.integer({ min: 1, max: 8 }),
  auction: fc.constantFrom(...availableMechanisms()),
  batteryCapacityWh: fc.integer({ min: 100, max: 20_000 }),
  batteryThreshold: fc.double({ min: 0, max: 1, noNaN: true }),
  initCoins: fc.integer({ min: 0, max: 300 }),
  priceMin: fc.integer({ min: 0, max: 5 }),
  priceSpan: fc.integer({ min: 0, max: 6 }),
  pricing: fc.constantFrom('walk', 'quantile') as fc.Arbitrary<'walk' | 'quantile'>,
  weather: fc.constantFrom('hourly', 'daily', 'markov') as fc.Arbitrary<
    'hourly' | 'daily' | 'markov'
  >,
  learning: fc.boolean(),
  area: fc.integer({ min: 0, max: 60 }),
});

describe('simulation: properties over random scenarios', () => {
  it('conserves energy and coins, keeps balances in bounds, clears soundly', () => {
    fc.assert(
      fc.property(scenarioArb, (p) => {
        const s = resolveScenario({
          seed: p.seed,
          households: p.households,
          days: 2,
          auction: p.auction,
          batteryCapacityWh: p.batteryCapacityWh,
          batteryThreshold: p.batteryThreshold,
          initEnergyMinWh: 0,
          initEnergyMaxWh: p.batteryCapacityWh,
          initCoins: p.initCoins,
          priceMin: p.priceMin,
          priceMax: p.priceMin + p.priceSpan,
          pricing: { mode: p.pricing },
          weather: { mode: p.weather },
          learning: { enabled: p.learning, learningDays: 1 },
          pv: { areaMinM2: 0, areaMaxM2: p.area },
        });
        const sim = createSimulation(s);
        let prev: readonly HouseholdState[] = sim.households();
        const coins = prev.reduce((a, h) => a + h.coinBalance, 0);
        let auctioneer = 0;
        while (!sim.done) {
          const r = sim.step();
          expect(clearingViolations(r.orders, { ...r, mechanism: s.auction })).toEqual([]);
          auctioneer += r.auctioneerSurplus;
          const local = new Map<number, number>();
          for (const t of r.trades) {
            local.set(t.buyer, (local.get(t.buyer) ?? 0) + t.energyWh);
            local.set(t.seller, (local.get(t.seller) ?? 0) - t.energyWh);
          }
          for (const h of r.households) {
            const q = prev[h.index] as HouseholdState;
            expect(
              h.producedWh -
                q.producedWh +
                (h.gridImportWh - q.gridImportWh) +
                (local.get(h.index) ?? 0),
            ).toBe(
              h.consumedWh -
                q.consumedWh +
                (h.batteryWh - q.batteryWh) +
                (h.gridExportWh - q.gridExportWh),
            );
            expect(h.batteryWh).toBeGreaterThanOrEqual(0);
            expect(h.batteryWh).toBeLessThanOrEqual(s.batteryCapacityWh);
            expect(h.coinBalance).toBeGreaterThanOrEqual(0);
          }
          expect(r.households.reduce((a, h) => a + h.coinBalance, 0) + auctioneer).toBe(coins);
          prev = r.households;
        }
      }),
      {
        numRuns: 60,
        examples: [
          // Found by this property in CI: a community on a [0, 0] price list got a zero rate,
          // which the mechanism refused.
          [
            {
              seed: 0,
              households: 1,
              auction: 'community',
              batteryCapacityWh: 100,
              batteryThreshold: 0,
              initCoins: 0,
              priceMin: 0,
              priceSpan: 0,
              pricing: 'walk',
              weather: 'hourly',
              learning: false,
              area: 0,
            },
          ],
        ],
      },
    );
  });
});
