/**
 * The walk both of the thesis code's clearings share (`loyaltyDA` and `simpleDReduceAuction` in
 * its service provider), reproduced rule by rule. The two mechanisms, `thesisLoyal.ts` and
 * `thesisSimple.ts`, differ only in what this skeleton takes as a {@link CodeRules}: the sort, the
 * unit the k walk counts in (100 Wh records or whole orders), the rounding of the approval price
 * and the price of a pair.
 *
 *  1. Bids by price descending, asks ascending, ties by the branch's rule, then order id (the code
 *     falls back to its dictionary's order of addresses; the engine's ids are a seeded shuffle).
 *  2. k: walk the pairs over `range(min(len(bids), len(asks)) - 1)`, counting crossing pairs and
 *     stopping at the first that does not cross. With c crossing pairs found, the code's k is
 *     c - 1, except when the walk reaches its end without a failure: then k = c, the index of
 *     the last pair of the shorter side, which the walk never tests. That is the off-by-one
 *     (`faults`); without it the last pair is tested too and k = c - 1 always. k = -1: no trade.
 *  3. The approval price p from pair k's midpoint (floor or ceil). Approved: every bid >= p and
 *     every ask <= p, by price and not "the first k"; the rest is cut (rejected).
 *  4. Approved bids and asks paired in order, partial fills carried on (the loyal branch's i-th
 *     record with i-th record and the simple branch's greedy volume pairing are both this walk);
 *     what is left on the longer side is returned.
 *
 * Individual rationality holds whatever k is: a traded pair has ask <= p <= bid, and both
 * branches price a pair by rounding a value in [ask, bid] to a whole price. Units: the code quotes
 * whole coins per Wh from [2..6]; the engine reads them as whole coins per 100 Wh, so every price
 * here is a whole number of coins per 100 Wh, 10,000 base units per Wh each (docs/THESIS-VARIANT.md,
 * "Units").
 */
import type { Order, Trade } from '../types';
import { BASE_PER_COIN, DIV_WH, pricePerWhFromCoinsPer100Wh } from '../units';
import {
  buildBook,
  explainFills,
  fillsFor,
  matchUnits,
  reference,
  type Book,
  type SortedSide,
} from './book';
import type { ClearingResult, CodeClearing } from './mechanism';

/** The parameters both thesis mechanisms take from the registry. */
export interface CodeOptions {
  /** Reproduce the code's faults (default true); false clears as the code evidently meant. */
  readonly faults: boolean;
}

/** `faults` as given to the registry: absent means true; anything but a boolean is refused. */
export function codeOptions(
  name: string,
  params: Readonly<Record<string, number | string | boolean>>,
): CodeOptions {
  const faults = params.faults ?? true;
  if (typeof faults !== 'boolean') {
    throw new RangeError(`${name} faults: got ${JSON.stringify(faults)}; allowed: true | false`);
  }
  return { faults };
}

/** What makes one of the code's clearings itself. */
export interface CodeRules {
  readonly branch: CodeClearing['branch'];
  readonly mechanism: ClearingResult['mechanism'];
  /** Order of two orders of one side with equal prices (negative: a first). */
  readonly tie: (a: Order, b: Order) => number;
  /** How many pairs of the k walk an order makes up: its 100 Wh records, or 1 (whole orders). */
  readonly elements: (o: Order) => number;
  /** The approval price from pair k's bid and ask, whole coins per 100 Wh. */
  readonly approvalPrice: (bid: number, ask: number) => number;
  /** A traded pair's price in whole coins per 100 Wh, from its bid and ask orders. */
  readonly pairPrice: (bid: Order, ask: Order) => number;
}

function elementCount(s: SortedSide, elements: CodeRules['elements']): number {
  let n = 0;
  for (const o of s.orders) n += elements(o);
  return n;
}

/** The order holding element `index` (0-based) of a side. */
function orderAt(s: SortedSide, index: number, elements: CodeRules['elements']): Order {
  let seen = 0;
  for (const o of s.orders) {
    seen += elements(o);
    if (index < seen) return o;
  }
  throw new RangeError(`element ${index} is past the end of the book side (${seen} elements)`);
}

/** The code's k (step 2 above), over runs of elements so that a large order costs one step. */
export function codeK(book: Book, elements: CodeRules['elements'], faults: boolean): number {
  const { bids, asks } = book;
  const pairs = Math.min(elementCount(bids, elements), elementCount(asks, elements));
  const tested = faults ? pairs - 1 : pairs;
  let crossing = 0;
  let bi = 0;
  let ai = 0;
  let bLeft = bids.orders[0] ? elements(bids.orders[0]) : 0;
  let aLeft = asks.orders[0] ? elements(asks.orders[0]) : 0;
  while (crossing < tested) {
    const b = bids.orders[bi] as Order;
    const a = asks.orders[ai] as Order;
    if (b.price < a.price) return crossing - 1;
    const run = Math.min(bLeft, aLeft, tested - crossing);
    crossing += run;
    bLeft -= run;
    aLeft -= run;
    if (bLeft === 0 && ++bi < bids.orders.length) bLeft = elements(bids.orders[bi] as Order);
    if (aLeft === 0 && ++ai < asks.orders.length) aLeft = elements(asks.orders[ai] as Order);
  }
  // Every tested pair crossed. The code's k then points at the untested last pair.
  return faults ? crossing : crossing - 1;
}

