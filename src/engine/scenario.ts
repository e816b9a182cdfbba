/**
 * Scenarios: every parameter of a run, fully resolved and JSON-serialisable, plus the thesis's
 * four experiments as presets. resolveScenario is the one gate all input passes (files, URLs, the
 * UI, the CLI); it names the field, the value and what is allowed for anything it rejects.
 */
import { createRng } from './rng';
import { BASE_PER_COIN, DIV_WH } from './units';
import type { MechanismName } from './types';

export type PresetName = 'exp1' | 'exp2' | 'exp3' | 'exp4';
export const PRESET_NAMES: readonly PresetName[] = ['exp1', 'exp2', 'exp3', 'exp4'];
export const MECHANISM_NAMES: readonly MechanismName[] = [
  'uniform',
  'loyalty',
  'pay-as-bid',
  'mcafee',
  'cda',
  'community',
];

/** How weather is drawn: the thesis draws every hour; the others keep the same long-run shares. */
export type WeatherMode = 'hourly' | 'daily' | 'markov';
/** How a Beta draw becomes a price: SPEC's walk reading, or the draw taken as a quantile. */
export type PricingMode = 'walk' | 'quantile';

export interface WeatherShares {
  sunny: number;
  cloudy: number;
  rainy: number;
}

export interface Scenario {
  name: string;
  seed: number;
  households: number;
  days: number;
  auction: MechanismName;
  /** Whole coins per 100 Wh, integers; the ZI price list is [priceMin .. priceMax]. */
  priceMin: number;
  priceMax: number;
  /** Critical battery level as a share of capacity (thesis batteryTH). */
  batteryThreshold: number;
  batteryCapacityWh: number;
  /** Whole coins each household starts with. */
  initCoins: number;
  /** Money per 100 Wh paid to / received from the outer grid. */
  gridRetailPrice: number;
  gridFeedInPrice: number;
  learning: {
    enabled: boolean;
    /** Days of zero-intelligence pricing that record experience before the table is used. */
    learningDays: number;
    /** All Q values are multiplied by this every 24 simulated hours. */
    decayFactor: number;
    /** Hours in the moving average of consumption that is part of the state. */
    averageConsumptionWindow: number;
    rewardTraded: number;
    rewardReturned: number;
    rewardRejected: number;
    /** Weights of the weighted Euclidean distance (thesis eq. 4.17). */
    weightHour: number;
    weightBattery: number;
    weightAvgCons: number;
    weightAction: number;
    /** avgCons is divided by this to normalise it to about [0, 1]. */
    avgConsScaleWh: number;
    /** Q values are kept within [-qClamp, qClamp] so loyalty scaling never overflows. */
    qClamp: number;
  };
  weather: {
    mode: WeatherMode;
    shares: WeatherShares;
    /** markov mode: probability that the next hour keeps the current weather. */
    persistence: number;
    /** Production factors K_weather. */
    productionFactor: WeatherShares;
    /** Consumption factors. */
    consumptionFactor: WeatherShares;
  };
  /** Initial battery level drawn uniformly per household in [min, max] Wh. */
  initEnergyMinWh: number;
  initEnergyMaxWh: number;
  pv: {
    /** Share of households with PV (spread evenly over the indices). */
    prosumerShare: number;
    areaMinM2: number;
    areaMaxM2: number;
    /** Multiplicative production noise: factor uniform in [1 - noise, 1 + noise]. */
    noise: number;
    /** Resolved PV area per household (0 = pure consumer); length = households. */
    areasM2: number[];
  };
  consumption: {
    /** randomHigh / randomLow of eq. 4.2, uniform in [min, max], in units of 100 Wh. */
    highMin: number;
    highMax: number;
    lowMin: number;
    lowMax: number;
    /** Probability of being home by hour of day (24 values), weekdays and weekends. */
    homeWeekday: number[];
    homeWeekend: number[];
  };
  pricing: {
    mode: PricingMode;
    /** Order size that separates "small" from "large" orders in eq. 4.6-4.7. */
    midRangeWh: number;
  };
  loyalty: {
    start: number;
    tradedFactor: number;
    returnedFactor: number;
    rejectedFactor: number;
    floor: number;
    max: number;
  };
}

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends number[]
    ? number[]
    : T[K] extends object
      ? DeepPartial<T[K]>
      : T[K];
};

