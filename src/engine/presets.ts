/**
 * Every default, the thesis's four experiments as presets, and the named variants. A resolved
 * scenario is the defaults, overlaid by a preset, by a variant, then by the input's own fields
 * (scenario.ts). What each field means and what it may hold: fields.ts.
 */
import type { Scenario, ScenarioInput, WeatherShares } from './scenario';

export type PresetName = 'exp1' | 'exp2' | 'exp3' | 'exp4';
export const PRESET_NAMES: readonly PresetName[] = ['exp1', 'exp2', 'exp3', 'exp4'];

/** Named overlays applied after the preset and before the input's own fields. */
export type VariantName = 'thesis-code';
export const VARIANT_NAMES: readonly VariantName[] = ['thesis-code'];

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
    pv: { prosumerShare: 0.5, areaMinM2: 6, areaMaxM2: 22, noise: 0.1 },
    consumption: {
      highMin: 6,
      highMax: 12,
      lowMin: 2,
      lowMax: 5,
      homeWeekday: [...HOME_WEEKDAY],
      homeWeekend: [...HOME_WEEKEND],
    },
    pricing: { mode: 'walk', midRangeWh: 1000 },
    loyalty: {
      start: 1.0,
      tradedFactor: 1.02,
      tradedPer: 'order',
      returnedFactor: 1.01,
      rejectedSellFactor: 0.95,
      rejectedBuyFactor: 0.99,
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
 * `thesis-code`: the thesis's published code where it differs from its text (weather shares
 * 0.40 / 0.45 / 0.15 and the outer grid at 10 per 100 Wh).
 */
export const variants: Record<VariantName, ScenarioInput> = {
  'thesis-code': {
    weather: { shares: { ...WEATHER_SHARES_THESIS_CODE } },
    gridRetailPrice: 10,
  },
};
