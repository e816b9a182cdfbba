/**
 * Scenarios: every parameter of a run, fully resolved and JSON-serialisable. resolveScenario is
 * the one gate all input passes (files, URLs, the UI, the CLI): it overlays the defaults, a preset,
 * a variant and the input's own fields, then checks every field against the field table
 * (fields.ts), so it names the field, the value and what is allowed for anything it rejects.
 * Defaults, presets and variants: presets.ts.
 */
import {
  CROSS_CHECKS,
  LIVE_KEYS,
  ScenarioError,
  checkFieldValue,
  fieldValue,
  runCrossChecks,
  validateScenarioFields,
  type CrossCheck,
  type FieldValue,
  type AvgConsWarmup,
  type BuyRounding,
  type BuyShapes,
  type CoinsWhenShort,
  type ConsumptionDraw,
  type ConsumptionHour,
  type EnergyRounding,
  type KHourMode,
  type LiveKey,
  type LoyaltyCombine,
  type LoyaltyTradedPer,
  type PricingMode,
  type ProductionHour,
  type StateConsumption,
  type RewardPer,
  type LoyaltyAt,
  type QLookup,
  type TieOrder,
  type WeatherMode,
} from './fields';
import {
  defaultScenario,
  presets,
  VARIANT_AUCTIONS,
  variants,
  type PresetName,
  type VariantName,
} from './presets';
import { createRng } from './rng';
import type { MechanismName } from './types';

