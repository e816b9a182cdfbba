import { describe, expect, it } from 'vitest';
import {
  createFiguresCollector,
  energyPrints,
  meanPrice,
  priceBin,
  roundFigures,
  solarShare,
  thesisSolarPrint,
} from './figures';
import { createRunMetrics } from './metrics';
import { resolveScenario } from './scenario';
import { createSimulation, type RoundResult } from './simulation';
import { BASE_PER_COIN, coinsPer100WhFromPricePerWh } from './units';

function rounds(input: Parameters<typeof resolveScenario>[0]): RoundResult[] {
  const sim = createSimulation(resolveScenario(input));
  const out: RoundResult[] = [];
  while (!sim.done) out.push(sim.step());
  return out;
}

describe('the definitions', () => {
  it('mean price is value over energy in coins per 100 Wh, none without energy', () => {
    // 300 Wh at 3.5 and 100 Wh at 4.5 coins per 100 Wh: (1050 + 450) / 400 = 3.75.
    expect(meanPrice(300 * 35_000 + 100 * 45_000, 400)).toBeCloseTo(3.75, 12);
    expect(meanPrice(0, 0)).toBeNull();
  });

  it('solar share is 1 - grid import / consumption, none without consumption', () => {
    expect(solarShare(4000, 1000)).toBe(0.75);
    expect(solarShare(1000, 1200)).toBeCloseTo(-0.2, 12);
    expect(solarShare(0, 0)).toBeNull();
  });

  it("the thesis's print is production over grid purchases plus production", () => {
    // docs/MODEL.md "Grid and the energy print": total = grid purchases + production.
    expect(thesisSolarPrint(3000, 1000)).toBe(0.75);
    expect(thesisSolarPrint(0, 500)).toBe(0);
    expect(thesisSolarPrint(0, 0)).toBeNull();
  });

  it('both prints of a span from its sums: the thesis exp2 table, worked by hand', () => {
    // docs/THESIS-VARIANT.md row 49: production 3,921.0 kWh, grid purchases 7,350.4 kWh and a
    // consumption of 11,271.4 kWh. The thesis's total is 7,350.4 + 3,921.0 = 11,271.4 kWh, so
    // its solar print is 3,921.0 / 11,271.4 = 34.79 % (its carbon print 65.21 %). Ours over a
    // consumption of 11,000 kWh is 1 - 7,350.4 / 11,000 = 33.18 %: a different quantity.
    const p = energyPrints({
      producedWh: 3_921_000,
      gridImportWh: 7_350_400,
      consumedWh: 11_000_000,
    });
    expect(Math.round((p.thesisSolarPrint as number) * 10_000) / 100).toBe(34.79);
    expect(Math.round((1 - (p.thesisSolarPrint as number)) * 10_000) / 100).toBe(65.21);
    expect(Math.round((p.solarShare as number) * 10_000) / 100).toBe(33.18);
    expect(energyPrints({ producedWh: 0, gridImportWh: 0, consumedWh: 0 })).toEqual({
      solarShare: null,
      thesisSolarPrint: null,
    });
  });

  it('bins prices by whole coins per 100 Wh: [b, b + 1)', () => {
    expect(priceBin(3)).toBe(3);
    expect(priceBin(3.9999)).toBe(3);
    expect(priceBin(4)).toBe(4);
    expect(priceBin(coinsPer100WhFromPricePerWh(35_000))).toBe(3);
  });
});

describe('one round', () => {
  it('counts orders, Wh and trades as the round reports them', () => {
    const all = rounds({ preset: 'exp3', auction: 'mcafee', days: 3, seed: 4 });
    let traded = 0;
    for (const r of all) {
      const f = roundFigures(r);
      const buys = r.orders.filter((o) => o.side === 'buy');
      const sells = r.orders.filter((o) => o.side === 'sell');
      expect([f.buyOrders, f.sellOrders]).toEqual([buys.length, sells.length]);
      expect(f.bidWh).toBe(buys.reduce((a, o) => a + o.energyWh, 0));
      expect(f.askWh).toBe(sells.reduce((a, o) => a + o.energyWh, 0));
      expect(f.tradedWh).toBe(r.totals.tradedWh);
      // Every order's Wh are approved, returned or rejected.
      expect(f.tradedWh * 2 + f.returnedWh + f.rejectedWh).toBe(f.bidWh + f.askWh);
      expect(f.tradeCount).toBe(r.trades.length);
      expect(f.solarShare).toBe(solarShare(r.totals.consumedWh, r.totals.gridImportWh));
      if (r.trades.length === 0) {
        expect([f.meanTradePrice, f.minTradePrice, f.maxTradePrice]).toEqual([null, null, null]);
        continue;
      }
      traded++;
      const prices = r.trades.map((t) => coinsPer100WhFromPricePerWh(t.pricePerWh));
      expect(f.minTradePrice).toBe(Math.min(...prices));
      expect(f.maxTradePrice).toBe(Math.max(...prices));
      expect(f.meanTradePrice!).toBeGreaterThanOrEqual(f.minTradePrice!);
      expect(f.meanTradePrice!).toBeLessThanOrEqual(f.maxTradePrice!);
      // Buyers pay at least what sellers get; the difference is the auctioneer's.
      expect(f.buyerTradeValue - f.tradeValue).toBe(r.auctioneerSurplus);
    }
    expect(traded).toBeGreaterThan(5);
  });
});

describe('since round 0', () => {
  it('adds up the rounds, and agrees with the run summary', () => {
    const s = resolveScenario({ preset: 'exp3', days: 4, seed: 8 });
    const all = rounds(s);
    const c = createFiguresCollector();
    const m = createRunMetrics(s.initCoins * BASE_PER_COIN);
    for (const r of all) {
      c.add(r);
      m.add(r);
    }
    const so = c.soFar;
    const sum = (f: (r: RoundResult) => number): number => all.reduce((a, r) => a + f(r), 0);
    expect(so.rounds).toBe(all.length);
    expect(so.tradedWh).toBe(sum((r) => r.totals.tradedWh));
    expect(so.gridImportWh).toBe(sum((r) => r.totals.gridImportWh));
    expect(so.tradingRounds).toBe(all.filter((r) => r.trades.length > 0).length);
    expect(so.moneyBalance).toBe(all.at(-1)!.households.reduce((a, h) => a + h.moneyBalance, 0));
    const summary = m.summary();
    expect(summary.energy.consumedWh).toBe(so.consumedWh);
    expect(summary.energy.solarShare).toBe(solarShare(so.consumedWh, so.gridImportWh));
    expect(summary.thesisPrint.solar).toBe(thesisSolarPrint(so.producedWh, so.gridImportWh));
    expect(summary.utility.averagePerTradingRound).toBeCloseTo(so.utilitySum / so.tradingRounds, 9);
    // The histogram holds every traded 100 Wh unit once.
    const units = Object.values(summary.prices.histogram).reduce((a, b) => a + b, 0);
    expect(units).toBe(so.tradedWh / 100);
  });
});