/** Named overlays applied after the preset and before the input's own fields. */
export type VariantName = 'thesis-code';
export const VARIANT_NAMES: readonly VariantName[] = ['thesis-code'];

/** What files, URLs and the UI provide: any subset, optionally on top of a preset and variant. */
export type ScenarioInput = DeepPartial<Scenario> & { preset?: PresetName; variant?: VariantName };

export class ScenarioError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`scenario.${field}: got ${describe(value)}; allowed: ${allowed}`);
    this.name = 'ScenarioError';
  }
}

function describe(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}

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

/** Every default; a resolved scenario is these, overlaid by a preset, overlaid by the input. */
export function defaultScenario(): Omit<Scenario, 'pv'> & { pv: Omit<Scenario['pv'], 'areasM2'> } {
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
      returnedFactor: 0.99,
      rejectedFactor: 0.95,
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

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Overlays `over` on `base`, refusing keys `base` does not have (typos must not pass silently). */
function overlay(base: Record<string, unknown>, over: unknown, path: string): void {
  if (!isPlainObject(over)) {
    throw new ScenarioError(path || '(root)', over, 'an object');
  }
  for (const [key, value] of Object.entries(over)) {
    const field = path ? `${path}.${key}` : key;
    if (!(key in base)) {
      throw new ScenarioError(
        field,
        value,
        `one of the known fields: ${Object.keys(base).join(', ')}`,
      );
    }
    if (value === undefined) continue;
    const current = base[key];
    if (isPlainObject(current) && !Array.isArray(value)) {
      overlay(current, value, field);
    } else {
      base[key] = Array.isArray(value) ? [...(value as Json[])] : value;
    }
  }
}

function num(field: string, v: unknown, min: number, max: number, integer = false): number {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    v >= min &&
    v <= max &&
    (!integer || Number.isInteger(v));
  if (!ok) {
    throw new ScenarioError(field, v, `${integer ? 'an integer' : 'a number'} in [${min}, ${max}]`);
  }
  return v as number;
}

function oneOf<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw new ScenarioError(field, v, allowed.join(' | '));
  }
  return v as T;
}

function shares(field: string, v: WeatherShares, sumToOne: boolean): void {
  num(`${field}.sunny`, v.sunny, 0, sumToOne ? 1 : 10);
  num(`${field}.cloudy`, v.cloudy, 0, sumToOne ? 1 : 10);
  num(`${field}.rainy`, v.rainy, 0, sumToOne ? 1 : 10);
  if (sumToOne && Math.abs(v.sunny + v.cloudy + v.rainy - 1) > 1e-9) {
    throw new ScenarioError(field, v, 'shares that sum to 1');
  }
}

function probabilities(field: string, v: unknown): void {
  if (!Array.isArray(v) || v.length !== 24) {
    throw new ScenarioError(field, v, 'an array of 24 probabilities (one per hour of day)');
  }
  v.forEach((p, i) => num(`${field}[${i}]`, p, 0, 1));
}

/** Money per 100 Wh must be a whole number of base units per Wh so grid value is exact. */
function perWhExact(field: string, v: number): void {
  const perWh = (v * BASE_PER_COIN) / DIV_WH;
  if (Math.abs(perWh - Math.round(perWh)) > 1e-6) {
    throw new ScenarioError(field, v, 'a price with at most 4 decimals (whole base units per Wh)');
  }
}

