import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arbitraryBook,
  clearingViolations,
  explanationViolations,
} from '../../../test/support/mechanismProperties';
import { createRng } from '../rng';
import type { Order } from '../types';
import { createMechanism, MECHANISM_NAMES } from './index';

const order = (id: number, side: 'buy' | 'sell', units: number, price: number): Order => ({
  id,
  agent: id,
  side,
  energyWh: units * 100,
  price,
  loyalty: 1_000_000,
});

describe('every mechanism says why each order fared as it did', () => {
  for (const name of MECHANISM_NAMES) {
    it(`${name}: a reason per order that matches its status and its reference price`, () => {
      fc.assert(
        fc.property(arbitraryBook({ maxOrders: 12, maxUnits: 6 }), fc.integer(), (orders, seed) => {
          const m = createMechanism(name, { priceMin: 1, priceMax: 10 });
          const r = m.clear(orders, { rng: createRng(seed), round: 0 });
          expect(r.explanation, 'an explanation').toBeDefined();
          expect(clearingViolations(orders, r)).toEqual([]);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('names the reference price and the reasons on a hand-worked uniform book', () => {
    // Units: bids 6, 6, 3; asks 2, 7. k = 1 (6 >= 2, 6 < 7): p = (6 + 2) / 2 = 4. The bid at 3
    // is under 4 (priced out), the ask at 7 over it (priced out); one unit of 6 trades with 2.
    const orders = [order(0, 'buy', 2, 6), order(1, 'buy', 1, 3), order(2, 'sell', 1, 2)];
    orders.push(order(3, 'sell', 1, 7));
    const r = createMechanism('uniform').clear(orders, { rng: createRng(1), round: 0 });
    expect(r.explanation?.buyReference).toEqual({ price: 4, name: 'the clearing price' });
    // The bid at 6 wanted 2 units and got 1: its rest is returned, acceptable at 4 but with no
    // seller left.
    expect(r.explanation?.reasons).toEqual(['left-over', 'priced-out', 'traded', 'priced-out']);
    expect(explanationViolations(orders, r)).toEqual([]);
  });

  it('says a book with one side is unopposed, and McAfee gives up the marginal orders', () => {
    const lonely = [order(0, 'buy', 1, 6), order(1, 'buy', 2, 3)];
    const u = createMechanism('uniform').clear(lonely, { rng: createRng(1), round: 0 });
    expect(u.explanation?.reasons).toEqual(['unopposed', 'unopposed']);
    // Bids 9, 8, asks 1, 2 and no further orders: p0 is undefined, so the marginal pair (8, 2)
    // leaves and 9 trades with 1 at b_k = 8 / s_k = 2.
    const book = [
      order(0, 'buy', 1, 9),
      order(1, 'buy', 1, 8),
      order(2, 'sell', 1, 1),
      order(3, 'sell', 1, 2),
    ];
    const m = createMechanism('mcafee').clear(book, { rng: createRng(1), round: 0 });
    expect(m.explanation?.reasons).toEqual(['traded', 'given-up', 'traded', 'given-up']);
    expect(m.explanation?.buyReference?.price).toBe(8);
    expect(m.explanation?.sellReference?.price).toBe(2);
  });

  it('lists the continuous auction’s arrivals, each order once', () => {
    const book = [order(0, 'buy', 1, 9), order(1, 'sell', 1, 1), order(2, 'sell', 1, 2)];
    const r = createMechanism('cda').clear(book, { rng: createRng(7), round: 0 });
    expect([...(r.explanation?.arrivals ?? [])].sort()).toEqual([0, 1, 2]);
  });
});
