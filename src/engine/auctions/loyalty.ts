/**
 * The loyalty double auction (thesis "loyal" auction, eq. 4.11-4.13): the uniform auction's
 * matching with loyalty as the tie break among equal prices, and each matched pair trading at
 *   p = ask * w_b + bid * w_s,  w_b = l_b / (l_b + l_s),  w_s = l_s / (l_b + l_s)
 * so the more loyal side gets the better end of its own pair's range [ask, bid]. The price is
 * computed in base units per Wh from integer ppm loyalties and rounded once, half-even; since
 * ask and bid are whole base units per Wh, the rounded price stays within [ask, bid].
 *
 * Statuses use the uniform reference price (b_k + s_k) / 2 to tell returned from rejected; the
 * mechanism has no single clearing price, so it reports null.
 */
import { divRoundHalfEven, pricePerWhFromCoinsPer100Wh } from '../units';
import {
  breakevenAt,
  ColumnClearing,
  explainFills,
  fillColumnsAt,
  matchAt,
  reference as referencePrice,
  sortBook,
} from './book';
import type { Mechanism } from './mechanism';
import { OrderColumns } from './orders';
import { breakevenPrice } from './uniform';

/** The loyalty-weighted price in base units per Wh, exact up to the one half-even rounding. */
export function loyaltyPricePerWh(
  askPerWh: number,
  bidPerWh: number,
  buyerLoyalty: number,
  sellerLoyalty: number,
): number {
  const num = askPerWh * buyerLoyalty + bidPerWh * sellerLoyalty;
  const den = buyerLoyalty + sellerLoyalty;
  if (num <= Number.MAX_SAFE_INTEGER) {
    // Exact integer arithmetic: quotient and remainder decide the rounding.
    const q = Math.floor(num / den);
    const r = num - q * den;
    if (2 * r > den) return q + 1;
    if (2 * r < den) return q;
    return q % 2 === 0 ? q : q + 1;
  }
  return Number(
    divRoundHalfEven(
      BigInt(askPerWh) * BigInt(buyerLoyalty) + BigInt(bidPerWh) * BigInt(sellerLoyalty),
      BigInt(den),
    ),
  );
}

export function createLoyalty(): Mechanism {
  const clearColumns = (orders: OrderColumns): ColumnClearing => {
    const book = sortBook(orders, 'loyalty');
    const k = breakevenAt(book);
    const reference = breakevenPrice(book, k);
    const { price, loyalty } = orders;
    const { trades, approved } = matchAt(book, k, (bid, ask) =>
      loyaltyPricePerWh(
        pricePerWhFromCoinsPer100Wh(price[ask] as number),
        pricePerWhFromCoinsPer100Wh(price[bid] as number),
        loyalty[bid] as number,
        loyalty[ask] as number,
      ),
    );
    const fillColumns = fillColumnsAt(book, approved, reference);
    // The fills' objects and the explanation are made when first read, as in uniform.ts.
    return new ColumnClearing('loyalty', null, trades, fillColumns, orders, (objects, fills) =>
      explainFills(
        objects,
        fills,
        referencePrice(reference, 'the marginal midpoint (b_k + s_k) / 2'),
      ),
    );
  };
  return {
    name: 'loyalty',
    clear: (orders) => clearColumns(OrderColumns.of(orders)),
    clearColumns,
  };
}
