/**
 * A second, deliberately naive account of the thesis code's two clearings for property tests of
 * `thesis-loyal` and `thesis-simple` (import from tests only). It follows the code's steps one
 * element at a time, as the code does: lists of 100 Wh records (loyal) or whole orders (simple),
 * the k loop pair by pair, approval by filtering the lists, pairing by popping their heads, the
 * loyal branch's records summed by (buyer, seller, price). The engine's mechanisms walk runs of
 * units instead; {@link checkAgainstReference} checks that both tell the same story. The pair
 * price of the loyal branch is the mechanism's own `codeLoyalPrice`, whose rounding has its own
 * hand-worked tests.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ClearingResult, Mechanism } from '../../src/engine/auctions/mechanism';
import type { CodeOptions } from '../../src/engine/auctions/thesisCode';
import { codeLoyalPrice } from '../../src/engine/auctions/thesisLoyal';
import { createRng } from '../../src/engine/rng';
import type { Order } from '../../src/engine/types';
import { BASE_PER_COIN, coinsPer100WhFromPricePerWh, DIV_WH } from '../../src/engine/units';
import { arbitraryBook, clearingViolations } from './mechanismProperties';

export interface ReferenceOutcome {
  k: number | null;
  p: number | null;
  /** Traded Wh by `${buyOrder}>${sellOrder}@${price}` (price in whole coins per 100 Wh). */
  records: Map<string, number>;
  /** Per order id. */
  tradedWh: Map<number, number>;
  returnedWh: Map<number, number>;
  rejectedWh: Map<number, number>;
  /** Sum over approved elements of their Wh times |price - p| (coins per 100 Wh times Wh). */
  utilityCoinWh: number;
}

interface Element {
  order: Order;
  wh: number;
}

export function referenceClear(
  orders: readonly Order[],
  branch: 'loyal' | 'simple',
  faults: boolean,
): ReferenceOutcome {
  const tie = (a: Order, b: Order): number =>
    branch === 'loyal'
      ? b.loyalty - a.loyalty || b.energyWh - a.energyWh || a.id - b.id
      : b.energyWh - a.energyWh || a.id - b.id;
  const buys = orders
    .filter((o) => o.side === 'buy')
    .sort((a, b) => b.price - a.price || tie(a, b));
  const sells = orders
    .filter((o) => o.side === 'sell')
    .sort((a, b) => a.price - b.price || tie(a, b));
  const split = (list: Order[]): Element[] =>
    branch === 'loyal'
      ? list.flatMap((o) =>
          Array.from({ length: o.energyWh / DIV_WH }, () => ({ order: o, wh: DIV_WH })),
        )
      : list.map((o) => ({ order: o, wh: o.energyWh }));
  const B = split(buys);
  const S = split(sells);
  const out: ReferenceOutcome = {
    k: null,
    p: null,
    records: new Map(),
    tradedWh: new Map(),
    returnedWh: new Map(),
    rejectedWh: new Map(),
    utilityCoinWh: 0,
  };
  const add = (m: Map<number, number>, id: number, wh: number): void => {
    m.set(id, (m.get(id) ?? 0) + wh);
  };
  if (B.length === 0 || S.length === 0) {
    for (const o of orders) add(out.returnedWh, o.id, o.energyWh);
    return out;
  }
  const m = Math.min(B.length, S.length);
  let k = 0;
  let failed = false;
  for (let x = 0; x < (faults ? m - 1 : m); x++) {
    if ((B[x] as Element).order.price >= (S[x] as Element).order.price) k++;
    else {
      k--;
      failed = true;
      break;
    }
  }
  if (!faults && !failed) k--;
  out.k = k;
  if (k < 0) {
    for (const o of orders) add(out.rejectedWh, o.id, o.energyWh);
    return out;
  }
  const sum = (B[k] as Element).order.price + (S[k] as Element).order.price;
  const p = branch === 'loyal' ? Math.floor(sum / 2) : Math.ceil(sum / 2);
  out.p = p;
  const rb = B.filter((e) => e.order.price >= p).map((e) => ({ ...e }));
  const rs = S.filter((e) => e.order.price <= p).map((e) => ({ ...e }));
  for (const e of B.filter((x) => x.order.price < p)) add(out.rejectedWh, e.order.id, e.wh);
  for (const e of S.filter((x) => x.order.price > p)) add(out.rejectedWh, e.order.id, e.wh);
  for (const e of [...rb, ...rs]) out.utilityCoinWh += e.wh * Math.abs(e.order.price - p);
  while (rb.length > 0 && rs.length > 0) {
    const b = rb[0] as Element;
    const s = rs[0] as Element;
    const wh = Math.min(b.wh, s.wh);
    const price =
      branch === 'loyal'
        ? codeLoyalPrice(s.order.price, b.order.price, b.order.loyalty, s.order.loyalty)
        : Math.floor((b.order.price + s.order.price) / 2);
    const key = `${b.order.id}>${s.order.id}@${price}`;
    out.records.set(key, (out.records.get(key) ?? 0) + wh);
    add(out.tradedWh, b.order.id, wh);
    add(out.tradedWh, s.order.id, wh);
    b.wh -= wh;
    s.wh -= wh;
    if (b.wh === 0) rb.shift();
    if (s.wh === 0) rs.shift();
  }
  for (const e of [...rb, ...rs]) add(out.returnedWh, e.order.id, e.wh);
  return out;
}

