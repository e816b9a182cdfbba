/**
 * `thesis-loyal`: the thesis code's loyalty auction (`loyaltyDA` with `priceForm` in its service
 * provider), rule by rule, on the walk of `thesisCode.ts`:
 * - orders split into 100 Wh records; ties among equal prices by loyalty (higher first), then by
 *   energy (larger first), then order id;
 * - k over records, with the code's off-by-one when `faults` (the default);
 * - approval price p = floor((b_k + s_k) / 2); every bid >= p and every ask <= p approved;
 * - approved records paired i-th with i-th, each pair at `int(round(ask * w_b + bid * w_s))` with
 *   w = l / (l_b + l_s): the loyalty-weighted price rounded to a whole price, half away from zero
 *   (the code is Python 2, whose round() does that; prices are never negative, so half up).
 *
 * The weighted price is computed exactly from the ppm loyalties (bigint past 2^53). The code works
 * in floats and so agrees except where its float lands within rounding noise of a half; with equal
 * loyalties both are exactly a half.
 */
import type { Order } from '../types';
import type { Mechanism } from './mechanism';
import { clearCode, codeOptions, type CodeOptions, type CodeRules } from './thesisCode';
import { DIV_WH } from '../units';

/** `int(round(ask * w_b + bid * w_s))` in whole coins per 100 Wh, from ppm loyalties. */
export function codeLoyalPrice(
  ask: number,
  bid: number,
  buyerLoyalty: number,
  sellerLoyalty: number,
): number {
  const num = ask * buyerLoyalty + bid * sellerLoyalty;
  const den = buyerLoyalty + sellerLoyalty;
  if (num <= Number.MAX_SAFE_INTEGER) {
    const q = Math.floor(num / den);
    return 2 * (num - q * den) >= den ? q + 1 : q;
  }
  const n = BigInt(ask) * BigInt(buyerLoyalty) + BigInt(bid) * BigInt(sellerLoyalty);
  const d = BigInt(den);
  const q = n / d;
  return Number(2n * (n - q * d) >= d ? q + 1n : q);
}

const LOYAL: CodeRules = {
  branch: 'loyal',
  mechanism: 'thesis-loyal',
  tie: (a: Order, b: Order) => b.loyalty - a.loyalty || b.energyWh - a.energyWh,
  elements: (o: Order) => o.energyWh / DIV_WH,
  approvalPrice: (bid, ask) => Math.floor((bid + ask) / 2),
  pairPrice: (bid, ask) => codeLoyalPrice(ask.price, bid.price, bid.loyalty, ask.loyalty),
};

export function createThesisLoyal(options: CodeOptions = { faults: true }): Mechanism {
  return { name: 'thesis-loyal', clear: (orders) => clearCode(orders, LOYAL, options) };
}

/** The registry's factory: `faults` (boolean, default true). */
export function thesisLoyalFromParams(
  params: Readonly<Record<string, number | string | boolean>>,
): Mechanism {
  return createThesisLoyal(codeOptions('thesis-loyal', params));
}
