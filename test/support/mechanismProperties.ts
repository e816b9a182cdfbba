/**
 * Reusable invariants every clearing mechanism owes the engine, and a fast-check generator of
 * random books, for property tests of any mechanism (import from tests only).
 *
 *   fc.assert(fc.property(arbitraryBook(), (orders) => {
 *     expect(clearingViolations(orders, mech.clear(orders, ctx))).toEqual([]);
 *   }));
 */
import fc from 'fast-check';
import type { Order, Side } from '../../src/engine/types';
import { DIV_WH, LOYALTY_SCALE, pricePerWhFromCoinsPer100Wh } from '../../src/engine/units';
import type { ClearingResult } from '../../src/engine/auctions/mechanism';

export interface BookShape {
  maxOrders?: number;
  maxUnits?: number;
  minPrice?: number;
  maxPrice?: number;
}

/** Random books with unique ids, at most one order per agent (as the engine sends them). */
export function arbitraryBook(shape: BookShape = {}): fc.Arbitrary<Order[]> {
  const { maxOrders = 16, maxUnits = 15, minPrice = 1, maxPrice = 10 } = shape;
  return fc
    .array(
      fc.record({
        side: fc.constantFrom<Side>('buy', 'sell'),
        units: fc.integer({ min: 1, max: maxUnits }),
        price: fc.integer({ min: minPrice, max: maxPrice }),
        loyalty: fc.integer({ min: LOYALTY_SCALE / 100, max: 50 * LOYALTY_SCALE }),
      }),
      { maxLength: maxOrders },
    )
    .map((rows) =>
      rows.map((r, i) => ({
        id: 1000 - 7 * i,
        agent: i,
        side: r.side,
        energyWh: r.units * DIV_WH,
        price: r.price,
        loyalty: r.loyalty,
      })),
    );
}

/** Every broken invariant, as readable strings; empty when the result is sound. */
export function clearingViolations(orders: readonly Order[], r: ClearingResult): string[] {
  const bad: string[] = [];
  const byId = new Map(orders.map((o) => [o.id, o]));
  if (r.fills.length !== orders.length)
    bad.push(`fills: ${r.fills.length} for ${orders.length} orders`);
  const traded = new Map<number, number>();
  let paid = 0;
  let received = 0;
  for (const t of r.trades) {
    const bid = byId.get(t.buyOrder);
    const ask = byId.get(t.sellOrder);
    const tag = `trade ${t.buyOrder}->${t.sellOrder}`;
    if (!bid || bid.side !== 'buy' || bid.agent !== t.buyer) bad.push(`${tag}: bad buy order`);
    if (!ask || ask.side !== 'sell' || ask.agent !== t.seller) bad.push(`${tag}: bad sell order`);
    if (t.energyWh <= 0 || t.energyWh % DIV_WH !== 0) bad.push(`${tag}: energy ${t.energyWh}`);
    if (!Number.isSafeInteger(t.pricePerWh)) bad.push(`${tag}: price ${t.pricePerWh} not integer`);
    const buyerPays = t.buyerPricePerWh ?? t.pricePerWh;
    if (bid && buyerPays > pricePerWhFromCoinsPer100Wh(bid.price)) {
      bad.push(`${tag}: buyer pays ${buyerPays} above its bid ${bid.price}`);
    }
    if (ask && t.pricePerWh < pricePerWhFromCoinsPer100Wh(ask.price)) {
      bad.push(`${tag}: seller gets ${t.pricePerWh} below its ask ${ask.price}`);
    }
    paid += t.energyWh * buyerPays;
    received += t.energyWh * t.pricePerWh;
    traded.set(t.buyOrder, (traded.get(t.buyOrder) ?? 0) + t.energyWh);
    traded.set(t.sellOrder, (traded.get(t.sellOrder) ?? 0) + t.energyWh);
  }
  if (paid - received !== r.auctioneerSurplus) {
    bad.push(`coins: buyers paid ${paid}, sellers got ${received}, surplus ${r.auctioneerSurplus}`);
  }
  if (r.auctioneerSurplus < 0) bad.push(`auctioneer surplus negative: ${r.auctioneerSurplus}`);
  orders.forEach((o, i) => {
    const f = r.fills[i];
    if (!f) return;
    if (f.id !== o.id) bad.push(`fills[${i}].id ${f.id} for order ${o.id}`);
    for (const [k, v] of Object.entries({
      approvedWh: f.approvedWh,
      returnedWh: f.returnedWh,
      rejectedWh: f.rejectedWh,
    })) {
      if (v < 0 || v % DIV_WH !== 0) bad.push(`order ${o.id}: ${k} = ${v}`);
    }
    if (f.approvedWh + f.returnedWh + f.rejectedWh !== o.energyWh) {
      bad.push(`order ${o.id}: statuses sum to ${f.approvedWh + f.returnedWh + f.rejectedWh}`);
    }
    if ((traded.get(o.id) ?? 0) !== f.approvedWh) {
      bad.push(`order ${o.id}: traded ${traded.get(o.id) ?? 0} but approved ${f.approvedWh}`);
    }
  });
  bad.push(...explanationViolations(orders, r));
  return bad;
}

/**
 * Where a clearing's explanation disagrees with its fills: a reason per order that matches its
 * status (traded: nothing left; priced-out: rejected; the rest: returned), and a priced-out
 * order on the wrong side of its reference price, or a left-over one on the wrong side of it.
 */
export function explanationViolations(orders: readonly Order[], r: ClearingResult): string[] {
  const x = r.explanation;
  if (!x) return [];
  const bad: string[] = [];
  if (x.reasons.length !== orders.length)
    bad.push(`reasons: ${x.reasons.length} for ${orders.length}`);
  const sides = new Set(orders.map((o) => o.side));
  orders.forEach((o, i) => {
    const f = r.fills[i];
    const why = x.reasons[i];
    if (!f || !why) return;
    const tag = `order ${o.id} (${o.side} at ${o.price}, ${why})`;
    const ref = o.side === 'buy' ? x.buyReference : x.sellReference;
    const rest = f.returnedWh + f.rejectedWh;
    if ((why === 'traded') !== (rest === 0)) bad.push(`${tag}: ${rest} Wh left`);
    if ((why === 'priced-out') !== f.rejectedWh > 0) bad.push(`${tag}: rejected ${f.rejectedWh}`);
    if (why === 'unopposed' && sides.has(o.side === 'buy' ? 'sell' : 'buy')) {
      bad.push(`${tag}: the other side is not empty`);
    }
    const acceptable = (p: number) => (o.side === 'buy' ? o.price >= p : o.price <= p);
    if (why === 'priced-out' && ref && acceptable(ref.price)) {
      bad.push(`${tag}: acceptable at ${ref.name} ${ref.price}`);
    }
    if (why === 'left-over' && (!ref || !acceptable(ref.price))) {
      bad.push(`${tag}: not acceptable at ${ref ? `${ref.name} ${ref.price}` : 'no reference'}`);
    }
  });
  if (
    x.arrivals &&
    [...x.arrivals].sort((a, b) => a - b).join() !== orders.map((_, i) => i).join()
  ) {
    bad.push(`arrivals ${x.arrivals.join(',')} are not the ${orders.length} orders once each`);
  }
  return bad;
}