/** 100 Wh units of the approved prefix of a side (bids >= p, asks <= p). */
function approvedUnits(s: SortedSide, ok: (price: number) => boolean): number {
  let units = 0;
  for (const o of s.orders) {
    if (!ok(o.price)) break;
    units += o.energyWh / DIV_WH;
  }
  return units;
}

/** Trade records per order: its trades, one per distinct counterpart household and price. */
export function recordCounts(orders: readonly Order[], trades: readonly Trade[]): number[] {
  const position = new Map<number, number>();
  orders.forEach((o, i) => position.set(o.id, i));
  const seen = orders.map(() => new Set<string>());
  for (const t of trades) {
    seen[position.get(t.buyOrder) as number]?.add(`${t.seller}:${t.pricePerWh}`);
    seen[position.get(t.sellOrder) as number]?.add(`${t.buyer}:${t.pricePerWh}`);
  }
  return seen.map((s) => s.size);
}

/** One of the code's summed transaction records: a pair of orders at one price, its Wh summed. */
export interface TradeRecord {
  /** Positions of the buy and the sell order in the round's order list. */
  readonly buy: number;
  readonly sell: number;
  readonly pricePerWh: number;
  readonly energyWh: number;
}

/**
 * The round's trades summed into the code's records (`transactionsSummed`): one per buyer,
 * seller and price, in the order their first trade was made. The code's Q updates walk these.
 */
export function tradeRecords(orders: readonly Order[], trades: readonly Trade[]): TradeRecord[] {
  const position = new Map<number, number>();
  orders.forEach((o, i) => position.set(o.id, i));
  const at = new Map<string, number>();
  const out: { buy: number; sell: number; pricePerWh: number; energyWh: number }[] = [];
  for (const t of trades) {
    const buy = position.get(t.buyOrder) as number;
    const sell = position.get(t.sellOrder) as number;
    const k = `${buy}:${sell}:${t.pricePerWh}`;
    const j = at.get(k);
    if (j === undefined) {
      at.set(k, out.length);
      out.push({ buy, sell, pricePerWh: t.pricePerWh, energyWh: t.energyWh });
    } else (out[j] as (typeof out)[number]).energyWh += t.energyWh;
  }
  return out;
}

/** Base units of one Wh at one whole coin per 100 Wh. */
const BASE_PER_WH_PER_COIN = BASE_PER_COIN / DIV_WH;

export function clearCode(
  orders: readonly Order[],
  rules: CodeRules,
  options: CodeOptions,
): ClearingResult {
  const book: Book = buildBook(orders, rules.tie);
  const bothSides = book.bids.orders.length > 0 && book.asks.orders.length > 0;
  const k = bothSides ? codeK(book, rules.elements, options.faults) : null;
  const p =
    k !== null && k >= 0
      ? rules.approvalPrice(
          orderAt(book.bids, k, rules.elements).price,
          orderAt(book.asks, k, rules.elements).price,
        )
      : null;
  const paired =
    p === null
      ? 0
      : Math.min(
          approvedUnits(book.bids, (price) => price >= p),
          approvedUnits(book.asks, (price) => price <= p),
        );
  const { trades, approved } = matchUnits(book, paired, orders.length, (bid, ask) => ({
    pricePerWh: pricePerWhFromCoinsPer100Wh(rules.pairPrice(bid, ask)),
  }));
  let utility = 0;
  if (p !== null) {
    for (const o of orders) {
      if (o.side === 'buy' ? o.price >= p : o.price <= p) {
        utility += o.energyWh * Math.abs(o.price - p) * BASE_PER_WH_PER_COIN;
      }
    }
  }
  // fillsFor's rule is the code's: acceptable at p is returned, else rejected (cut); with no
  // p (k = -1) everything is cut; with an empty side everything is returned.
  const fills = fillsFor(orders, approved, p, book);
  return {
    mechanism: rules.mechanism,
    clearingPrice: null,
    trades,
    fills,
    auctioneerSurplus: 0,
    explanation: explainFills(orders, fills, reference(p, 'the approval price')),
    code: {
      branch: rules.branch,
      faults: options.faults,
      bothSides,
      k,
      approvalPrice: p,
      records: recordCounts(orders, trades),
      utility,
    },
  };
}