/**
 * Fails (vitest expect) unless a thesis-* clearing result says what the reference walk says:
 * k, p, the summed trade records, every order's statuses, the records per order and eqAuction;
 * and unless the code's own shape holds (an order is cut whole or not at all; when both sides
 * exist, at most one side has returned units).
 */
export function checkAgainstReference(
  orders: readonly Order[],
  r: ClearingResult,
  ref: ReferenceOutcome,
): void {
  const code = r.code;
  expect(code).toBeDefined();
  if (!code) return;
  expect(code.k).toBe(ref.k);
  expect(code.approvalPrice).toBe(ref.p);
  const traded = new Map<string, number>();
  for (const t of r.trades) {
    const key = `${t.buyOrder}>${t.sellOrder}@${coinsPer100WhFromPricePerWh(t.pricePerWh)}`;
    traded.set(key, (traded.get(key) ?? 0) + t.energyWh);
  }
  expect(traded).toEqual(ref.records);
  const perOrder = new Map<number, Set<string>>();
  for (const key of ref.records.keys()) {
    const [pair, price] = key.split('@') as [string, string];
    const [b, s] = pair.split('>').map(Number) as [number, number];
    const bySeller = orders.find((o) => o.id === s) as Order;
    const byBuyer = orders.find((o) => o.id === b) as Order;
    if (!perOrder.has(b)) perOrder.set(b, new Set());
    if (!perOrder.has(s)) perOrder.set(s, new Set());
    perOrder.get(b)?.add(`${bySeller.agent}@${price}`);
    perOrder.get(s)?.add(`${byBuyer.agent}@${price}`);
  }
  expect(code.records).toEqual(orders.map((o) => perOrder.get(o.id)?.size ?? 0));
  expect(r.fills).toEqual(
    orders.map((o) => ({
      id: o.id,
      approvedWh: ref.tradedWh.get(o.id) ?? 0,
      returnedWh: ref.returnedWh.get(o.id) ?? 0,
      rejectedWh: ref.rejectedWh.get(o.id) ?? 0,
    })),
  );
  expect(code.utility).toBe(ref.utilityCoinWh * (BASE_PER_COIN / DIV_WH));
  for (const f of r.fills) {
    const o = orders.find((x) => x.id === f.id) as Order;
    expect([0, o.energyWh]).toContain(f.rejectedWh);
  }
  if (code.bothSides) {
    const returnedSides = new Set(
      r.fills.filter((f) => f.returnedWh > 0).map((f) => orders.find((o) => o.id === f.id)?.side),
    );
    expect(returnedSides.size).toBeLessThanOrEqual(1);
  }
}

/**
 * The properties both thesis-* mechanisms owe on random books, with faults on and off: the shared
 * invariants of every mechanism; agreement with {@link referenceClear}; and that the fault changes
 * a clearing only when the k walk ends on the untested last pair (then the faulty k is that pair,
 * m - 1 for m = the shorter side's element count, and the fixed k is m - 2).
 */
export function expectCodeProperties(
  branch: 'loyal' | 'simple',
  create: (options: CodeOptions) => Mechanism,
): void {
  const ctx = { rng: createRng(1), round: 0 };
  const elements = (orders: readonly Order[], side: Order['side']): number =>
    orders
      .filter((o) => o.side === side)
      .reduce((n, o) => n + (branch === 'loyal' ? o.energyWh / DIV_WH : 1), 0);
  const faulty = create({ faults: true });
  const fixed = create({ faults: false });
  fc.assert(
    fc.property(arbitraryBook({ maxOrders: 14, maxUnits: 12 }), (orders) => {
      const a = faulty.clear(orders, ctx);
      const b = fixed.clear(orders, ctx);
      expect(clearingViolations(orders, a)).toEqual([]);
      expect(clearingViolations(orders, b)).toEqual([]);
      checkAgainstReference(orders, a, referenceClear(orders, branch, true));
      checkAgainstReference(orders, b, referenceClear(orders, branch, false));
      if (a.code?.k === b.code?.k) {
        expect({ ...a, code: undefined }).toEqual({ ...b, code: undefined });
      } else {
        const m = Math.min(elements(orders, 'buy'), elements(orders, 'sell'));
        expect([a.code?.k, b.code?.k]).toEqual([m - 1, m - 2]);
      }
    }),
    { numRuns: 400 },
  );
}
