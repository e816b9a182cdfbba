/**
 * Test-only helpers for the extra mechanisms (pay-as-bid, McAfee, CDA, community): random books
 * for fast-check and the invariants every mechanism owes the engine. Imported only from tests.
 */
import fc from 'fast-check';
import { createRng } from '../rng';
import type { Order, Side } from '../types';
import { DIV_WH, LOYALTY_SCALE, pricePerWhFromCoinsPer100Wh } from '../units';
import type { ClearingContext, ClearingResult } from './mechanism';

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

/** Random books: one order per household at most (as the engine sends), prices 1..10. */
export const bookArb: fc.Arbitrary<Order[]> = fc
  .array(
    fc.record({
      side: fc.constantFrom<Side>('buy', 'sell'),
      units: fc.integer({ min: 1, max: 12 }),
      price: fc.integer({ min: 1, max: 10 }),
      loyalty: fc.integer({ min: LOYALTY_SCALE / 10, max: 3 * LOYALTY_SCALE }),
    }),
    { maxLength: 14 },
  )
  .map((rows) =>
    rows.map((r, i) => ({
      id: 100 + i,
      agent: i,
      side: r.side,
      energyWh: r.units * DIV_WH,
      price: r.price,
      loyalty: r.loyalty,
    })),
  );

/** Single-unit books (McAfee's own setting). */
export const singleUnitBookArb: fc.Arbitrary<Order[]> = bookArb.map((orders) =>
  orders.map((o) => ({ ...o, energyWh: DIV_WH })),
);

function buyerPrice(t: ClearingResult['trades'][number]): number {
  const b = (t as { buyerPricePerWh?: number }).buyerPricePerWh;
  return b ?? t.pricePerWh;
}

/**
 * Every invariant a mechanism owes the engine; returns a list of violations (empty when fine), so
 * a failing property shows what broke.
 */
export function violations(orders: readonly Order[], r: ClearingResult): string[] {
  const out: string[] = [];
  const byId = new Map(orders.map((o) => [o.id, o]));
  if (r.fills.length !== orders.length) out.push(`fills ${r.fills.length} != ${orders.length}`);
  const traded = new Map<number, number>();
  let surplus = 0;
  for (const t of r.trades) {
    const b = byId.get(t.buyOrder);
    const s = byId.get(t.sellOrder);
    if (!b || b.side !== 'buy' || b.agent !== t.buyer)
      out.push(`bad buy side ${JSON.stringify(t)}`);
    if (!s || s.side !== 'sell' || s.agent !== t.seller)
      out.push(`bad sell side ${JSON.stringify(t)}`);
    if (!(t.energyWh > 0) || !Number.isInteger(t.energyWh)) out.push(`energy ${t.energyWh}`);
    if (!Number.isInteger(t.pricePerWh) || !Number.isInteger(buyerPrice(t)))
      out.push(`non-integer price ${JSON.stringify(t)}`);
    if (b && buyerPrice(t) > pricePerWhFromCoinsPer100Wh(b.price))
      out.push(`buyer ${b.id} pays ${buyerPrice(t)} above its bid ${b.price}`);
    if (s && t.pricePerWh < pricePerWhFromCoinsPer100Wh(s.price))
      out.push(`seller ${s.id} gets ${t.pricePerWh} below its ask ${s.price}`);
    if (buyerPrice(t) < t.pricePerWh) out.push(`buyer pays less than seller gets`);
    surplus += t.energyWh * (buyerPrice(t) - t.pricePerWh);
    traded.set(t.buyOrder, (traded.get(t.buyOrder) ?? 0) + t.energyWh);
    traded.set(t.sellOrder, (traded.get(t.sellOrder) ?? 0) + t.energyWh);
  }
  orders.forEach((o, i) => {
    const f = r.fills[i];
    if (!f || f.id !== o.id) {
      out.push(`fill ${i} is not order ${o.id}`);
      return;
    }
    if (f.approvedWh + f.returnedWh + f.rejectedWh !== o.energyWh)
      out.push(`order ${o.id}: fills sum ${JSON.stringify(f)} != ${o.energyWh}`);
    if (f.approvedWh < 0 || f.returnedWh < 0 || f.rejectedWh < 0)
      out.push(`negative fill ${JSON.stringify(f)}`);
    if ((traded.get(o.id) ?? 0) !== f.approvedWh)
      out.push(`order ${o.id}: traded ${traded.get(o.id) ?? 0} != approved ${f.approvedWh}`);
  });
  if (surplus !== r.auctioneerSurplus)
    out.push(`auctioneerSurplus ${r.auctioneerSurplus} != trades' ${surplus}`);
  if (r.auctioneerSurplus < 0) out.push(`negative auctioneer surplus`);
  return out;
}
