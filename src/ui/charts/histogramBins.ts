/**
 * The price histogram's bars from the history's energy-weighted bins: the page's chart and its
 * exported figure draw the same bars.
 */
import { PRICE_BIN_COINS, priceBin, type LiveParams } from '../../engine';

/** Most bars drawn; wider price ranges merge adjacent bins. */
const MAX_BARS = 40;
export const BAR_COLOR = '#1c7ed6';

/** One bar: the prices from `price` to `price + width`, and the energy traded in that range. */
export type Bin = { price: number; width: number; kWh: number };

/**
 * The bars to draw: every price in force (the live range) and every price traded so far, so the
 * axis shows where trades can land before the first one does.
 */
export function histogramBins(h: Float64Array, live: LiveParams | null): Bin[] {
  const last = h.length - 1;
  const bin = (price: number): number => Math.min(last, Math.max(0, priceBin(price)));
  let lo = live ? bin(live.priceMin) : -1;
  let hi = live ? bin(live.priceMax) : -1;
  h.forEach((v, i) => {
    if (v > 0) {
      if (lo < 0 || i < lo) lo = i;
      if (i > hi) hi = i;
    }
  });
  if (lo < 0) return [];
  const per = Math.ceil((hi - lo + 1) / MAX_BARS);
  const rows: Bin[] = [];
  for (let i = lo; i <= hi; i += per) {
    let wh = 0;
    for (let j = i; j < Math.min(hi + 1, i + per); j++) wh += h[j] ?? 0;
    rows.push({ price: i * PRICE_BIN_COINS, width: per * PRICE_BIN_COINS, kWh: wh / 1000 });
  }
  return rows;
}
