/**
 * Every default, the thesis's four experiments as presets, and the named variants. A resolved
 * scenario is the defaults, overlaid by a preset, by a variant, then by the input's own fields
 * (scenario.ts). What each field means and what it may hold: fields.ts.
 */
import type { Scenario, ScenarioInput, WeatherShares } from './scenario';
import type { MechanismName } from './types';

export type PresetName = 'exp1' | 'exp2' | 'exp3' | 'exp4';
export const PRESET_NAMES: readonly PresetName[] = ['exp1', 'exp2', 'exp3', 'exp4'];

/** Named overlays applied after the preset and before the input's own fields. */
export type VariantName = 'thesis-code' | 'thesis-code-fixed';
export const VARIANT_NAMES: readonly VariantName[] = ['thesis-code', 'thesis-code-fixed'];

export const WEATHER_SHARES_THESIS_TEXT: WeatherShares = { sunny: 0.35, cloudy: 0.5, rainy: 0.15 };
/** The thesis's published code uses these instead of the text's; offered as a variant. */
export const WEATHER_SHARES_THESIS_CODE: WeatherShares = { sunny: 0.4, cloudy: 0.45, rainy: 0.15 };

// Home probability by hour: high at night and in the evening, low on weekday middays (thesis fig.
// 4.9 shows the shape; the values are ours and calibrated to ~18.8 kWh per household per day).
const HOME_WEEKDAY = [
  0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.9, 0.8, 0.55, 0.35, 0.3, 0.3, 0.35, 0.3, 0.3, 0.4, 0.6, 0.8,
  0.9, 0.95, 0.95, 0.95, 0.95, 0.95,
];
const HOME_WEEKEND = [
  0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.9, 0.85, 0.75, 0.65, 0.6, 0.6, 0.6, 0.6, 0.65, 0.7,
  0.8, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95,
];

/**
 * The thesis code's home probability by hour of day (`Household.getHomeProbStatus`), the same
 * every day of the week.
 */
export const THESIS_CODE_HOME: readonly number[] = [
  0.92, 0.891, 0.859, 0.823, 0.784, 0.741, 0.696, 0.649, 0.6, 0.5, 0.55, 0.599, 0.646, 0.691, 0.734,
  0.773, 0.809, 0.841, 0.87, 0.894, 0.92, 0.9, 0.9, 0.96,
];

/** The thesis code's mid range by hour of day (`formMidRange`): [min, max] Wh. */
const MID_RANGE_HOURS: readonly (readonly [number, number])[] = Array.from(
  { length: 24 },
  (_, h) =>
    h === 23 || h <= 5
      ? [2000, 5000]
      : h <= 9
        ? [3000, 4000]
        : h <= 16
          ? [5000, 12000]
          : [5000, 9000],
);

/** A scenario before the PV layout is derived from the seed. */
export type ScenarioDefaults = Omit<Scenario, 'pv'> & { pv: Omit<Scenario['pv'], 'areasM2'> };

/** Every default; a resolved scenario is these, overlaid by a preset, overlaid by the input. */
export function defaultScenario(): ScenarioDefaults {
  return {
    name: 'custom',
    seed: 1,
    households: 1,
    days: 1,
    auction: 'loyalty',
    priceMin: 2,
    priceMax: 8,
    batteryThreshold: 0.2,
    batteryCapacityWh: 15000,
    initCoins: 2000,
    gridRetailPrice: 9,
    gridFeedInPrice: 1,
    learning: {
      enabled: false,
      learningDays: 100,
      decayFactor: 0.99,
      averageConsumptionWindow: 5,
      rewardTraded: 0.1,
      rewardReturned: 0.05,
      rewardRejected: -1,
      weightHour: 0.5,
      weightBattery: 0.5,
      weightAvgCons: 0.4,
      weightAction: 1.0,
      avgConsScaleWh: 2000,
      qClamp: 1e9,
      rewardUnopposed: true,
      sharedTable: false,
      stateConsumption: 'average',
      avgConsIncludesCurrent: false,
      avgConsWarmup: 'partial-mean',
      rewardPer: 'order',
      loyaltyAt: 'order-time',
      batteryResolutionPct: 1,
      consResolutionWh: 100,
      lookup: 'normalised-same-side',
    },
    weather: {
      mode: 'hourly',
      shares: { ...WEATHER_SHARES_THESIS_TEXT },
      persistence: 0.8,
      productionFactor: { sunny: 1.3, cloudy: 0.8, rainy: 0.2 },
      consumptionFactor: { sunny: 0.95, cloudy: 1.0, rainy: 1.3 },
    },
    initEnergyMinWh: 500,
    initEnergyMaxWh: 8000,
    initEnergyStepWh: 1,
    pv: { prosumerShare: 0.5, areaMinM2: 6, areaMaxM2: 22, areaStepM2: 0, noise: 0.1 },
    consumption: {
      highMin: 6,
      highMax: 12,
      lowMin: 2,
      lowMax: 5,
      homeWeekday: [...HOME_WEEKDAY],
      homeWeekend: [...HOME_WEEKEND],
      draw: 'real',
      rounding: 'wh',
      // Ours has no night range: every hour of the day draws the home range above.
      homeNightMin: 6,
      homeNightMax: 12,
      dayFromHour: 0,
      dayToHour: 23,
      hour: 'next',
    },
    production: {
      hour: 'previous',
      kHour: 'daylight-profile',
      kHourMin: 1,
      kHourMax: 11,
      rounding: 'wh',
    },
    decision: { buyRounding: 'ceil' },
    orders: { tieOrder: 'shuffled' },
    coins: { whenShort: 'cap-order', moneyPerCoin: 9 },
    thesisCode: { faults: false },
    pricing: { mode: 'walk', midRangeWh: 1000, buyShapes: 'text' },
    loyalty: {
      start: 1.0,
      tradedFactor: 1.02,
      tradedPer: 'order',
      returnedFactor: 1.01,
      rejectedSellFactor: 0.95,
      rejectedBuyFactor: 0.99,
      combine: 'first-status',
      floor: 0.1,
      max: 1000,
    },
  };
}

