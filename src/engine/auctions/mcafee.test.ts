import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order } from '../types';
import { pricePerWhFromCoinsPer100Wh } from '../units';
import { breakevenIndex, buildBook, type SortedSide } from './book';
import { clearMcAfee, createMcAfee } from './mcafee';
import { clearPayAsBid } from './payAsBid';
import {
  bookArb,
  ctxFor,
  order,
  singleUnitBookArb,
  violations,
} from '../../../test/support/mechanismTestkit';

const one = (side: 'buy' | 'sell', price: number, agent: number): Order =>
  order(side, 100, price, agent);

/** The order behind each unit of a side, in priority order. */
const unitOrders = (s: SortedSide): Order[] =>
  s.orders.flatMap((o) => Array.from({ length: o.energyWh / 100 }, () => o));

/** A household's gain from its own order in base units (value at its own limit). */
function gain(orders: readonly Order[], truth: Order, id: number): number {
  const r = clearMcAfee(orders);
  let g = 0;
  for (const t of r.trades) {
    if (t.buyOrder === id)
      g += t.energyWh * (pricePerWhFromCoinsPer100Wh(truth.price) - t.buyerPricePerWh);
    if (t.sellOrder === id)
      g += t.energyWh * (t.pricePerWh - pricePerWhFromCoinsPer100Wh(truth.price));
  }
  return g;
}

