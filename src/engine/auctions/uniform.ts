/**
 * The uniform-price k-double auction (thesis "simple" auction, section 4.4): bids by price
 * descending, asks ascending, k the largest index with b_k >= s_k, and every one of the k traded
 * units clears at p = (b_k + s_k) / 2. Unit i of the bids trades with unit i of the asks.
 *
 * p lies in [s_k, b_k] and every traded bid is >= b_k and every traded ask <= s_k, so the
 * mechanism is individually rational. (The thesis's published code priced each pair at its own
 * midpoint, rounded down: `thesis-simple` reproduces it, `pay-as-bid` is the exact version.)
 */
import { pricePerWhFromCoinsPer100Wh } from '../units';
import {
  breakevenIndex,
  buildBook,
  explainFills,
  ColumnClearing,
  fillColumnsFor,
  matchUnits,
  reference,
  unitPrice,
} from './book';
import type { Mechanism } from './mechanism';

/** The uniform clearing price in coins per 100 Wh from the k-th bid and ask. */
export function uniformPrice(bk: number, sk: number): number {
  return (bk + sk) / 2;
}

export function createUniform(): Mechanism {
  return {
    name: 'uniform',
    clear(orders) {
      const book = buildBook(orders, 'id');
      const k = breakevenIndex(book);
      const price =
        k > 0
          ? uniformPrice(unitPrice(book.bids, k) as number, unitPrice(book.asks, k) as number)
          : null;
      const pricePerWh = price === null ? 0 : pricePerWhFromCoinsPer100Wh(price);
      const { trades, approved } = matchUnits(book, k, orders.length, () => ({ pricePerWh }));
      const fillColumns = fillColumnsFor(orders, approved, price, book);
      // The fills' objects and the explanation are made when first read: only the round
      // inspector reads them, and a round per order must not pay for them (issue 16).
      return new ColumnClearing('uniform', price, trades, fillColumns, orders, (fills) =>
        explainFills(orders, fills, reference(price, 'the clearing price')),
      );
    },
  };
}
