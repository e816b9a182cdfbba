/**
 * McAfee's trade reduction double auction (McAfee 1992), the truthful variant: no trading
 * household's own price ever sets the price it trades at, so shading a bid or an ask cannot buy a
 * better price, only lose the trade.
 *
 * With the uniform auction's matching (k efficient unit pairs, b_1 >= .. >= b_k >= s_k >= .. >=
 * s_1, ties by order id) the candidate price is p0 = (b' + s') / 2 of the best bid and the best
 * ask that are NOT among the k pairs. If s_k <= p0 <= b_k all k pairs trade at p0 (budget
 * balanced). Otherwise the marginal pair is reduced away: buyers pay b_k, sellers receive s_k,
 * and the difference is the auctioneer's budget surplus (>= 0).
 *
 * Multi-unit orders: McAfee's argument is for one unit per trader. Here a household sends one
 * order of several 100 Wh units, so the "next" bid and ask are taken at order level (the best
 * order with no unit among the k) and the reduction removes every unit of the marginal bid order
 * and of the marginal ask order, not only the k-th units. That keeps the defining property on
 * every book (the orders whose prices set the price never trade) at the cost of giving up more
 * volume than the single-unit rule when the marginal orders are large; `givenUpWh` reports it.
 *
 * Settlement: a reduced trade carries two prices. `pricePerWh` is what the seller receives (s_k)
 * and `buyerPricePerWh` (Trade's optional field) what the buyer pays (b_k). The engine charges
 * the buyer `buyerPricePerWh` and the chain's EnergyMarket sends the difference to the operator
 * (the auctioneer), so in McAfee runs the households' coin total falls by exactly the reported
 * auctioneerSurplus; every other mechanism leaves it constant.
 * Leftovers: given-up units are returned (acceptably priced, removed by the rule); other unmatched
 * units are returned when at least as good as their side's price, rejected otherwise.
 */
import type { Order, OrderFill, Trade } from '../types';
import { DIV_WH, pricePerWhFromCoinsPer100Wh } from '../units';
import {
  breakevenIndex,
  buildBook,
  explainFills,
  fillsFor,
  matchUnits,
  reference,
  type Book,
  type SortedSide,
} from './book';
import type { ClearingResult, Mechanism } from './mechanism';

export interface McAfeeTrade extends Trade {
  /** Base units per Wh the buyer pays; above pricePerWh only in a reduced round. */
  readonly buyerPricePerWh: number;
}

export interface McAfeeResult extends ClearingResult {
  readonly trades: readonly McAfeeTrade[];
  /** Units of the k efficient pairs that the reduction gave up, in Wh (0 when p0 applies). */
  readonly givenUpWh: number;
  /** Whether the marginal pair was reduced away (two prices) or p0 applied (one price). */
  readonly reduced: boolean;
}

/** Index (in the sorted side) of the order that holds unit i (1-based). */
function orderHolding(s: SortedSide, i: number): number {
  let seen = 0;
  for (let j = 0; j < s.orders.length; j++) {
    seen += (s.orders[j] as Order).energyWh / DIV_WH;
    if (i <= seen) return j;
  }
  throw new RangeError(`unit ${i} is past the end of the book side (${seen} units)`);
}

/** The first `count` orders of a side, as a side of their own. */
function head(s: SortedSide, count: number): SortedSide {
  const orders = s.orders.slice(0, count);
  return {
    orders,
    positions: s.positions.slice(0, count),
    units: orders.reduce((n, o) => n + o.energyWh / DIV_WH, 0),
  };
}

/** Fills with a separate reference price per side (b_k for buyers, s_k for sellers). */
function sidedFills(
  orders: readonly Order[],
  approved: Float64Array,
  book: Book,
  buyRef: number | null,
  sellRef: number | null,
): OrderFill[] {
  const buy = fillsFor(orders, approved, buyRef, book);
  const sell = buyRef === sellRef ? buy : fillsFor(orders, approved, sellRef, book);
  return orders.map((o, i) => (o.side === 'buy' ? buy[i] : sell[i]) as OrderFill);
}

export function clearMcAfee(orders: readonly Order[]): McAfeeResult {
  const book = buildBook(orders, 'id');
  const k = breakevenIndex(book);
  const at = (sellerPricePerWh: number, buyerPricePerWh: number) => () => ({
    pricePerWh: sellerPricePerWh,
    buyerPricePerWh,
  });

  if (k === 0) {
    const fills = fillsFor(orders, new Float64Array(orders.length), null, book);
    return {
      mechanism: 'mcafee',
      clearingPrice: null,
      trades: [],
      fills,
      auctioneerSurplus: 0,
      givenUpWh: 0,
      reduced: false,
      explanation: explainFills(orders, fills, null),
    };
  }

  const ib = orderHolding(book.bids, k);
  const ia = orderHolding(book.asks, k);
  const marginalBid = book.bids.orders[ib] as Order;
  const marginalAsk = book.asks.orders[ia] as Order;
  // Orders are contiguous runs of units, so the first order after the marginal one is the best
  // order with no unit among the k.
  const nextBid = book.bids.orders[ib + 1];
  const nextAsk = book.asks.orders[ia + 1];
  const p0 = nextBid && nextAsk ? (nextBid.price + nextAsk.price) / 2 : Number.NaN;

  if (p0 >= marginalAsk.price && p0 <= marginalBid.price) {
    const perWh = pricePerWhFromCoinsPer100Wh(p0);
    const { trades, approved } = matchUnits(book, k, orders.length, at(perWh, perWh));
    const fills = fillsFor(orders, approved, p0, book);
    return {
      mechanism: 'mcafee',
      clearingPrice: p0,
      trades,
      fills,
      auctioneerSurplus: 0,
      givenUpWh: 0,
      reduced: false,
      explanation: explainFills(orders, fills, reference(p0, "McAfee's price p0")),
    };
  }

  // Reduction: the marginal orders leave entirely; the orders before them are all inside the k.
  const reducedBook: Book = { bids: head(book.bids, ib), asks: head(book.asks, ia) };
  const traded = Math.min(reducedBook.bids.units, reducedBook.asks.units);
  const buyerPerWh = pricePerWhFromCoinsPer100Wh(marginalBid.price);
  const sellerPerWh = pricePerWhFromCoinsPer100Wh(marginalAsk.price);
  const { trades, approved } = matchUnits(
    reducedBook,
    traded,
    orders.length,
    at(sellerPerWh, buyerPerWh),
  );
  const fills = sidedFills(orders, approved, book, marginalBid.price, marginalAsk.price);
  // Every order holding one of the k efficient units and left with some: the reduction's doing.
  const inK = new Set([
    ...book.bids.orders.slice(0, ib + 1).map((o) => o.id),
    ...book.asks.orders.slice(0, ia + 1).map((o) => o.id),
  ]);
  return {
    mechanism: 'mcafee',
    clearingPrice: null,
    trades,
    fills,
    explanation: explainFills(
      orders,
      fills,
      reference(marginalBid.price, 'the marginal bid b_k, what buyers pay'),
      reference(marginalAsk.price, 'the marginal ask s_k, what sellers receive'),
      inK,
    ),
    auctioneerSurplus: traded * DIV_WH * (buyerPerWh - sellerPerWh),
    givenUpWh: (k - traded) * DIV_WH,
    reduced: true,
  };
}

export function createMcAfee(): Mechanism {
  return { name: 'mcafee', clear: (orders) => clearMcAfee(orders) };
}
