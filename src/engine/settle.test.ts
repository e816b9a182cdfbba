/**
 * The settlement phase on hand-worked rounds: each case builds a book, its clearing result and
 * the households by hand, settles it once and checks what the rule says by hand (the derivation
 * is in the comment above each expectation).
 */
import { describe, expect, it } from 'vitest';
import type { ClearingResult } from './auctions';
import { createHouseholds, type Households } from './households';
import { createRng } from './rng';
import { resolveScenario, type ScenarioInput } from './scenario';
import { createSettlementPhase } from './settle';
import type { Order, OrderFill, RoundTotals, Trade } from './types';
import { LOYALTY_SCALE, pricePerWhFromCoinsPer100Wh } from './units';

const ONE = LOYALTY_SCALE;

function households(input: ScenarioInput): {
  h: Households;
  s: ReturnType<typeof resolveScenario>;
} {
  const s = resolveScenario({ households: 4, ...input });
  const streams = Array.from({ length: s.households }, (_, i) => createRng(1).fork(i));
  const h = createHouseholds(s, streams);
  for (let i = 0; i < h.count; i++) h.batteryWh[i] = 5000;
  return { h, s };
}

const order = (
  id: number,
  agent: number,
  side: Order['side'],
  energyWh: number,
  price: number,
): Order => ({
  id,
  agent,
  side,
  energyWh,
  price,
  loyalty: ONE,
});

const trade = (buyOrder: Order, sellOrder: Order, energyWh: number, coins: number): Trade => ({
  buyOrder: buyOrder.id,
  sellOrder: sellOrder.id,
  buyer: buyOrder.agent,
  seller: sellOrder.agent,
  energyWh,
  pricePerWh: pricePerWhFromCoinsPer100Wh(coins),
});

const fill = (o: Order, approvedWh: number, returnedWh: number): OrderFill => ({
  id: o.id,
  approvedWh,
  returnedWh,
  rejectedWh: o.energyWh - approvedWh - returnedWh,
});

function cleared(trades: Trade[], fills: OrderFill[]): ClearingResult {
  return { mechanism: 'uniform', clearingPrice: null, trades, fills, auctioneerSurplus: 0 };
}

const totals = (): RoundTotals => ({
  producedWh: 0,
  consumedWh: 0,
  gridImportWh: 0,
  gridExportWh: 0,
  tradedWh: 0,
});

describe('settle: loyalty by outcome (the defaults follow the thesis where text and code agree)', () => {
  // One seller (household 0, 300 Wh at 3) trades 100 Wh with each of two buyers at 4 and 5;
  // household 3 bids 100 Wh at 1, which is priced out.
  const sell = order(0, 0, 'sell', 300, 3);
  const buyA = order(1, 1, 'buy', 100, 5);
  const buyB = order(2, 2, 'buy', 200, 6);
  const buyLow = order(3, 3, 'buy', 100, 1);
  const book = [sell, buyA, buyB, buyLow];
  const trades = [trade(buyB, sell, 100, 5), trade(buyA, sell, 100, 4)];
  const fills = [
    fill(sell, 200, 100),
    fill(buyA, 100, 0),
    fill(buyB, 100, 100),
    fill(buyLow, 0, 0),
  ];

  it('per order: traded x1.02 once, returned untouched by a trade, rejected buy x0.99', () => {
    const { h, s } = households({});
    expect(s.loyalty).toMatchObject({ tradedPer: 'order', returnedFactor: 1.01 });
    createSettlementPhase(s, h, null, false)(book, cleared(trades, fills), 0, totals());
    // The seller traded (first status wins): 1.0 x 1.02 = 1.02.
    expect(h.loyalty[0]).toBe(1_020_000);
    expect(h.loyalty[1]).toBe(1_020_000);
    expect(h.loyalty[2]).toBe(1_020_000);
    // Household 3's bid at 1 was priced out: a rejected buy, 1.0 x 0.99.
    expect(h.loyalty[3]).toBe(990_000);
  });

  it('per record: the seller with two buyers at two prices gets x1.02 twice', () => {
    const { h, s } = households({ loyalty: { tradedPer: 'record' } });
    createSettlementPhase(s, h, null, false)(book, cleared(trades, fills), 0, totals());
    // Two records (buyer 1 at 4, buyer 2 at 5): 1.0 x 1.02 x 1.02 = 1.0404 -> 1,040,400 ppm.
    expect(h.loyalty[0]).toBe(1_040_400);
    // Each buyer has one record: 1.02.
    expect(h.loyalty[1]).toBe(1_020_000);
    expect(h.loyalty[2]).toBe(1_020_000);
  });

  it('returned x1.01 (a slight increase), rejected sell x0.95, rejected buy x0.99', () => {
    const { h, s } = households({});
    const sellHigh = order(0, 0, 'sell', 200, 8);
    const sellOk = order(1, 1, 'sell', 100, 3);
    const buyOk = order(2, 2, 'buy', 100, 4);
    const buyLate = order(3, 3, 'buy', 100, 4);
    const t = [trade(buyOk, sellOk, 100, 3.5)];
    const f = [
      fill(sellHigh, 0, 0),
      fill(sellOk, 100, 0),
      fill(buyOk, 100, 0),
      fill(buyLate, 0, 100),
    ];
    createSettlementPhase(s, h, null, false)(
      [sellHigh, sellOk, buyOk, buyLate],
      cleared(t, f),
      0,
      totals(),
    );
    // The ask at 8 was priced out: a rejected sell, 1.0 x 0.95.
    expect(h.loyalty[0]).toBe(950_000);
    // The second bid at 4 was acceptable but found no seller: returned, 1.0 x 1.01.
    expect(h.loyalty[3]).toBe(1_010_000);
  });

  it('an order with nobody on the other side keeps its loyalty', () => {
    const { h, s } = households({});
    const a = order(0, 0, 'sell', 100, 3);
    const b = order(1, 1, 'sell', 200, 5);
    createSettlementPhase(s, h, null, false)(
      [a, b],
      cleared([], [fill(a, 0, 100), fill(b, 0, 200)]),
      0,
      totals(),
    );
    // Returned, but unopposed: no x1.01 (nobody could have bought).
    expect([h.loyalty[0], h.loyalty[1]]).toEqual([ONE, ONE]);
  });
});
