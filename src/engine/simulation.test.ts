import { describe, expect, it } from 'vitest';
import { availableMechanisms } from './auctions';
import { createRunMetrics } from './metrics';
import type { Scenario, ScenarioInput } from './scenario';
import { resolveScenario, ScenarioError } from './scenario';
import { createSimulation } from './simulation';
import type { RoundResult } from './simulation';
import { BASE_PER_COIN, pricePerWhFromCoinsPer100Wh } from './units';

function run(input: ScenarioInput): { s: Scenario; rounds: RoundResult[] } {
  const s = resolveScenario(input);
  const sim = createSimulation(s);
  const rounds: RoundResult[] = [];
  while (!sim.done) rounds.push(sim.step());
  return { s, rounds };
}

describe('simulation: conservation', () => {
  for (const auction of availableMechanisms()) {
    it(`${auction}: energy balances every hour per household to the Wh, coins are constant`, () => {
      // Few coins, so budgets bind and the grid covers what coins cannot.
      const { s, rounds } = run({
        preset: 'exp3',
        auction,
        days: 6,
        households: 12,
        seed: 7,
        initCoins: 40,
      });
      const start = createSimulation(s).households();
      let prev = start;
      const totalCoins = start.reduce((a, h) => a + h.coinBalance, 0);
      let traded = 0;
      let auctioneer = 0;
      for (const r of rounds) {
        const bought = new Map<number, number>();
        const sold = new Map<number, number>();
        for (const t of r.trades) {
          bought.set(t.buyer, (bought.get(t.buyer) ?? 0) + t.energyWh);
          sold.set(t.seller, (sold.get(t.seller) ?? 0) + t.energyWh);
          traded += t.energyWh;
        }
        for (const h of r.households) {
          const p = prev[h.index];
          if (!p) throw new Error('missing household');
          const produced = h.producedWh - p.producedWh;
          const consumed = h.consumedWh - p.consumedWh;
          const imported = h.gridImportWh - p.gridImportWh;
          const exported = h.gridExportWh - p.gridExportWh;
          const inflow = produced + imported + (bought.get(h.index) ?? 0);
          const outflow =
            consumed + (h.batteryWh - p.batteryWh) + exported + (sold.get(h.index) ?? 0);
          expect(inflow).toBe(outflow);
          expect(h.batteryWh).toBeGreaterThanOrEqual(0);
          expect(h.batteryWh).toBeLessThanOrEqual(s.batteryCapacityWh);
          expect(Number.isInteger(h.batteryWh)).toBe(true);
          expect(Number.isInteger(h.coinBalance)).toBe(true);
          // Buyers never offer more than their coins can pay (the chain would refuse).
          expect(h.coinBalance).toBeGreaterThanOrEqual(0);
          expect(Number.isInteger(h.moneyBalance)).toBe(true);
        }
        // Coins only change hands; McAfee's buyer-seller difference is held by the auctioneer.
        auctioneer += r.auctioneerSurplus;
        expect(r.households.reduce((a, h) => a + h.coinBalance, 0) + auctioneer).toBe(totalCoins);
        // Round totals are the sums of the household deltas.
        const sum = (f: (h: (typeof r.households)[number]) => number) =>
          r.households.reduce((a, h) => a + f(h) - f(prev[h.index] as typeof h), 0);
        expect(r.totals.producedWh).toBe(sum((h) => h.producedWh));
        expect(r.totals.consumedWh).toBe(sum((h) => h.consumedWh));
        expect(r.totals.gridImportWh).toBe(sum((h) => h.gridImportWh));
        expect(r.totals.gridExportWh).toBe(sum((h) => h.gridExportWh));
        prev = r.households;
      }
      expect(traded).toBeGreaterThan(0);
    });
  }

  it('money moves only with the grid, at the scenario prices', () => {
    const { s, rounds } = run({ preset: 'exp2', days: 3, households: 6, seed: 3 });
    const last = rounds[rounds.length - 1]?.households ?? [];
    for (const h of last) {
      const expected =
        h.gridExportWh * pricePerWhFromCoinsPer100Wh(s.gridFeedInPrice) -
        h.gridImportWh * pricePerWhFromCoinsPer100Wh(s.gridRetailPrice);
      expect(h.moneyBalance).toBe(expected);
    }
  });

  it('overflow over capacity is sold to the grid at once', () => {
    const { rounds } = run({
      households: 2,
      days: 2,
      batteryCapacityWh: 2000,
      initEnergyMinWh: 2000,
      initEnergyMaxWh: 2000,
      pv: { areasM2: [40, 40] },
      seed: 2,
    });
    const last = rounds[rounds.length - 1]?.households ?? [];
    expect(last.every((h) => h.gridExportWh > 0)).toBe(true);
  });
});

