import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { breakevenIndex, buildBook, unitPrices } from './book';
import { clearPayAsBid, createPayAsBid } from './payAsBid';
import { bookArb, ctxFor, order, violations } from '../../../test/support/mechanismTestkit';
import { pricePerWhFromCoinsPer100Wh } from '../units';

describe('pay-as-bid', () => {
  it('trades each matched pair at its own midpoint on a hand-worked book', () => {
    const a = order('buy', 300, 8, 0);
    const b = order('buy', 200, 5, 1);
    const c = order('sell', 200, 2, 2);
    const d = order('sell', 300, 6, 3);
    // Bid units 8 8 8 5 5, ask units 2 2 6 6 6: pairs (8,2) (8,2) (8,6) cross, (5,6) does not.
    const r = clearPayAsBid([a, b, c, d]);
    expect(r.trades).toEqual([
      { buyOrder: a.id, sellOrder: c.id, buyer: 0, seller: 2, energyWh: 200, pricePerWh: 50_000 },
      { buyOrder: a.id, sellOrder: d.id, buyer: 0, seller: 3, energyWh: 100, pricePerWh: 70_000 },
    ]);
    expect(r.clearingPrice).toBeNull();
    // Marginal midpoint 7: b's 5 is priced out, d's 6 would have sold at 7.
    expect(r.fills).toEqual([
      { id: a.id, approvedWh: 300, returnedWh: 0, rejectedWh: 0 },
      { id: b.id, approvedWh: 0, returnedWh: 0, rejectedWh: 200 },
      { id: c.id, approvedWh: 200, returnedWh: 0, rejectedWh: 0 },
      { id: d.id, approvedWh: 100, returnedWh: 200, rejectedWh: 0 },
    ]);
    expect(violations([a, b, c, d], r)).toEqual([]);
  });

  it('returns everything when one side of the book is empty and rejects an uncrossed book', () => {
    const onlySellers = [order('sell', 300, 4, 0), order('sell', 100, 9, 1)];
    expect(clearPayAsBid(onlySellers).fills.map((f) => f.returnedWh)).toEqual([300, 100]);
    const uncrossed = [order('buy', 200, 3, 0), order('sell', 100, 5, 1)];
    const r = clearPayAsBid(uncrossed);
    expect(r.trades).toEqual([]);
    expect(r.fills.map((f) => f.rejectedWh)).toEqual([200, 100]);
  });

  it('properties: IR, conservation, fills sum, determinism on random books', () => {
    const m = createPayAsBid();
    fc.assert(
      fc.property(bookArb, fc.integer(), (orders, seed) => {
        const r = m.clear(orders, ctxFor(seed));
        expect(violations(orders, r)).toEqual([]);
        expect(r.auctioneerSurplus).toBe(0);
        expect(m.clear(orders, ctxFor(seed + 1))).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });

  it('property: every matched unit pair trades at its own midpoint, volume = k units', () => {
    fc.assert(
      fc.property(bookArb, (orders) => {
        const book = buildBook(orders, 'id');
        const k = breakevenIndex(book);
        const bids = unitPrices(book.bids);
        const asks = unitPrices(book.asks);
        const expected: number[] = [];
        for (let i = 0; i < k; i++) {
          const b = bids[i] as number;
          const s = asks[i] as number;
          expect(b).toBeGreaterThanOrEqual(s);
          expected.push(pricePerWhFromCoinsPer100Wh((b + s) / 2));
        }
        // k is maximal: the next pair (if any) does not cross.
        const nb = bids[k];
        const ns = asks[k];
        if (nb !== undefined && ns !== undefined) expect(nb).toBeLessThan(ns);
        const perUnit = clearPayAsBid(orders).trades.flatMap((t) =>
          Array.from({ length: t.energyWh / 100 }, () => t.pricePerWh),
        );
        expect(perUnit).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
