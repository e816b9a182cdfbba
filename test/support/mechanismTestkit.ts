/**
 * Test-only helpers for the extra mechanisms (pay-as-bid, McAfee, CDA, community), on top of the
 * engine's shared property helper (./properties): hand-written orders, contexts, and McAfee's
 * single-unit setting. Imported only from tests.
 */
import type fc from 'fast-check';
import { createRng } from '../../src/engine/rng';
import type { Order, Side } from '../../src/engine/types';
import { DIV_WH, LOYALTY_SCALE } from '../../src/engine/units';
import type { ClearingContext } from '../../src/engine/auctions/mechanism';
import { arbitraryBook } from './mechanismProperties';

export { arbitraryBook, clearingViolations as violations } from './mechanismProperties';

export function ctxFor(seed: number, round = 0): ClearingContext {
  return { rng: createRng(seed), round };
}

let nextId = 1;
/** A hand-written order; ids are unique across a test file unless given. */
export function order(
  side: Side,
  energyWh: number,
  price: number,
  agent: number,
  extra: Partial<Order> = {},
): Order {
  return { id: nextId++, agent, side, energyWh, price, loyalty: LOYALTY_SCALE, ...extra };
}

/** Random books as the engine sends them (one order per household, prices 1..10). */
export const bookArb: fc.Arbitrary<Order[]> = arbitraryBook({ maxOrders: 14, maxUnits: 12 });

/** Single-unit books: McAfee's own setting, where its truthfulness argument applies. */
export const singleUnitBookArb: fc.Arbitrary<Order[]> = bookArb.map((orders) =>
  orders.map((o) => ({ ...o, energyWh: DIV_WH })),
);