describe('McAfee trade reduction', () => {
  it('trades all k pairs at p0 when p0 lies within [s_k, b_k]', () => {
    const book = [9, 7, 5, 3].map((p, i) => one('buy', p, i));
    const asks = [2, 4, 6, 8].map((p, i) => one('sell', p, 10 + i));
    // k = 2 (7 >= 4, 5 < 6); p0 = (5 + 6) / 2 = 5.5 is inside [4, 7].
    const r = clearMcAfee([...book, ...asks]);
    expect(r.reduced).toBe(false);
    expect(r.clearingPrice).toBe(5.5);
    expect(r.trades.map((t) => [t.buyer, t.seller, t.pricePerWh, t.buyerPricePerWh])).toEqual([
      [0, 10, 55_000, 55_000],
      [1, 11, 55_000, 55_000],
    ]);
    expect(r.auctioneerSurplus).toBe(0);
    expect(r.givenUpWh).toBe(0);
    expect(violations([...book, ...asks], r)).toEqual([]);
  });

  it('reduces the marginal pair otherwise: buyers pay b_k, sellers get s_k, surplus kept', () => {
    const orders = [one('buy', 9, 0), one('buy', 8, 1), one('buy', 7, 2)];
    orders.push(one('sell', 2, 3), one('sell', 3, 4), one('sell', 10, 5));
    // k = 2 (8 >= 3, 7 < 10); p0 = (7 + 10) / 2 = 8.5 > b_k = 8, so pair (8, 3) is given up.
    const r = clearMcAfee(orders);
    expect(r.reduced).toBe(true);
    expect(r.clearingPrice).toBeNull();
    expect(r.trades).toEqual([
      {
        buyOrder: orders[0]!.id,
        sellOrder: orders[3]!.id,
        buyer: 0,
        seller: 3,
        energyWh: 100,
        pricePerWh: 30_000,
        buyerPricePerWh: 80_000,
      },
    ]);
    expect(r.auctioneerSurplus).toBe(100 * 50_000);
    expect(r.givenUpWh).toBe(100);
    expect(r.fills.map((f) => [f.approvedWh, f.returnedWh, f.rejectedWh])).toEqual([
      [100, 0, 0],
      [0, 100, 0],
      [0, 0, 100],
      [100, 0, 0],
      [0, 100, 0],
      [0, 0, 100],
    ]);
    expect(violations(orders, r)).toEqual([]);
  });

  it('with multi-unit orders removes the whole marginal orders, so no trader sets its price', () => {
    const a = order('buy', 300, 9, 0);
    const b = order('buy', 200, 8, 1);
    const c = order('sell', 300, 2, 2);
    const d = order('sell', 300, 7, 3);
    // Bid units 9 9 9 8 8, ask units 2 2 2 7 7 7: k = 5 (8 >= 7). No ask order lies outside the
    // k pairs, so p0 does not exist: reduce. Marginal orders: b (bid 8) and d (ask 7).
    const r = clearMcAfee([a, b, c, d]);
    expect(r.reduced).toBe(true);
    expect(r.trades.map((t) => [t.buyOrder, t.sellOrder, t.energyWh])).toEqual([[a.id, c.id, 300]]);
    expect(r.trades[0]?.buyerPricePerWh).toBe(80_000);
    expect(r.trades[0]?.pricePerWh).toBe(70_000);
    expect(r.givenUpWh).toBe(200);
    expect(r.auctioneerSurplus).toBe(300 * 10_000);
  });

  it('properties: IR, conservation, fills sum, surplus >= 0, determinism on random books', () => {
    const m = createMcAfee();
    fc.assert(
      fc.property(bookArb, fc.integer(), (orders, seed) => {
        const r = m.clear(orders, ctxFor(seed));
        expect(violations(orders, r)).toEqual([]);
        expect(r.auctioneerSurplus).toBeGreaterThanOrEqual(0);
        expect(m.clear(orders, ctxFor(seed + 7))).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the orders that set the price never trade; volume is k minus what is given up', () => {
    fc.assert(
      fc.property(bookArb, (orders) => {
        const book = buildBook(orders, 'id');
        const k = breakevenIndex(book);
        const bids = unitOrders(book.bids);
        const asks = unitOrders(book.asks);
        const r = clearMcAfee(orders);
        const tradedIds = new Set(r.trades.flatMap((t) => [t.buyOrder, t.sellOrder]));
        const volume = r.trades.reduce((s, t) => s + t.energyWh, 0);
        expect(volume + r.givenUpWh).toBe(k * 100);
        if (r.reduced) {
          expect(tradedIds.has(bids[k - 1]!.id)).toBe(false);
          expect(tradedIds.has(asks[k - 1]!.id)).toBe(false);
          for (const t of r.trades) {
            expect(t.buyerPricePerWh).toBe(pricePerWhFromCoinsPer100Wh(bids[k - 1]!.price));
            expect(t.pricePerWh).toBe(pricePerWhFromCoinsPer100Wh(asks[k - 1]!.price));
          }
        } else {
          expect(r.givenUpWh).toBe(0);
          expect(new Set(r.trades.map((t) => t.pricePerWh)).size).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('property: truthfulness costs surplus, never adds it (McAfee <= the k-pair matching)', () => {
    const surplus = (
      orders: readonly Order[],
      trades: readonly { buyOrder: number; sellOrder: number; energyWh: number }[],
    ) => {
      const byId = new Map(orders.map((o) => [o.id, o.price]));
      return trades.reduce(
        (s, t) => s + (t.energyWh / 100) * (byId.get(t.buyOrder)! - byId.get(t.sellOrder)!),
        0,
      );
    };
    fc.assert(
      fc.property(bookArb, (orders) => {
        const efficient = surplus(orders, clearPayAsBid(orders).trades);
        const mcafee = surplus(orders, clearMcAfee(orders).trades);
        expect(mcafee).toBeLessThanOrEqual(efficient);
        expect(mcafee).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300 },
    );
  });

  it('property: on single-unit books no household gains by misreporting its price', () => {
    fc.assert(
      fc.property(
        singleUnitBookArb.filter((o) => o.length > 0),
        fc.nat(),
        fc.integer({ min: 1, max: 10 }),
        (orders, pick, lie) => {
          const truth = orders[pick % orders.length] as Order;
          const honest = gain(orders, truth, truth.id);
          const lied = orders.map((o) => (o.id === truth.id ? { ...o, price: lie } : o));
          expect(gain(lied, truth, truth.id)).toBeLessThanOrEqual(honest);
        },
      ),
      { numRuns: 500 },
    );
  });
});