export { ScenarioError } from './fields';
export type {
  AvgConsWarmup,
  BuyRounding,
  BuyShapes,
  CoinsWhenShort,
  ConsumptionDraw,
  ConsumptionHour,
  EnergyRounding,
  KHourMode,
  LoyaltyCombine,
  LoyaltyTradedPer,
  PricingMode,
  LoyaltyAt,
  ProductionHour,
  QLookup,
  RewardPer,
  StateConsumption,
  TieOrder,
  WeatherMode,
} from './fields';
export {
  PRESET_NAMES,
  THESIS_CODE_HOME,
  VARIANT_AUCTIONS,
  VARIANT_NAMES,
  WEATHER_SHARES_THESIS_CODE,
  WEATHER_SHARES_THESIS_TEXT,
  defaultScenario,
  presets,
  variants,
} from './presets';
export type { PresetName, VariantName } from './presets';

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
    /** Whether an order whose other side was empty records rewardReturned (ours) or nothing (the code). */
    rewardUnopposed: boolean;
    /** One Q table for the whole neighbourhood (the code) instead of one per household (ours). */
    sharedTable: boolean;
    /** The state's consumption: the recent average (ours) or this round's forecast (the code). */
    stateConsumption: StateConsumption;
    /** The average includes this round's forecast (the code) or only past hours (ours). */
    avgConsIncludesCurrent: boolean;
    /** Before the window is full: the mean of what there is (ours) or 0 (the code). */
    avgConsWarmup: AvgConsWarmup;
    /** One Q update per order (ours) or per trade record and status (the code, row 40). */
    rewardPer: RewardPer;
    /** The loyalty multiplier: at order time (ours) or after the outcome's update (row 40). */
    loyaltyAt: LoyaltyAt;
    /** The state's cells: battery in % and consumption in Wh (ours 1 and 100; the code 0.1, 1). */
    batteryResolutionPct: number;
    consResolutionWh: number;
    /** The exploitation look-up: ours, or the code's over both sides on raw values (row 47). */
    lookup: QLookup;
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
  /**
   * Initial battery level drawn uniformly per household from min, min + step, ... up to max Wh
   * (step 1: every Wh; the thesis code: 100 Wh steps).
   */
  initEnergyMinWh: number;
  initEnergyMaxWh: number;
  initEnergyStepWh: number;
  pv: {
    /** Share of households with PV (spread evenly over the indices). */
    prosumerShare: number;
    areaMinM2: number;
    areaMaxM2: number;
    /**
     * 0: an area uniform in [min, max], kept to 0.1 m2 (ours); > 0: uniform over the multiples
     * min, min + step, ... <= max (the thesis code: whole sizes 1-3).
     */
    areaStepM2: number;
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
    /** Real draws in [min, max] (ours), or whole numbers min..max (the thesis code). */
    draw: ConsumptionDraw;
    /** Half-even to the Wh (ours), or truncated to whole 100 Wh (the thesis code). */
    rounding: EnergyRounding;
    /** At home outside [dayFromHour, dayToHour] (inclusive): this range, in units of 100 Wh. */
    homeNightMin: number;
    homeNightMax: number;
    dayFromHour: number;
    dayToHour: number;
    /** Whose hour is forecast: the next one (ours) or the current one (the thesis code). */
    hour: ConsumptionHour;
  };
  production: {
    /** Which hour a round produces: the previous one (ours) or the current one (the code). */
    hour: ProductionHour;
    /** K_hour: our daylight profile, or a fresh uniform integer per household-hour (the code). */
    kHour: KHourMode;
    kHourMin: number;
    kHourMax: number;
    rounding: EnergyRounding;
  };
  decision: {
    /** A buy's size from its need: up to 100 Wh (ours) or down (the thesis code). */
    buyRounding: BuyRounding;
  };
  orders: {
    /** Order ids (the books' last tie rule): a fresh shuffle each round, or household order. */
    tieOrder: TieOrder;
  };
  coins: {
    /** A buyer short of coins: cap its order (ours), or buy the whole cost in coins (the code). */
    whenShort: CoinsWhenShort;
    /** Money per coin when coins are bought. */
    moneyPerCoin: number;
  };
  /** The thesis code's faults (docs/THESIS-VARIANT.md "Faults and the one flag"). */
  thesisCode: {
    faults: boolean;
  };
  pricing: {
    mode: PricingMode;
    /** Order size that separates "small" from "large" orders in eq. 4.6-4.7. */
    midRangeWh: number;
    /**
     * The mid range by hour of day (24 values each): small below min, large above max, mid in
     * between. Absent: both are midRangeWh at every hour.
     */
    midRangeMinWh?: number[];
    midRangeMaxWh?: number[];
    /** The buy side's Beta shapes: as the text (ours) or swapped as in the thesis code. */
    buyShapes: BuyShapes;
  };
  loyalty: {
    start: number;
    tradedFactor: number;
    /** Whether tradedFactor applies once per order that traded or once per trade record. */
    tradedPer: LoyaltyTradedPer;
    returnedFactor: number;
    /** Rejected (priced out) sells and buys, each once per order. */
    rejectedSellFactor: number;
    rejectedBuyFactor: number;
    /** One outcome per order (ours), or every status an order has (the code: traded + returned). */
    combine: LoyaltyCombine;
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

/** What files, URLs and the UI provide: any subset, optionally on top of a preset and variant. */
export type ScenarioInput = DeepPartial<Scenario> & { preset?: PresetName; variant?: VariantName };

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

/**
 * An area uniform over min, min + step, ... <= max from one uniform draw (the thesis code's
 * `randint(1, 3)` for min 1, max 3, step 1). The 1e-9 keeps a range that is a whole number of
 * steps from losing its last value to binary noise; areas keep 4 decimals for the same reason.
 */
export function steppedArea(u: number, min: number, max: number, step: number): number {
  const count = Math.floor((max - min) / step + 1e-9) + 1;
  return Math.round((min + Math.floor(u * count) * step) * 10_000) / 10_000;
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
    if (!prosumer) areas.push(0);
    else if (pv.areaStepM2 > 0)
      areas.push(steppedArea(draw, pv.areaMinM2, pv.areaMaxM2, pv.areaStepM2));
    // Areas are kept to 0.1 m2 so the scenario JSON stays readable.
    else areas.push(Math.round((pv.areaMinM2 + draw * (pv.areaMaxM2 - pv.areaMinM2)) * 10) / 10);
  }
  return areas;
}

/**
 * The mechanism a run actually clears with when `auction` is asked for under `variant`: the
 * thesis-code variants run the code's clearings in place of ours (row 31), so a sweep can say
 * both what was asked and what ran.
 */
export function mechanismRun(
  variant: VariantName | undefined,
  auction: MechanismName,
): MechanismName {
  return variant === undefined ? auction : (VARIANT_AUCTIONS[variant][auction] ?? auction);
}