describe('simulation: every trade is individually rational and statuses add up', () => {
  it.each(['uniform', 'loyalty'] as const)('%s', (auction) => {
    const { rounds } = run({ preset: 'exp3', auction, days: 5, households: 16, seed: 11 });
    let trades = 0;
    for (const r of rounds) {
      const byId = new Map(r.orders.map((o) => [o.id, o]));
      for (const t of r.trades) {
        trades++;
        const bid = byId.get(t.buyOrder);
        const ask = byId.get(t.sellOrder);
        expect(bid?.side).toBe('buy');
        expect(ask?.side).toBe('sell');
        expect(t.pricePerWh).toBeLessThanOrEqual(pricePerWhFromCoinsPer100Wh(bid?.price ?? -1));
        expect(t.pricePerWh).toBeGreaterThanOrEqual(pricePerWhFromCoinsPer100Wh(ask?.price ?? 1e9));
      }
      r.orders.forEach((o, i) => {
        const f = r.fills[i];
        expect(f?.id).toBe(o.id);
        expect((f?.approvedWh ?? 0) + (f?.returnedWh ?? 0) + (f?.rejectedWh ?? 0)).toBe(o.energyWh);
        expect(o.price).toBeGreaterThanOrEqual(2);
        expect(o.price).toBeLessThanOrEqual(8);
      });
      expect(r.totalSurplus).toBeGreaterThanOrEqual(0);
    }
    expect(trades).toBeGreaterThan(10);
  });
});

describe('simulation: edge cases and learning', () => {
  it('no buyers: sellers keep their energy and their loyalty (not penalised)', () => {
    const { rounds } = run({
      households: 4,
      days: 1,
      initEnergyMinWh: 12000,
      initEnergyMaxWh: 12000,
      pv: { areasM2: [30, 30, 30, 30] },
    });
    const first = rounds[0];
    expect(first?.orders.length).toBe(4);
    expect(first?.orders.every((o) => o.side === 'sell')).toBe(true);
    expect(first?.fills.every((f) => f.returnedWh > 0 && f.rejectedWh === 0)).toBe(true);
    expect(first?.households.every((h) => h.loyalty === 1_000_000)).toBe(true);
  });

  it('Q-learning prices like zero intelligence while learning, from its table afterwards', () => {
    const base: ScenarioInput = { preset: 'exp4', households: 10, days: 6, seed: 21 };
    const zi = run({ ...base, learning: { enabled: false } }).rounds;
    const q = run({ ...base, learning: { enabled: true, learningDays: 3 } }).rounds;
    const prices = (rs: RoundResult[], from: number, to: number) =>
      JSON.stringify(rs.slice(from, to).map((r) => r.orders.map((o) => [o.agent, o.price])));
    expect(prices(q, 0, 72)).toBe(prices(zi, 0, 72));
    expect(q.slice(0, 72).every((r) => r.learningPhase)).toBe(true);
    expect(q.slice(72).some((r) => r.learningPhase)).toBe(false);
    expect(prices(q, 72, 144)).not.toBe(prices(zi, 72, 144));
  });
});

describe('simulation: determinism', () => {
  const summary = (input: ScenarioInput) => {
    const s = resolveScenario(input);
    const sim = createSimulation(s);
    const m = createRunMetrics(s.initCoins * BASE_PER_COIN);
    while (!sim.done) m.add(sim.step());
    return JSON.stringify(m.summary());
  };

  it('same seed and scenario give an identical summary; another seed another run', () => {
    const a = summary({ preset: 'exp3', days: 4, seed: 42 });
    expect(summary({ preset: 'exp3', days: 4, seed: 42 })).toBe(a);
    expect(summary({ preset: 'exp3', days: 4, seed: 43 })).not.toBe(a);
  });

  it('with learning too', () => {
    const input: ScenarioInput = {
      preset: 'exp4',
      days: 6,
      households: 8,
      learning: { learningDays: 3 },
      seed: 5,
    };
    expect(summary(input)).toBe(summary(input));
  });
});