export const presets: Record<PresetName, ScenarioInput> = {
  // One prosumer with a 20 m2 array beside one consumer, to show the two profiles (fig. 5.1-5.2).
  exp1: {
    name: 'exp1',
    households: 2,
    days: 3,
    auction: 'loyalty',
    pv: { areaMinM2: 20, areaMaxM2: 20 },
  },
  exp2: { name: 'exp2', households: 20, days: 30, auction: 'uniform' },
  exp3: { name: 'exp3', households: 20, days: 30, auction: 'loyalty' },
  exp4: {
    name: 'exp4',
    households: 30,
    days: 170,
    auction: 'loyalty',
    learning: { enabled: true, learningDays: 100 },
  },
};

/**
 * `thesis-code`: every behaviour of the thesis's published code that a parameter can express,
 * faults included (docs/THESIS-VARIANT.md, one row each; the overlay lists the row numbers).
 * Units: the code's price p coins per Wh is read as p coins per 100 Wh, so its coins and money
 * are divided by 100 (20,000 coins are 200 here, its grid at 10 per Wh is 10 per 100 Wh).
 */
const THESIS_CODE: ScenarioInput = {
  weather: { shares: { ...WEATHER_SHARES_THESIS_CODE } }, // 1
  production: {
    hour: 'current', // 3
    kHour: 'uniform-integer', // 6
    kHourMin: 1,
    kHourMax: 11,
    rounding: 'truncate-100wh', // 7
  },
  pv: { areaMinM2: 1, areaMaxM2: 3, areaStepM2: 1, noise: 0 }, // 5, 8
  consumption: {
    draw: 'integer', // 9
    rounding: 'truncate-100wh',
    highMin: 5,
    highMax: 20,
    lowMin: 0,
    lowMax: 5,
    homeNightMin: 2,
    homeNightMax: 8,
    dayFromHour: 8, // 10
    dayToHour: 22,
    hour: 'current', // 11
    homeWeekday: [...THESIS_CODE_HOME], // 12
    homeWeekend: [...THESIS_CODE_HOME],
  },
  initEnergyMinWh: 100, // 13
  initEnergyMaxWh: 8000,
  initEnergyStepWh: 100,
  initCoins: 200, // 14
  batteryThreshold: 0.1, // 16
  decision: { buyRounding: 'floor' }, // 19
  priceMin: 2, // 21
  priceMax: 6,
  pricing: {
    midRangeMinWh: MID_RANGE_HOURS.map((r) => r[0]), // 22
    midRangeMaxWh: MID_RANGE_HOURS.map((r) => r[1]),
    buyShapes: 'swapped', // 24
  },
  coins: { whenShort: 'buy-cost', moneyPerCoin: 9 }, // 26
  orders: { tieOrder: 'household' }, // 27
  loyalty: {
    tradedPer: 'record', // 34
    returnedFactor: 1.01, // 35
    combine: 'every-status',
    rejectedSellFactor: 0.95, // 36
    rejectedBuyFactor: 0.99,
    floor: 0.000001, // 39
    max: 100_000_000,
  },
  learning: {
    rewardUnopposed: false, // 37
    sharedTable: true, // 42
    stateConsumption: 'forecast', // 43
    batteryResolutionPct: 0.1, // 43
    consResolutionWh: 1,
    avgConsIncludesCurrent: true, // 44
    avgConsWarmup: 'zero',
    rewardPer: 'record', // 40
    loyaltyAt: 'after-update',
    lookup: 'thesis-code', // 47
    // The code's floats grow without bound once a loyalty in the millions multiplies Q every
    // hour; the clamp keeps them finite and ordered.
    qClamp: 1e300,
  },
  gridRetailPrice: 10, // 48
  gridFeedInPrice: 1,
  thesisCode: { faults: true }, // 17, 30, 33, 41, 47
};

/**
 * `thesis-code` reproduces the code, faults included; `thesis-code-fixed` is the same with the
 * faults off, so the two differ by exactly what the faults change.
 */
export const variants: Record<VariantName, ScenarioInput> = {
  'thesis-code': THESIS_CODE,
  'thesis-code-fixed': { ...THESIS_CODE, thesisCode: { faults: false } },
};

/**
 * The clearing a variant runs in place of the resolved one (row 31): the code's simple branch
 * for our uniform price (exp2), its loyal branch for our loyalty auction (exp3, exp4); any other
 * mechanism is kept.
 */
export const VARIANT_AUCTIONS: Record<
  VariantName,
  Partial<Record<MechanismName, MechanismName>>
> = {
  'thesis-code': { uniform: 'thesis-simple', loyalty: 'thesis-loyal' },
  'thesis-code-fixed': { uniform: 'thesis-simple', loyalty: 'thesis-loyal' },
};
