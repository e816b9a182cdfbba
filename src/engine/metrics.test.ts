import { describe, expect, it } from 'vitest';
import { createRunMetrics } from './metrics';
import { liveParamsOf, resolveScenario } from './scenario';
import type { HouseholdState, RoundResult } from './simulation';

const hh = (index: number, over: Partial<HouseholdState>): HouseholdState => ({
  index,
  hasPv: false,
  batteryWh: 0,
  coinBalance: 100,
  moneyBalance: 0,
  loyalty: 1_000_000,
  producedWh: 0,
  consumedWh: 0,
  gridImportWh: 0,
  gridExportWh: 0,
  ...over,
});

const round = (
  trades: { buyer: number; seller: number; energyWh: number; pricePerWh: number }[],
  households: HouseholdState[],
  averageUtility = 0,
): RoundResult => ({
  round: 0,
  day: 0,
  hourOfDay: 0,
  weather: 'sunny',
  clearingPrice: null,
  orders: [],
  fills: [],
  trades: trades.map((t, i) => ({ ...t, buyOrder: i, sellOrder: 100 + i })),
  households,
  totals: {
    producedWh: 0,
    consumedWh: 0,
    gridImportWh: 0,
    gridExportWh: 0,
    tradedWh: trades.reduce((a, t) => a + t.energyWh, 0),
  },
  averageUtility,
  totalSurplus: 0,
  auctioneerSurplus: 0,
  learningPhase: false,
  params: liveParamsOf(resolveScenario('exp1')),
});

describe('run metrics', () => {
  it('bins traded units by whole coins per 100 Wh and reports the energy print', () => {
    const m = createRunMetrics(100);
    m.add(
      round(
        [
          { buyer: 0, seller: 1, energyWh: 300, pricePerWh: 35_000 }, // 3.5 -> bin 3
          { buyer: 0, seller: 1, energyWh: 200, pricePerWh: 40_000 }, // 4.0 -> bin 4
        ],
        [hh(0, {}), hh(1, {})],
        7,
      ),
    );
    m.add(
      round(
        [{ buyer: 1, seller: 0, energyWh: 100, pricePerWh: 39_999 }], // 3.9999 -> bin 3
        [
          hh(0, { consumedWh: 1000, gridImportWh: 250, coinBalance: 60, moneyBalance: -10 }),
          hh(1, { consumedWh: 3000, gridImportWh: 750, producedWh: 2000, coinBalance: 140 }),
        ],
        9,
      ),
    );
    const s = m.summary();
    expect(s.prices.histogram).toEqual({ '3': 4, '4': 2 });
    expect(s.prices.modal).toBe(3);
    expect(s.energy).toMatchObject({ consumedWh: 4000, gridImportWh: 1000, localTradedWh: 600 });
    expect(s.energy.solarShare).toBeCloseTo(0.75, 12);
    expect(s.energy.carbonShare).toBeCloseTo(0.25, 12);
    expect(s.utility).toMatchObject({ averagePerTradingRound: 8, tradingRounds: 2 });
    expect(s.households[0]).toMatchObject({
      coinDelta: -40,
      netValue: -50,
      boughtLocalWh: 500,
      soldLocalWh: 100,
    });
  });

  it('has no modal price and no solar share without trades or consumption', () => {
    const m = createRunMetrics(0);
    m.add(round([], [hh(0, {})]));
    expect(m.summary().prices).toEqual({ histogram: {}, modal: null });
    expect(m.summary().energy.solarShare).toBe(0);
  });
});