describe('simulation: stepping and live parameters', () => {
  it('runs days * 24 rounds with hour and day, then refuses to step', () => {
    const sim = createSimulation(resolveScenario({ households: 2, days: 2 }));
    expect(sim.totalRounds).toBe(48);
    const r0 = sim.step();
    expect([r0.round, r0.day, r0.hourOfDay]).toEqual([0, 0, 0]);
    for (let i = 1; i < 30; i++) sim.step();
    const r30 = sim.step();
    expect([r30.round, r30.day, r30.hourOfDay]).toEqual([30, 1, 6]);
    while (!sim.done) sim.step();
    expect(() => sim.step()).toThrow(/done/);
  });

  it('charges and pays the grid at live prices, from the round after a change', () => {
    const scenario = resolveScenario({ preset: 'exp3', households: 6, days: 3, seed: 2 });
    const steady = createSimulation(scenario);
    const changed = createSimulation(scenario);
    expect(() => changed.setLiveParams({ gridRetailPrice: 1.23456 })).toThrow(
      /gridRetailPrice: got 1.23456/,
    );
    expect(() => changed.setLiveParams({ gridFeedInPrice: -1 })).toThrow(/gridFeedInPrice/);
    // Money per Wh for a price per 100 Wh, as the books keep it.
    const perWh = (per100Wh: number): number => (per100Wh * BASE_PER_COIN) / 100;
    let importedAtNewPrices = 0;
    for (let r = 0; r < 72; r++) {
      if (r === 30) changed.setLiveParams({ gridRetailPrice: 20, gridFeedInPrice: 3.5 });
      const before = changed.households();
      const a = steady.step();
      const b = changed.step();
      const [retail, feedIn] =
        r >= 30 ? [20, 3.5] : [scenario.gridRetailPrice, scenario.gridFeedInPrice];
      b.households.forEach((h, i) => {
        const was = before[i]!;
        const imported = h.gridImportWh - was.gridImportWh;
        const exported = h.gridExportWh - was.gridExportWh;
        // The energy flows do not depend on the grid's prices, only the money does.
        expect(h.gridImportWh).toBe(a.households[i]!.gridImportWh);
        expect(h.gridExportWh).toBe(a.households[i]!.gridExportWh);
        expect(h.moneyBalance - was.moneyBalance).toBe(
          exported * perWh(feedIn) - imported * perWh(retail),
        );
        if (r >= 30) importedAtNewPrices += imported;
      });
    }
    expect(importedAtNewPrices).toBeGreaterThan(0);
  });

  it('validates live parameters and applies them from the next round', () => {
    const sim = createSimulation(resolveScenario({ preset: 'exp2', days: 2 }));
    expect(() => sim.setLiveParams({ priceMin: 9, priceMax: 3 })).toThrow(ScenarioError);
    expect(() => sim.setLiveParams({ batteryThreshold: 1.5 })).toThrow(/batteryThreshold/);
    for (let i = 0; i < 10; i++) sim.step();
    sim.setLiveParams({ priceMin: 5, priceMax: 5 });
    expect(sim.liveParams()).toMatchObject({ priceMin: 5, priceMax: 5 });
    let orders = 0;
    while (!sim.done) {
      for (const o of sim.step().orders) {
        orders++;
        expect(o.price).toBe(5);
      }
    }
    expect(orders).toBeGreaterThan(0);
  });
});

describe('simulation: calibration', () => {
  it('households consume about 18-19 kWh a day (thesis exp2: 11,271 kWh / 20 / 30)', () => {
    const { s, rounds } = run({ preset: 'exp2', seed: 1 });
    const total = rounds.reduce((a, r) => a + r.totals.consumedWh, 0);
    const perDay = total / s.households / s.days / 1000;
    expect(perDay).toBeGreaterThan(18);
    expect(perDay).toBeLessThan(19.5);
  });
});

describe('simulation: mechanism parameters come from the scenario', () => {
  it("community trades at the middle of the scenario's own price range", () => {
    const { rounds } = run({
      preset: 'exp3',
      auction: 'community',
      days: 3,
      priceMin: 3,
      priceMax: 7,
    });
    const trades = rounds.flatMap((r) => r.trades);
    expect(trades.length).toBeGreaterThan(0);
    for (const t of trades) expect(t.pricePerWh).toBe(pricePerWhFromCoinsPer100Wh(5));
    const narrow = run({ preset: 'exp3', auction: 'community', days: 3, priceMin: 2, priceMax: 4 });
    const narrowTrades = narrow.rounds.flatMap((r) => r.trades);
    expect(narrowTrades.length).toBeGreaterThan(0);
    for (const t of narrowTrades) {
      expect(t.pricePerWh).toBe(pricePerWhFromCoinsPer100Wh(3));
    }
  });
});
