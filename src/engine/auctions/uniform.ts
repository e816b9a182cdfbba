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
  breakevenAt,
  ColumnClearing,
  type ColumnBook,
  explainFills,
  fillColumnsAt,
  matchAt,
  reference,
  sortBook,
  unitPriceAt,
} from './book';
import type { Mechanism } from './mechanism';
import { OrderColumns } from './orders';

/** The uniform clearing price in coins per 100 Wh from the k-th bid and ask. */
export function uniformPrice(bk: number, sk: number): number {
  return (bk + sk) / 2;
}

/**
 * The uniform price of a sorted book broken even at `k` (coins per 100 Wh), or null when
 * nothing trades; the loyalty clearing reports it as its reference price.
 */
export function breakevenPrice(book: ColumnBook, k: number): number | null {
  const { orders, bids, asks } = book;
  return k > 0
    ? uniformPrice(unitPriceAt(orders, bids, k) as number, unitPriceAt(orders, asks, k) as number)
    : null;
}

export function createUniform(): Mechanism {
  const clearColumns = (orders: OrderColumns): ColumnClearing => {
    const book = sortBook(orders, 'id');
    const k = breakevenAt(book);
    const price = breakevenPrice(book, k);
    const pricePerWh = price === null ? 0 : pricePerWhFromCoinsPer100Wh(price);
    const { trades, approved } = matchAt(book, k, () => pricePerWh);
    const fillColumns = fillColumnsAt(book, approved, price);
    // The fills' objects and the explanation are made when first read: only the round
    // inspector reads them, and a round per order must not pay for them (issue 16).
    return new ColumnClearing('uniform', price, trades, fillColumns, orders, (objects, fills) =>
      explainFills(objects, fills, reference(price, 'the clearing price')),
    );
  };
  return {
    name: 'uniform',
    clear: (orders) => clearColumns(OrderColumns.of(orders)),
    clearColumns,
  };
}
