/**
 * Production and consumption of one household in one hour (thesis eq. 4.1 and 4.2).
 */
import type { Rng } from './rng';
import type { Scenario } from './scenario';
import type { Weather } from './types';
import { roundHalfEven } from './units';

/**
 * K_hour: normalised summer daylight profile for southern Norway, peak 1.0 at 13:00, zero outside
 * 5 < h < 21 (the thesis prints the condition inverted). A half sine over the 16 hours from 05:00
 * to 21:00, sin(pi (h - 5) / 16); its daily sum is cot(pi / 32) ~ 10.15 peak-hours. Written as
 * literals, not computed, because Math.sin may differ in the last bit between JavaScript engines
 * and a run must be the same in every browser and in Node.
 */
const S1 = 0.19509032201612825;
const S2 = 0.3826834323650898;
const S3 = 0.5555702330196022;
const S4 = 0.7071067811865476;
const S5 = 0.8314696123025452;
const S6 = 0.9238795325112867;
const S7 = 0.9807852804032304;
export const K_HOUR: readonly number[] = [
  0,
  0,
  0,
  0,
  0,
  0,
  S1,
  S2,
  S3,
  S4,
  S5,
  S6,
  S7,
  1,
  S7,
  S6,
  S5,
  S4,
  S3,
  S2,
  S1,
  0,
  0,
  0,
];

/**
 * Production in Wh of an hour of day with a weather, for a PV area; 0 at night or without PV.
 * K_hour is our daylight profile, or (`production.kHour` uniform-integer, the thesis code) a
 * fresh whole number in [kHourMin, kHourMax] in every daylight hour (the same hours, 6..20).
 * `production.rounding` truncate-100wh is the code's `100 * int(pvSq * K_weather * K_hour)`:
 * the product in doubles in that order, then truncated (docs/THESIS-VARIANT.md, row 7).
 */
export function production(
  rng: Rng,
  pvAreaM2: number,
  hourOfDay: number,
  weather: Weather,
  s: Scenario,
): number {
  let k = K_HOUR[hourOfDay] as number;
  if (pvAreaM2 <= 0 || k === 0) return 0;
  const p = s.production;
  if (p.kHour === 'uniform-integer') k = p.kHourMin + rng.int(p.kHourMax - p.kHourMin + 1);
  const noise = 1 + s.pv.noise * (2 * rng.next() - 1);
  const pf = s.weather.productionFactor[weather];
  if (p.rounding === 'truncate-100wh') return 100 * Math.trunc(pvAreaM2 * pf * k * noise);
  return roundHalfEven(100 * pvAreaM2 * pf * k * noise);
}

/** Probability of being home at an hour of day; days 5 and 6 of each week are the weekend. */
export function homeProbability(day: number, hourOfDay: number, s: Scenario): number {
  const profile = day % 7 >= 5 ? s.consumption.homeWeekend : s.consumption.homeWeekday;
  return profile[hourOfDay] as number;
}

/** Whether an hour of day is in the day hours in which home draws the high range. */
export function isDayHour(hourOfDay: number, c: Scenario['consumption']): boolean {
  return hourOfDay >= c.dayFromHour && hourOfDay <= c.dayToHour;
}

/**
 * Consumption in Wh for an hour (eq. 4.2): home draws randomHigh (its night range outside the
 * day hours), away randomLow, x weather. `consumption.draw` integer draws whole units (the
 * code's `randint`), `consumption.rounding` truncate-100wh is the code's `int(units * K) * 100`.
 */
export function consumption(
  rng: Rng,
  day: number,
  hourOfDay: number,
  weather: Weather,
  s: Scenario,
): number {
  const c = s.consumption;
  const home = rng.next() < homeProbability(day, hourOfDay, s);
  const u = rng.next();
  let min: number;
  let max: number;
  if (!home) {
    min = c.lowMin;
    max = c.lowMax;
  } else if (isDayHour(hourOfDay, c)) {
    min = c.highMin;
    max = c.highMax;
  } else {
    min = c.homeNightMin;
    max = c.homeNightMax;
  }
  const units =
    c.draw === 'integer' ? min + Math.floor(u * (max - min + 1)) : min + u * (max - min);
  const cf = s.weather.consumptionFactor[weather];
  if (c.rounding === 'truncate-100wh') return Math.trunc(units * cf) * 100;
  return roundHalfEven(units * 100 * cf);
}

/** Expected consumption of one household over one week, in Wh (for calibration and tests). */
export function expectedWeeklyConsumptionWh(s: Scenario): number {
  const c = s.consumption;
  const w = s.weather;
  const f =
    w.shares.sunny * w.consumptionFactor.sunny +
    w.shares.cloudy * w.consumptionFactor.cloudy +
    w.shares.rainy * w.consumptionFactor.rainy;
  const high = ((c.highMin + c.highMax) / 2) * 100;
  const low = ((c.lowMin + c.lowMax) / 2) * 100;
  let sum = 0;
  for (let day = 0; day < 7; day++) {
    for (let h = 0; h < 24; h++) {
      const p = homeProbability(day, h, s);
      sum += (p * high + (1 - p) * low) * f;
    }
  }
  return sum;
}
