import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import type { Order, Side } from '../types';
import { LOYALTY_SCALE } from '../units';
import { createLoyalty, loyaltyPricePerWh } from './loyalty';
import { arbitraryBook, clearingViolations } from '../../../test/support/mechanismProperties';
import { createUniform } from './uniform';

const ctx = { rng: createRng(1), round: 0 };
let id = 0;
const o = (side: Side, price: number, loyalty: number, energyWh = 100, agent = id): Order => ({
  id: id++,
  agent,
  side,
  energyWh,
  price,
  loyalty: Math.round(loyalty * LOYALTY_SCALE),
});

describe('loyalty auction', () => {
  it('prices a pair at ask * w_b + bid * w_s: the more loyal side gets its better end', () => {
    const bid = o('buy', 8, 3);
    const ask = o('sell', 2, 1);
    const r = createLoyalty().clear([bid, ask], ctx);
    // (2 * 3 + 8 * 1) / 4 = 3.5 coins per 100 Wh = 35,000 base units per Wh
    expect(r.trades).toEqual([
      {
        buyOrder: bid.id,
        sellOrder: ask.id,
        buyer: bid.agent,
        seller: ask.agent,
        energyWh: 100,
        pricePerWh: 35_000,
      },
    ]);
    const loyalSeller = createLoyalty().clear([o('buy', 8, 1), o('sell', 2, 3)], ctx);
    expect(loyalSeller.trades[0]?.pricePerWh).toBe(65_000);
    const equal = createLoyalty().clear([o('buy', 8, 2), o('sell', 2, 2)], ctx);
    expect(equal.trades[0]?.pricePerWh).toBe(50_000);
    expect(equal.clearingPrice).toBeNull();
  });

  it('rounds the weighted price once, half to even', () => {
    expect(loyaltyPricePerWh(1, 2, 1, 1)).toBe(2); // 1.5 -> 2
    expect(loyaltyPricePerWh(2, 3, 1, 1)).toBe(2); // 2.5 -> 2
    expect(loyaltyPricePerWh(10, 20, 2, 1)).toBe(13); // 13.33 -> 13
    expect(loyaltyPricePerWh(10, 20, 1, 2)).toBe(17); // 16.67 -> 17
    // Past 2^53 the bigint path gives the same rule.
    const big = loyaltyPricePerWh(10_000_000_000, 10_000_000_001, 1e9, 1e9);
    expect(big).toBe(10_000_000_000);
  });

  it('breaks price ties by loyalty, then by order id', () => {
    const low = o('buy', 5, 1);
    const high = o('buy', 5, 2);
    const ask = o('sell', 3, 1);
    const r = createLoyalty().clear([low, high, ask], ctx);
    expect(r.trades.map((t) => t.buyOrder)).toEqual([high.id]);
    expect(r.fills[0]).toMatchObject({ returnedWh: 100 });
  });

  it('matches exactly the units the uniform auction matches', () => {
    fc.assert(
      fc.property(arbitraryBook(), (orders) => {
        const sameLoyalty = orders.map((x) => ({ ...x, loyalty: LOYALTY_SCALE }));
        const u = createUniform().clear(sameLoyalty, ctx);
        const l = createLoyalty().clear(sameLoyalty, ctx);
        expect(l.fills).toEqual(u.fills);
      }),
      { numRuns: 200 },
    );
  });

  it('is sound on random books: statuses, coins, individual rationality', () => {
    const mech = createLoyalty();
    fc.assert(
      fc.property(arbitraryBook(), (orders) => {
        expect(clearingViolations(orders, mech.clear(orders, ctx))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
