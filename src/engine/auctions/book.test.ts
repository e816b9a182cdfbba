import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Order } from '../types';
import { buildBook, type TieBreak } from './book';

/** The rule written as one stable comparison sort: what the bucketed sort must reproduce. */
function reference(orders: readonly Order[], s: 'buy' | 'sell', tie: TieBreak): number[] {
  const dir = s === 'buy' ? -1 : 1;
  return orders
    .map((o, i) => [o, i] as const)
    .filter(([o]) => o.side === s)
    .sort(([a], [b]) => {
      if (a.price !== b.price) return dir * (a.price - b.price);
      const t = tie === 'id' ? 0 : tie === 'loyalty' ? b.loyalty - a.loyalty : tie(a, b);
      return t || a.id - b.id;
    })
    .map(([, i]) => i);
}

const order = (wide: boolean): fc.Arbitrary<Omit<Order, 'id'>> =>
  fc.record({
    agent: fc.nat(50),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    energyWh: fc.integer({ min: 1, max: 30 }).map((u) => u * 100),
    price: wide ? fc.integer({ min: 0, max: 1_000_000 }) : fc.integer({ min: 2, max: 8 }),
    loyalty: wide
      ? fc.integer({ min: 1, max: 2 ** 40 })
      : fc.constantFrom(500_000, 1_000_000, 1_020_000, 1_040_400, 2_000_000),
  });

describe('buildBook orders each side exactly as one stable sort by price, tie rule and id', () => {
  const ties: TieBreak[] = ['id', 'loyalty', (a, b) => a.agent - b.agent];
  it('for shuffled ids, narrow and wide price lists, every tie rule', () => {
    fc.assert(
      fc.property(
        fc.array(order(false), { maxLength: 60 }),
        fc.array(order(true), { maxLength: 10 }),
        fc.boolean(),
        fc.nat(2),
        fc.option(fc.nat(1000), { nil: null }),
        (narrow, wide, addWide, t, salt) => {
          const raw = addWide ? [...narrow, ...wide] : narrow;
          // Ids in input order (the engine's books) or unique but shuffled (a book given by hand).
          const orders = raw.map((o, i) => ({
            ...o,
            id: salt === null ? i : (i * 7919 + salt) % 100_003,
          }));
          const tie = ties[t] as TieBreak;
          const book = buildBook(orders, tie);
          expect([...book.bids.positions]).toEqual(reference(orders, 'buy', tie));
          expect([...book.asks.positions]).toEqual(reference(orders, 'sell', tie));
          expect(book.bids.orders).toEqual(book.bids.positions.map((p) => orders[p]));
        },
      ),
    );
  });
});
