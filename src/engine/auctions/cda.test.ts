import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rng } from '../rng';
import type { Order } from '../types';
import { pricePerWhFromCoinsPer100Wh } from '../units';
import { arrivalOrder, clearCda, createCda } from './cda';
import type { ClearingContext } from './mechanism';
import { bookArb, ctxFor, order, violations } from '../../../test/support/mechanismTestkit';

/** A stream whose Fisher-Yates draws keep the input order: arrivals in the order given. */
const inOrder: Rng = { next: () => 0, int: (n) => n - 1, fork: () => inOrder };
const inputOrderCtx: ClearingContext = { rng: inOrder, round: 0 };

describe('continuous double auction', () => {
  it('trades each arrival against the best resting order at the resting price', () => {
    const s1 = order('sell', 200, 4, 0);
    const s2 = order('sell', 100, 3, 1);
    const b1 = order('buy', 200, 5, 2); // takes s2 at 3 (best), then s1 at 4
    const b2 = order('buy', 200, 3, 3); // s1's 4 is too dear: rests
    const s3 = order('sell', 100, 2, 4); // hits b2 at b2's 3
    const s4 = order('sell', 100, 9, 5); // rests, priced out
    const orders = [s1, s2, b1, b2, s3, s4];
    const r = clearCda(orders, inputOrderCtx);
    expect(r.trades.map((t) => [t.buyOrder, t.sellOrder, t.energyWh, t.pricePerWh])).toEqual([
      [b1.id, s2.id, 100, 30_000],
      [b1.id, s1.id, 100, 40_000],
      [b2.id, s3.id, 100, 30_000],
    ]);
    // Traded prices span 3..4: b2's 3 and s1's 4 were acceptable (returned), s4's 9 was not.
    expect(r.fills.map((f) => [f.approvedWh, f.returnedWh, f.rejectedWh])).toEqual([
      [100, 100, 0],
      [100, 0, 0],
      [200, 0, 0],
      [100, 100, 0],
      [100, 0, 0],
      [0, 0, 100],
    ]);
    expect(r.clearingPrice).toBeNull();
    expect(violations(orders, r)).toEqual([]);
  });

  it('gives the better price to whoever rested first: the arrival order matters', () => {
    const bid = order('buy', 100, 8, 0);
    const ask = order('sell', 100, 2, 1);
    const bidFirst = clearCda([bid, ask], inputOrderCtx);
    const askFirst = clearCda([ask, bid], inputOrderCtx);
    expect(bidFirst.trades[0]?.pricePerWh).toBe(80_000);
    expect(askFirst.trades[0]?.pricePerWh).toBe(20_000);
  });

  it('with a seeded stream is reproducible, and different seeds give different outcomes', () => {
    const orders = [
      order('buy', 300, 8, 0),
      order('buy', 200, 6, 1),
      order('sell', 200, 3, 2),
      order('sell', 300, 5, 3),
    ];
    const outcomes = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const a = clearCda(orders, ctxFor(seed));
      expect(clearCda(orders, ctxFor(seed))).toEqual(a);
      outcomes.add(JSON.stringify(a.trades));
    }
    expect(outcomes.size).toBeGreaterThan(1);
  });

  it('arrivalOrder is a permutation drawn from the stream', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer(), (n, seed) => {
        const p = arrivalOrder(n, ctxFor(seed));
        expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(arrivalOrder(n, ctxFor(seed))).toEqual(p);
      }),
    );
  });

  it('properties: IR, conservation, fills sum, determinism, uncrossed book at the end', () => {
    const m = createCda();
    fc.assert(
      fc.property(bookArb, fc.integer(), (orders, seed) => {
        const r = m.clear(orders, ctxFor(seed));
        expect(violations(orders, r)).toEqual([]);
        expect(m.clear(orders, ctxFor(seed))).toEqual(r);
        // Each trade is at one of its two orders' own prices (the resting one).
        const byId = new Map(orders.map((o) => [o.id, o]));
        for (const t of r.trades) {
          const own = [byId.get(t.buyOrder), byId.get(t.sellOrder)].map((o) =>
            pricePerWhFromCoinsPer100Wh((o as Order).price),
          );
          expect(own).toContain(t.pricePerWh);
        }
        // What rests at the end cannot trade: best resting bid below best resting ask.
        const resting = orders.filter((o, i) => r.fills[i]!.approvedWh < o.energyWh);
        const bestBid = Math.max(...resting.filter((o) => o.side === 'buy').map((o) => o.price));
        const bestAsk = Math.min(...resting.filter((o) => o.side === 'sell').map((o) => o.price));
        expect(bestBid).toBeLessThan(bestAsk);
      }),
      { numRuns: 300 },
    );
  });
});
