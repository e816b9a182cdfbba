import { BASE_PER_COIN, LOYALTY_SCALE } from '../engine/units';

export const coins = (base: number): number => base / BASE_PER_COIN;
export const loyaltyShare = (ppm: number): number => ppm / LOYALTY_SCALE;

export function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return '–';
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}