/** Deterministic PV layout: prosumers spread evenly over the indices, areas from the seed. */
export function pvLayout(
  seed: number,
  households: number,
  pv: Omit<Scenario['pv'], 'areasM2'>,
): number[] {
  const rng = createRng(seed).fork('pv-layout');
  const areas: number[] = [];
  for (let i = 0; i < households; i++) {
    const prosumer = Math.floor((i + 1) * pv.prosumerShare) > Math.floor(i * pv.prosumerShare);
    const draw = rng.next();
    // Areas are kept to 0.1 m2 so the scenario JSON stays readable.
    areas.push(
      prosumer ? Math.round((pv.areaMinM2 + draw * (pv.areaMaxM2 - pv.areaMinM2)) * 10) / 10 : 0,
    );
  }
  return areas;
}

/** Resolves a preset name or an input into a complete, validated scenario. */
export function resolveScenario(input: ScenarioInput | PresetName): Scenario {
  if (typeof input === 'string') {
    const name = oneOf('preset', input, PRESET_NAMES);
    return resolveScenario({ preset: name });
  }
  if (!isPlainObject(input)) throw new ScenarioError('(root)', input, 'an object or a preset name');
  const base = defaultScenario() as unknown as Record<string, unknown>;
  (base.pv as Record<string, unknown>).areasM2 = undefined;
  const { preset, variant, ...rest } = input;
  if (preset !== undefined) {
    overlay(base, presets[oneOf('preset', preset, PRESET_NAMES)], '');
  }
  if (variant !== undefined) {
    overlay(base, variants[oneOf('variant', variant, VARIANT_NAMES)], '');
  }
  overlay(base, rest, '');
  const s = base as unknown as Scenario;

  if (typeof s.name !== 'string' || s.name.length === 0 || s.name.length > 100) {
    throw new ScenarioError('name', s.name, 'a non-empty string of at most 100 characters');
  }
  num('seed', s.seed, -(2 ** 53 - 1), 2 ** 53 - 1, true);
  num('households', s.households, 1, 1000, true);
  num('days', s.days, 1, 3650, true);
  oneOf('auction', s.auction, MECHANISM_NAMES);
  num('priceMin', s.priceMin, 0, 1_000_000, true);
  num('priceMax', s.priceMax, 0, 1_000_000, true);
  if (s.priceMax < s.priceMin) {
    throw new ScenarioError('priceMax', s.priceMax, `an integer >= priceMin (${s.priceMin})`);
  }
  num('batteryThreshold', s.batteryThreshold, 0, 1);
  num('batteryCapacityWh', s.batteryCapacityWh, DIV_WH, 10_000_000, true);
  num('initCoins', s.initCoins, 0, 1_000_000_000, true);
  num('gridRetailPrice', s.gridRetailPrice, 0, 1_000_000);
  num('gridFeedInPrice', s.gridFeedInPrice, 0, 1_000_000);
  perWhExact('gridRetailPrice', s.gridRetailPrice);
  perWhExact('gridFeedInPrice', s.gridFeedInPrice);

  const l = s.learning;
  if (typeof l.enabled !== 'boolean')
    throw new ScenarioError('learning.enabled', l.enabled, 'true | false');
  num('learning.learningDays', l.learningDays, 0, 3650, true);
  num('learning.decayFactor', l.decayFactor, 0.000001, 1);
  num('learning.averageConsumptionWindow', l.averageConsumptionWindow, 1, 168, true);
  num('learning.rewardTraded', l.rewardTraded, -1e6, 1e6);
  num('learning.rewardReturned', l.rewardReturned, -1e6, 1e6);
  num('learning.rewardRejected', l.rewardRejected, -1e6, 1e6);
  num('learning.weightHour', l.weightHour, 0, 10);
  num('learning.weightBattery', l.weightBattery, 0, 10);
  num('learning.weightAvgCons', l.weightAvgCons, 0, 10);
  num('learning.weightAction', l.weightAction, 0, 10);
  num('learning.avgConsScaleWh', l.avgConsScaleWh, 1, 1e9);
  num('learning.qClamp', l.qClamp, 1, 1e300);

  const w = s.weather;
  oneOf('weather.mode', w.mode, ['hourly', 'daily', 'markov'] as const);
  shares('weather.shares', w.shares, true);
  num('weather.persistence', w.persistence, 0, 0.999);
  shares('weather.productionFactor', w.productionFactor, false);
  shares('weather.consumptionFactor', w.consumptionFactor, false);

  num('initEnergyMinWh', s.initEnergyMinWh, 0, s.batteryCapacityWh, true);
  num('initEnergyMaxWh', s.initEnergyMaxWh, s.initEnergyMinWh, s.batteryCapacityWh, true);

  const pv = s.pv;
  num('pv.prosumerShare', pv.prosumerShare, 0, 1);
  num('pv.areaMinM2', pv.areaMinM2, 0, 10_000);
  num('pv.areaMaxM2', pv.areaMaxM2, pv.areaMinM2, 10_000);
  num('pv.noise', pv.noise, 0, 1);
  if (pv.areasM2 === undefined) {
    pv.areasM2 = pvLayout(s.seed, s.households, pv);
  } else {
    if (!Array.isArray(pv.areasM2) || pv.areasM2.length !== s.households) {
      throw new ScenarioError(
        'pv.areasM2',
        pv.areasM2,
        `an array of ${s.households} areas in m2 (one per household), or leave it out`,
      );
    }
    pv.areasM2.forEach((a, i) => num(`pv.areasM2[${i}]`, a, 0, 10_000));
  }

  const c = s.consumption;
  num('consumption.highMin', c.highMin, 0, 1000);
  num('consumption.highMax', c.highMax, c.highMin, 1000);
  num('consumption.lowMin', c.lowMin, 0, 1000);
  num('consumption.lowMax', c.lowMax, c.lowMin, 1000);
  probabilities('consumption.homeWeekday', c.homeWeekday);
  probabilities('consumption.homeWeekend', c.homeWeekend);

  oneOf('pricing.mode', s.pricing.mode, ['walk', 'quantile'] as const);
  num('pricing.midRangeWh', s.pricing.midRangeWh, 0, 10_000_000, true);

  const ly = s.loyalty;
  num('loyalty.floor', ly.floor, 0.000001, 1000);
  num('loyalty.max', ly.max, ly.floor, 1000);
  num('loyalty.start', ly.start, ly.floor, ly.max);
  num('loyalty.tradedFactor', ly.tradedFactor, 0, 10);
  num('loyalty.returnedFactor', ly.returnedFactor, 0, 10);
  num('loyalty.rejectedFactor', ly.rejectedFactor, 0, 10);
  return s;
}

/** Parameters that may change while a simulation runs (effective from the next round). */
export interface LiveParams {
  priceMin: number;
  priceMax: number;
  batteryThreshold: number;
  /** What the grid charges and pays, money per 100 Wh. */
  gridRetailPrice: number;
  gridFeedInPrice: number;
}

export function validateLiveParams(current: LiveParams, p: Partial<LiveParams>): LiveParams {
  const next = { ...current, ...p };
  num('priceMin', next.priceMin, 0, 1_000_000, true);
  num('priceMax', next.priceMax, 0, 1_000_000, true);
  if (next.priceMax < next.priceMin) {
    throw new ScenarioError('priceMax', next.priceMax, `an integer >= priceMin (${next.priceMin})`);
  }
  num('batteryThreshold', next.batteryThreshold, 0, 1);
  num('gridRetailPrice', next.gridRetailPrice, 0, 1_000_000);
  num('gridFeedInPrice', next.gridFeedInPrice, 0, 1_000_000);
  perWhExact('gridRetailPrice', next.gridRetailPrice);
  perWhExact('gridFeedInPrice', next.gridFeedInPrice);
  return next;
}