/** Resolves a preset name or an input into a complete, validated scenario. */
export function resolveScenario(input: ScenarioInput | PresetName): Scenario {
  if (typeof input === 'string') {
    checkFieldValue('preset', input);
    return resolveScenario({ preset: input });
  }
  if (!isPlainObject(input)) throw new ScenarioError('(root)', input, 'an object or a preset name');
  const base = defaultScenario() as unknown as Record<string, unknown>;
  (base.pv as Record<string, unknown>).areasM2 = undefined;
  // Optional lists: present as keys so an input may set them, absent from the result if unset.
  const pricing = base.pricing as Record<string, unknown>;
  pricing.midRangeMinWh = undefined;
  pricing.midRangeMaxWh = undefined;
  const { preset, variant, ...rest } = input;
  if (preset !== undefined) {
    checkFieldValue('preset', preset);
    overlay(base, presets[preset], '');
  }
  if (variant !== undefined) {
    checkFieldValue('variant', variant);
    overlay(base, variants[variant], '');
  }
  overlay(base, rest, '');
  const s = base as unknown as Scenario;
  // A variant cannot overlay the auction without erasing the preset's choice, so it maps it:
  // the thesis code runs its own clearing in place of ours (docs/THESIS-VARIANT.md, row 31).
  s.auction = mechanismRun(variant, s.auction);
  if (s.pricing.midRangeMinWh === undefined) delete s.pricing.midRangeMinWh;
  if (s.pricing.midRangeMaxWh === undefined) delete s.pricing.midRangeMaxWh;
  validateScenarioFields(s);
  if (s.pv.areasM2 === undefined) s.pv.areasM2 = pvLayout(s.seed, s.households, s.pv);
  return s;
}

/**
 * What the registry's factories take from a scenario: the price list (the community's default
 * rate is its middle) and the thesis code's faults (`thesis-loyal`, `thesis-simple`).
 */
export function mechanismParamsOf(s: Scenario): {
  priceMin: number;
  priceMax: number;
  faults: boolean;
} {
  return { priceMin: s.priceMin, priceMax: s.priceMax, faults: s.thesisCode.faults };
}

/**
 * Parameters that may change while a simulation runs (effective from the next round): the
 * fields the table marks live (priceMin, priceMax, batteryThreshold, gridRetailPrice,
 * gridFeedInPrice).
 */
export type LiveParams = { [K in LiveKey]: FieldValue<K> };

/** The live parameters of a scenario (what is in force before any change). */
export function liveParamsOf(s: Scenario): LiveParams {
  const out = {} as Record<LiveKey, number>;
  for (const k of LIVE_KEYS) out[k] = s[k];
  return out as LiveParams;
}

const LIVE_CHECKS: readonly CrossCheck[] = CROSS_CHECKS.filter((c) =>
  c.uses.every((k) => (LIVE_KEYS as readonly string[]).includes(k)),
);
/** Rules that read a live field and others: checked during a run against its scenario. */
const MIXED_CHECKS: readonly CrossCheck[] = CROSS_CHECKS.filter(
  (c) =>
    !LIVE_CHECKS.includes(c) && c.uses.some((k) => (LIVE_KEYS as readonly string[]).includes(k)),
);

/**
 * `current` with the changes in `p`, checked field by field (the table) and by the cross checks
 * between live fields; given the run's `scenario`, also by the rules that tie a live field to the
 * others (the exact-books bounds: a grid price a run could not book exactly is refused). Returns a
 * new frozen object; throws a ScenarioError naming the field, the value and what is allowed, and
 * then nothing changes.
 */
export function validateLiveParams(
  current: LiveParams,
  p: Partial<LiveParams>,
  scenario?: Scenario,
): LiveParams {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(p)) {
    if (!(LIVE_KEYS as readonly string[]).includes(key)) {
      throw new ScenarioError(key, value, `one of the live parameters: ${LIVE_KEYS.join(', ')}`);
    }
    if (value !== undefined) next[key] = value;
  }
  for (const k of LIVE_KEYS) checkFieldValue(k, next[k]);
  const live = next as LiveParams;
  runCrossChecks((key) => live[key as LiveKey] as never, LIVE_CHECKS);
  if (scenario) {
    const isLive = (k: string): k is LiveKey => (LIVE_KEYS as readonly string[]).includes(k);
    runCrossChecks(
      (key) => (isLive(key) ? live[key] : fieldValue(scenario, key)) as never,
      MIXED_CHECKS,
    );
  }
  return Object.freeze(live);
}
