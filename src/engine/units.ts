/**
 * Units and the one rounding rule.
 *
 * Everything that reaches the chain is an integer: energy in Wh, value in base units of the coin
 * (and of grid money, which uses the same scale). Prices are quoted by agents in whole coins per
 * 100 Wh (the thesis's price list), but trades settle at a price per Wh in base units, so that
 * `value = energyWh * pricePerWh` is exact and needs no rounding at all.
 *
 * Where a value must be rounded (a loyalty-weighted price, a loyalty update) it is rounded once,
 * with {@link roundHalfEven}, at the point where it is computed. No other rounding exists.
 */

/** Decimals of the energy coin (and of money). 1 coin = 10^6 base units. */
export const COIN_DECIMALS = 6;
export const BASE_PER_COIN = 1_000_000;
/** The trading unit (thesis `divNum`). */
export const DIV_WH = 100;
/** Loyalty is fixed point with this scale (1.0 = 1_000_000), so the chain can store it exactly. */
export const LOYALTY_SCALE = 1_000_000;

/** Coins per 100 Wh (may be fractional, e.g. 3.5) -> base units per Wh, rounded half-even. */
export function pricePerWhFromCoinsPer100Wh(coinsPer100Wh: number): number {
  return roundHalfEven((coinsPer100Wh * BASE_PER_COIN) / DIV_WH);
}

/** Base units per Wh -> coins per 100 Wh (for display and CLI output). */
export function coinsPer100WhFromPricePerWh(pricePerWh: number): number {
  return (pricePerWh * DIV_WH) / BASE_PER_COIN;
}

/**
 * The project's one rounding rule: round to the nearest integer, ties to even (banker's rounding),
 * so that systematic rounding does not drift balances in one direction over long runs.
 */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`roundHalfEven: not a finite number: ${x}`);
  const floor = Math.floor(x);
  const diff = x - floor;
  // Tolerance: prices and loyalties are products of small decimals; 1e-9 absorbs binary noise.
  if (Math.abs(diff - 0.5) < 1e-9) return floor % 2 === 0 ? floor : floor + 1;
  return diff < 0.5 ? floor : floor + 1;
}

/** Integer division with the one rounding rule, for integers only (exact in bigint space). */
export function divRoundHalfEven(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('divRoundHalfEven: division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  let q = n / d;
  let r = n % d;
  if (r < 0n) {
    q -= 1n;
    r += d;
  }
  const twice = 2n * r;
  if (twice > d || (twice === d && q % 2n !== 0n)) q += 1n;
  return q;
}

/** Formats integer base units as a decimal coin string ("-12.5"), for display only. */
export function formatBaseUnits(base: bigint | number, decimals = COIN_DECIMALS): string {
  const v = BigInt(base);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const scale = 10n ** BigInt(decimals);
  const whole = abs / scale;
  const frac = (abs % scale).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}
