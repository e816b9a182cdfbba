import { describe, expect, it } from 'vitest';
import { createMechanism } from './auctions';
import { explainRound } from './explain';
import { createRng } from './rng';
import { liveParamsOf, resolveScenario } from './scenario';
import type { RoundResult } from './simulation';
import type { Order } from './types';

const scenario = resolveScenario({ preset: 'exp2', households: 4, days: 1 });
const order = (id: number, side: 'buy' | 'sell', units: number, price: number): Order => ({
  id,
  agent: id,
  side,
  energyWh: units * 100,
  price,
  loyalty: 1_000_000,
});

/** A round made by hand around one clearing (a test double of a simulated round). */
function roundOf(orders: Order[], mechanism: 'uniform' | 'cda' = 'uniform') {
  const cleared = createMechanism(mechanism).clear(orders, { rng: createRng(3), round: 0 });
  const households = orders.map((o) => ({
    index: o.agent,
    hasPv: o.side === 'sell',
    batteryWh: 1000,
    coinBalance: 2_000_000_000,
    moneyBalance: 0,
    loyalty: 1_000_000,
    producedWh: 0,
    consumedWh: 0,
    gridImportWh: 0,
    gridExportWh: 0,
  }));
  const result: RoundResult = {
    round: 14,
    day: 0,
    hourOfDay: 14,
    weather: 'sunny',
    clearingPrice: cleared.clearingPrice,
    orders,
    fills: cleared.fills,
    trades: cleared.trades,
    households,
    totals: { producedWh: 0, consumedWh: 0, gridImportWh: 0, gridExportWh: 0, tradedWh: 0 },
    averageUtility: 0,
    totalSurplus: 0,
    auctioneerSurplus: 0,
    learningPhase: false,
    params: liveParamsOf(scenario),
  };
  return explainRound(scenario, { result, cleared, before: households });
}

describe('explainRound', () => {
  it('gives each order its reason in words, in the mechanism’s terms', () => {
    // Units: bids 6, 3; asks 3, 5. k = 1: p = (6 + 3) / 2 = 4.5.
    const x = roundOf(
      [order(0, 'buy', 1, 6), order(1, 'buy', 1, 3), order(2, 'sell', 1, 3)].concat(
        order(3, 'sell', 1, 5),
      ),
    );
    expect(x.clearingPrice).toBe(4.5);
    expect(x.orders.map((o) => [o.status, o.why])).toEqual([
      ['approved', 'traded all 100 Wh'],
      ['rejected', 'priced out: bid 3 is under the clearing price 4.5'],
      ['approved', 'traded all 100 Wh'],
      ['rejected', 'priced out: ask 5 is over the clearing price 4.5'],
    ]);
    expect(x.marked).toEqual({ energyWh: 100, price: 4.5, name: 'the clearing price' });
    expect(x.crossWh).toBe(100);
    expect(x.summary).toBe(
      '1 trade, 100 Wh at the clearing price 4.5; 2 buyers and 2 sellers in the book.',
    );
    // The rejected bid's 100 Wh come from the grid.
    expect(x.orders[1]?.gridWh).toBe(100);
  });

  it('says when buyers waited with no seller, and when some was left over', () => {
    const lonely = roundOf([order(0, 'buy', 2, 6), order(1, 'buy', 1, 2)]);
    expect(lonely.orders.map((o) => [o.status, o.why])).toEqual([
      ['returned', 'no sellers this hour'],
      ['returned', 'no sellers this hour'],
    ]);
    expect(lonely.summary).toBe('No trade: 2 buyers waiting, no sellers this hour.');
    // Bids 6, 6, asks 2: p = 4; the bid's second unit finds no seller.
    const short = roundOf([order(0, 'buy', 2, 6), order(1, 'sell', 1, 2)]);
    expect(short.orders[0]?.why).toBe(
      '100 Wh of 200 Wh traded; the rest: no seller left at an acceptable price',
    );
    const none = roundOf([order(0, 'buy', 1, 3), order(1, 'sell', 1, 5)]);
    expect(none.orders[0]?.why).toBe(
      'priced out: nothing crossed, the best bid 3 is under the best ask 5',
    );
  });

  it('keeps the continuous auction’s arrivals in order', () => {
    const x = roundOf(
      [order(0, 'buy', 1, 9), order(1, 'sell', 1, 1), order(2, 'sell', 1, 2)],
      'cda',
    );
    expect([...(x.arrivals ?? [])].sort()).toEqual([0, 1, 2]);
    expect(x.trades).toHaveLength(1);
  });
});
