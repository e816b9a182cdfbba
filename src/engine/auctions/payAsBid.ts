/**
 * Pay-as-bid (discriminatory) double auction: close to what the thesis's published code does in
 * its "simple" auction (`thesis-simple` reproduces that one exactly). Matching is the uniform
 * auction's (bids by price descending, asks ascending, k = the largest index with b_k >= s_k,
 * unit i of the bids with unit i of the asks, ties by order id as in `uniform`), but each matched pair trades at its own midpoint
 * (b_i + s_i) / 2 instead of the marginal pair's. Both ends of a pair bracket its midpoint, so
 * individual rationality holds per unit; the midpoint of two whole-coin prices is a multiple of
 * half a coin per 100 Wh, i.e. an exact number of base units per Wh (no rounding).
 *
 * There is no single clearing price (clearingPrice is null). Unmatched units are classified
 * against the marginal pair's midpoint (b_k + s_k) / 2, the price that decided who trades, as in
 * the uniform and loyalty auctions.
 */
import { pricePerWhFromCoinsPer100Wh } from '../units';
import {
  breakevenIndex,
  buildBook,
  explainFills,
  fillsFor,
  matchUnits,
  reference as referencePrice,
  unitPrice,
} from './book';
import type { ClearingResult, Mechanism } from './mechanism';
import type { Order } from '../types';

export function clearPayAsBid(orders: readonly Order[]): ClearingResult {
  const book = buildBook(orders, 'id');
  const k = breakevenIndex(book);
  const reference =
    k > 0 ? ((unitPrice(book.bids, k) as number) + (unitPrice(book.asks, k) as number)) / 2 : null;
  // Each matched pair trades at its own midpoint.
  const { trades, approved } = matchUnits(book, k, orders.length, (bid, ask) => ({
    pricePerWh: pricePerWhFromCoinsPer100Wh((bid.price + ask.price) / 2),
  }));
  const fills = fillsFor(orders, approved, reference, book);
  return {
    mechanism: 'pay-as-bid',
    clearingPrice: null,
    trades,
    fills,
    auctioneerSurplus: 0,
    explanation: explainFills(
      orders,
      fills,
      referencePrice(reference, 'the marginal midpoint (b_k + s_k) / 2'),
    ),
  };
}

export function createPayAsBid(): Mechanism {
  return { name: 'pay-as-bid', clear: (orders) => clearPayAsBid(orders) };
}
