import { BASE_PER_COIN, LOYALTY_SCALE } from '../engine/units';

export const coins = (base: number): number => base / BASE_PER_COIN;
export const loyaltyShare = (ppm: number): number => ppm / LOYALTY_SCALE;

// toLocaleString builds a new formatter per call, which dominated chart redraws; reuse them.
const formatters = new Map<number, Intl.NumberFormat>();

export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return '–';
  let f = formatters.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits });
    formatters.set(digits, f);
  }
  return f.format(n);
}

export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
