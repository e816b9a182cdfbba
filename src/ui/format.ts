import { BASE_PER_COIN, LOYALTY_SCALE, type Unit } from '../engine';

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

/** A value with its field table unit, as the page shows it (`5 coins / 100 Wh`, `50 %`). */
export function unitText(v: number, unit: Unit | null): string {
  switch (unit) {
    case null:
      return fmt(v);
    case 'coins per 100 Wh':
      return `${fmt(v)} coins / 100 Wh`;
    case 'money per 100 Wh':
      return `${fmt(v, 4)} money / 100 Wh`;
    case 'share 0-1':
    case 'probability 0-1':
      return `${fmt(v * 100, 0)} %`;
    default:
      return `${fmt(v)} ${unit}`;
  }
}
