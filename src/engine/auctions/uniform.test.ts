import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import type { Order, Side } from '../types';
import { LOYALTY_SCALE } from '../units';
import { breakevenIndex, buildBook, equilibriumRange, unitPrices } from './book';
import { arbitraryBook, clearingViolations } from '../../../test/support/mechanismProperties';
import { createUniform } from './uniform';

const ctx = { rng: createRng(1), round: 0 };
let id = 0;
const unit = (side: Side, price: number, agent = id, energyWh = 100): Order => ({
  id: id++,
  agent,
  side,
  energyWh,
  price,
  loyalty: LOYALTY_SCALE,
});
const book = (bids: number[], asks: number[]): Order[] => [
  ...bids.map((p) => unit('buy', p)),
  ...asks.map((p) => unit('sell', p)),
];

describe('uniform auction: the four cases of thesis table 4.2', () => {
  // Each book is three unit bids and three unit asks with k = 2; the equilibrium range is
  // [max(s_k, b_{k+1}), min(b_k, s_{k+1})] and p = (b_k + s_k) / 2 (worked by hand).
  it.each([
    ['b_{k+1} < s_k, s_{k+1} > b_k -> [s_k, b_k]', [8, 6, 2], [3, 5, 9], [5, 6], 5.5],
    ['b_{k+1} < s_k, s_{k+1} <= b_k -> [s_k, s_{k+1}]', [8, 6, 2], [3, 4, 5], [4, 5], 5],
    ['b_{k+1} >= s_k, s_{k+1} > b_k -> [b_{k+1}, b_k]', [8, 6, 5], [3, 4, 7], [5, 6], 5],
    ['b_{k+1} >= s_k, s_{k+1} <= b_k -> [b_{k+1}, s_{k+1}]', [8, 6, 5], [3, 4, 6], [5, 6], 5],
  ])('%s', (_case, bids, asks, range, price) => {
    const orders = book(bids, asks);
    const b = buildBook(orders, 'id');
    expect(unitPrices(b.bids)).toEqual(bids);
    expect(unitPrices(b.asks)).toEqual(asks);
    const k = breakevenIndex(b);
    expect(k).toBe(2);
    expect(equilibriumRange(b, k)).toEqual(range);
    const r = createUniform().clear(orders, ctx);
    expect(r.clearingPrice).toBe(price);
    expect(r.trades.map((t) => [t.buyOrder, t.sellOrder])).toEqual([
      [orders[0]?.id, orders[3]?.id],
      [orders[1]?.id, orders[4]?.id],
    ]);
    expect(r.trades.every((t) => t.pricePerWh === price * 10_000)).toBe(true);
    expect(clearingViolations(orders, r)).toEqual([]);
  });

  it('averaging can fall below the equilibrium range; the priced-in loser is returned', () => {
    const orders = book([9, 8, 7], [1, 2, 9]);
    const b = buildBook(orders, 'id');
    expect(equilibriumRange(b, breakevenIndex(b))).toEqual([7, 8]);
    const r = createUniform().clear(orders, ctx);
    expect(r.clearingPrice).toBe(5);
    expect(r.fills[2]).toMatchObject({ approvedWh: 0, returnedWh: 100, rejectedWh: 0 });
    expect(r.fills[5]).toMatchObject({ approvedWh: 0, returnedWh: 0, rejectedWh: 100 });
  });
});

describe('uniform auction: hand-worked books in Wh', () => {
  it('splits orders into 100 Wh units and matches unit i with unit i', () => {
    const a = unit('buy', 7, 1, 300);
    const b = unit('buy', 4, 2, 200);
    const c = unit('sell', 3, 3, 400);
    const d = unit('sell', 6, 4, 300);
    // bids 7 7 7 4 4, asks 3 3 3 3 6 6 6: b4 = 4 >= s4 = 3, b5 = 4 < s5 = 6 -> k = 4, p = 3.5
    const r = createUniform().clear([a, b, c, d], ctx);
    expect(r.clearingPrice).toBe(3.5);
    expect(r.trades).toEqual([
      { buyOrder: a.id, sellOrder: c.id, buyer: 1, seller: 3, energyWh: 300, pricePerWh: 35_000 },
      { buyOrder: b.id, sellOrder: c.id, buyer: 2, seller: 3, energyWh: 100, pricePerWh: 35_000 },
    ]);
    expect(r.fills).toEqual([
      { id: a.id, approvedWh: 300, returnedWh: 0, rejectedWh: 0 },
      // 4 >= 3.5: acceptable, no seller left at that price.
      { id: b.id, approvedWh: 100, returnedWh: 100, rejectedWh: 0 },
      { id: c.id, approvedWh: 400, returnedWh: 0, rejectedWh: 0 },
      // 6 > 3.5: priced out.
      { id: d.id, approvedWh: 0, returnedWh: 0, rejectedWh: 300 },
    ]);
  });

  it('breaks price ties by the lower order id', () => {
    const late = { ...unit('buy', 5, 1), id: 50 };
    const early = { ...unit('buy', 5, 2), id: 10 };
    const ask = { ...unit('sell', 2, 3), id: 30 };
    const r = createUniform().clear([late, early, ask], ctx);
    expect(r.trades[0]?.buyOrder).toBe(10);
  });

  it('no sellers: every bid is returned (not penalised); no buyers: every ask is returned', () => {
    const onlyBids = [unit('buy', 2), unit('buy', 8, 9, 500)];
    expect(
      createUniform()
        .clear(onlyBids, ctx)
        .fills.map((f) => f.returnedWh),
    ).toEqual([100, 500]);
    const onlyAsks = [unit('sell', 8, 7, 300)];
    const r = createUniform().clear(onlyAsks, ctx);
    expect(r.fills[0]).toMatchObject({ approvedWh: 0, returnedWh: 300, rejectedWh: 0 });
    expect(r.clearingPrice).toBeNull();
  });

  it('all priced out: both sides rejected, no price', () => {
    const r = createUniform().clear([unit('buy', 2), unit('sell', 3)], ctx);
    expect(r.clearingPrice).toBeNull();
    expect(r.fills.map((f) => f.rejectedWh)).toEqual([100, 100]);
  });
});

describe('uniform auction: properties on random books', () => {
  it('is sound, budget balanced, at one price, and leaves no tradeable pair', () => {
    const mech = createUniform();
    fc.assert(
      fc.property(arbitraryBook(), (orders) => {
        const r = mech.clear(orders, ctx);
        expect(clearingViolations(orders, r)).toEqual([]);
        const prices = new Set(r.trades.map((t) => t.pricePerWh));
        expect(prices.size).toBeLessThanOrEqual(1);
        if (r.trades.length > 0) expect([...prices][0]).toBe((r.clearingPrice ?? NaN) * 10_000);
        // Efficiency: no leftover bid unit is priced at or above a leftover ask unit.
        let maxLeftBid = -Infinity;
        let minLeftAsk = Infinity;
        orders.forEach((o, i) => {
          const f = r.fills[i];
          if (!f || f.approvedWh === o.energyWh) return;
          if (o.side === 'buy') maxLeftBid = Math.max(maxLeftBid, o.price);
          else minLeftAsk = Math.min(minLeftAsk, o.price);
        });
        expect(maxLeftBid < minLeftAsk).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
