/**
 * The scenario's field table: every parameter of a run listed once, with what it means and what
 * it may hold. Validation (resolveScenario, validateLiveParams), the text parser every input path
 * shares (CLI flags, URL parameters, files, form fields) and the page's form and sliders all read
 * this one table, so a parameter is added or changed here and nowhere else.
 *
 * - `FIELDS[key]`: the spec of one field by its dotted key path (`priceMin`, `learning.enabled`,
 *   `weather.shares.sunny`); `FIELD_LIST` the same in table order (the order a form shows them).
 *   Besides the scenario's own leaves the table holds `preset` and `variant`, which pick overlays
 *   of a ScenarioInput rather than being fields of the resolved Scenario.
 * - `CROSS_CHECKS`: the rules that tie fields together (priceMax >= priceMin, ...), each named,
 *   blaming one field.
 * - `parseFieldText(key, raw)`: the one parser from text to a field's value.
 * - `checkFieldValue(key, value)`, `validateScenarioFields(scenario)`: the checks behind
 *   resolveScenario; `allowedText(key)`: what a field accepts, in words, for hints and errors.
 * - `fieldValue(scenario, key)`, `inputFromFields(values)`: read a field from a scenario by its
 *   key, and build a ScenarioInput from flat key/value pairs (the URL codec and the form).
 *
 * Every refusal is a ScenarioError naming the field, the value as given (the raw text for
 * parseFieldText) and what is allowed: `scenario.days: got "2.5"; allowed: an integer in [1, 3650]`.
 * See docs/MODEL.md "Parameters" for why each default is what it is.
 */
import { MECHANISM_NAMES } from './auctions';
import { coinSupplyAllowed, energyAllowed, moneyAllowed } from './bounds';
import { PRESET_NAMES, VARIANT_NAMES, type PresetName, type VariantName } from './presets';
import type { Scenario, ScenarioInput } from './scenario';

/** How the weather is drawn: the thesis draws every hour; the others keep the long-run shares. */
export const WEATHER_MODES = ['hourly', 'daily', 'markov'] as const;
export type WeatherMode = (typeof WEATHER_MODES)[number];
/** How a Beta draw becomes a price: our reading of the thesis (a walk), or a quantile. */
export const PRICING_MODES = ['walk', 'quantile'] as const;
export type PricingMode = (typeof PRICING_MODES)[number];
/** What a traded order's loyalty factor counts: the order once, or each of its trade records. */
export const LOYALTY_TRADED_PER = ['order', 'record'] as const;
export type LoyaltyTradedPer = (typeof LOYALTY_TRADED_PER)[number];
// The thesis code's behaviours as choices, ours first (docs/THESIS-VARIANT.md, one row each).
export const LOYALTY_COMBINE = ['first-status', 'every-status'] as const;
export type LoyaltyCombine = (typeof LOYALTY_COMBINE)[number];
export const PRODUCTION_HOURS = ['previous', 'current'] as const;
export type ProductionHour = (typeof PRODUCTION_HOURS)[number];
export const CONSUMPTION_HOURS = ['next', 'current'] as const;
export type ConsumptionHour = (typeof CONSUMPTION_HOURS)[number];
export const K_HOUR_MODES = ['daylight-profile', 'uniform-integer'] as const;
export type KHourMode = (typeof K_HOUR_MODES)[number];
export const ENERGY_ROUNDINGS = ['wh', 'truncate-100wh'] as const;
export type EnergyRounding = (typeof ENERGY_ROUNDINGS)[number];
export const CONSUMPTION_DRAWS = ['real', 'integer'] as const;
export type ConsumptionDraw = (typeof CONSUMPTION_DRAWS)[number];
export const BUY_ROUNDINGS = ['ceil', 'floor'] as const;
export type BuyRounding = (typeof BUY_ROUNDINGS)[number];
export const BUY_SHAPES = ['text', 'swapped'] as const;
export type BuyShapes = (typeof BUY_SHAPES)[number];
export const TIE_ORDERS = ['shuffled', 'household'] as const;
export type TieOrder = (typeof TIE_ORDERS)[number];
export const STATE_CONSUMPTIONS = ['average', 'forecast'] as const;
export type StateConsumption = (typeof STATE_CONSUMPTIONS)[number];
export const AVG_CONS_WARMUPS = ['partial-mean', 'zero'] as const;
export type AvgConsWarmup = (typeof AVG_CONS_WARMUPS)[number];
export const REWARD_PERS = ['order', 'record'] as const;
export type RewardPer = (typeof REWARD_PERS)[number];
export const LOYALTY_ATS = ['order-time', 'after-update'] as const;
export type LoyaltyAt = (typeof LOYALTY_ATS)[number];
export const Q_LOOKUPS = ['normalised-same-side', 'thesis-code'] as const;
export type QLookup = (typeof Q_LOOKUPS)[number];
export const COINS_WHEN_SHORT = ['cap-order', 'buy-cost'] as const;
export type CoinsWhenShort = (typeof COINS_WHEN_SHORT)[number];

export class ScenarioError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`scenario.${field}: got ${describeValue(value)}; allowed: ${allowed}`);
    this.name = 'ScenarioError';
  }
}

/** A value as an error message shows it: JSON, except that NaN and Infinity print as such. */
export function describeValue(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  try {
    const s = JSON.stringify(v, (_k, x: unknown) =>
      typeof x === 'number' && !Number.isFinite(x) ? String(x) : x,
    );
    return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}

// ---------------------------------------------------------------------------------------------
// Keys and values
// ---------------------------------------------------------------------------------------------

/** Dotted paths of every leaf of T (arrays are leaves). */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends readonly unknown[]
    ? `${P}${K}`
    : T[K] extends object
      ? Leaves<T[K], `${P}${K}.`>
      : `${P}${K}`;
}[keyof T & string];

type At<T, P extends string> = P extends `${infer H}.${infer R}`
  ? H extends keyof T
    ? At<T[H], R>
    : never
  : P extends keyof T
    ? T[P]
    : never;

/** Every parameter of a resolved scenario, by dotted path. */
export type ScenarioKey = Leaves<Scenario>;
/** Every field of the table: the scenario's parameters plus the input's overlay choices. */
export type FieldKey = ScenarioKey | 'preset' | 'variant';
/** The type a field holds. */
export type FieldValue<K extends FieldKey> = K extends ScenarioKey
  ? At<Scenario, K>
  : K extends 'preset'
    ? PresetName
    : VariantName;
/** Any subset of fields with their values. */
export type FieldValues = { [K in FieldKey]?: FieldValue<K> };

// ---------------------------------------------------------------------------------------------
// The specs
// ---------------------------------------------------------------------------------------------

export type FieldKind = 'integer' | 'number' | 'boolean' | 'choice' | 'text' | 'list';

/** Units as the page and the docs name them. */
export type Unit =
  | 'Wh'
  | 'x 100 Wh'
  | 'm2'
  | 'hours'
  | 'days'
  | 'households'
  | 'coins'
  | 'coins per 100 Wh'
  | 'money per 100 Wh'
  | 'share 0-1'
  | 'probability 0-1'
  | 'factor'
  | 'reward'
  | 'weight'
  | 'money per coin'
  | '%';

/**
 * Where the page's scenario form shows a field: among the first fields, behind "More
 * parameters", or not at all (files and the CLI still set it; live fields have sliders).
 */
export type FormPlace = 'basic' | 'more' | 'none';

interface FieldCommon {
  /** Short, for a form label or a table head. */
  readonly label: string;
  readonly unit: Unit | null;
  /** Changes while a run plays (a slider), effective from the next round; see LiveParams. */
  readonly live: boolean;
  /** The share link's query key, or null when the link does not carry the field. */
  readonly query: string | null;
  readonly form: FormPlace;
  /** One sentence a teacher would understand. */
  readonly help: string;
}

interface Bounded {
  /** Static bounds, inclusive; dependent bounds are CROSS_CHECKS. */
  readonly min: number;
  readonly max: number;
  /** A form's or slider's increment. */
  readonly step?: number;
  /** The range a slider offers by default (it widens to the value in force). */
  readonly typical?: readonly [number, number];
}

export interface IntegerFieldSpec extends FieldCommon, Bounded {
  readonly kind: 'integer';
}

export interface NumberFieldSpec extends FieldCommon, Bounded {
  readonly kind: 'number';
  /** At most this many decimals, and why (money per 100 Wh must be whole base units per Wh). */
  readonly decimals?: { readonly places: number; readonly why: string };
}

export interface BooleanFieldSpec extends FieldCommon {
  readonly kind: 'boolean';
}

export interface ChoiceFieldSpec extends FieldCommon {
  readonly kind: 'choice';
  readonly choices: readonly string[];
  /** A longer label per choice for a form's options; the choice itself where absent. */
  readonly choiceLabels?: Readonly<Record<string, string>>;
}

export interface TextFieldSpec extends FieldCommon {
  readonly kind: 'text';
  readonly maxLength: number;
}

/** A list of numbers (in text: comma-separated, e.g. `0.9,0.8,0.7`). */
export interface ListFieldSpec extends FieldCommon {
  readonly kind: 'list';
  /** Bounds of every item, inclusive. */
  readonly min: number;
  readonly max: number;
  /** A fixed length, or one item per household (a cross check). */
  readonly length: number | 'households';
  /** What the items are, plural, for messages: `areas in m2 (one per household)`. */
  readonly items: string;
  /** May be left out (then derived: see resolveScenario). */
  readonly optional: boolean;
}

type FieldDef =
  | IntegerFieldSpec
  | NumberFieldSpec
  | BooleanFieldSpec
  | ChoiceFieldSpec
  | TextFieldSpec
  | ListFieldSpec;

/** A field's spec, with its key. */
export type FieldSpec = FieldDef & { readonly key: FieldKey };

/**
 * The largest loyalty a scenario may allow: 10^14 ppm fits the chain's 48-bit loyalty field
 * (2^48 ppm is about 2.8 x 10^8) and stays an exact integer; the thesis code has no bound.
 */
const LOYALTY_LIMIT = 100_000_000;

const none = { live: false, query: null, form: 'none' } as const;
const money = {
  kind: 'number',
  min: 0,
  max: 1_000_000,
  decimals: { places: 4, why: 'whole base units per Wh' },
  unit: 'money per 100 Wh',
  step: 0.5,
  typical: [0, 30],
} as const;
const reward = { kind: 'number', min: -1e6, max: 1e6, unit: 'reward', ...none } as const;
const weight = { kind: 'number', min: 0, max: 10, unit: 'weight', ...none } as const;
const share = { kind: 'number', min: 0, max: 1, unit: 'share 0-1', ...none } as const;
const factor = { kind: 'number', min: 0, max: 10, unit: 'factor', ...none } as const;
const per100Wh = { kind: 'number', min: 0, max: 1000, unit: 'x 100 Wh', ...none } as const;
const choiceNone = { unit: null, ...none } as const;
const hourOfDay = { kind: 'integer', min: 0, max: 23, unit: 'hours', ...none } as const;
const midRangeHours = {
  kind: 'list',
  min: 0,
  max: 10_000_000,
  length: 24,
  items: 'order sizes in Wh (one per hour of day)',
  optional: true,
  unit: 'Wh',
  ...none,
} as const;
const homeHours = {
  kind: 'list',
  min: 0,
  max: 1,
  length: 24,
  items: 'probabilities (one per hour of day)',
  optional: false,
  unit: 'probability 0-1',
  ...none,
} as const;

/**
 * The table. Its type lists every key exactly once: a Scenario field without an entry, or an
 * entry for no field, does not compile.
 */
const TABLE = {
  preset: {
    kind: 'choice',
    choices: PRESET_NAMES,
    label: 'Preset',
    unit: null,
    live: false,
    query: 'preset',
    form: 'basic',
    help: "Start from one of the thesis's four experiments; any field you set yourself overrides it.",
  },
  variant: {
    kind: 'choice',
    choices: VARIANT_NAMES,
    label: 'Variant',
    unit: null,
    live: false,
    query: 'variant',
    form: 'none',
    help: "Follow the thesis's published code where it differs from its text and from us (docs/THESIS-VARIANT.md): thesis-code with its faults, thesis-code-fixed without them.",
  },
  name: {
    kind: 'text',
    maxLength: 100,
    label: 'Name',
    unit: null,
    ...none,
    help: 'A name for the run, used in titles and file names.',
  },
  seed: {
    kind: 'integer',
    min: -(2 ** 53 - 1),
    max: 2 ** 53 - 1,
    label: 'Seed',
    unit: null,
    live: false,
    query: 'seed',
    form: 'basic',
    help: 'The number every random draw starts from: the same seed gives the same run, on any machine.',
  },
  households: {
    kind: 'integer',
    min: 1,
    // The page is measured and kept smooth at 1,000 (docs/BENCHMARKS.md); the engine and the CLI
    // run 10,000 (the bench measures both).
    max: 10000,
    label: 'Households',
    unit: 'households',
    live: false,
    query: 'households',
    form: 'basic',
    help: 'How many households make up the neighbourhood.',
  },
  days: {
    kind: 'integer',
    min: 1,
    max: 3650,
    label: 'Days',
    unit: 'days',
    live: false,
    query: 'days',
    form: 'basic',
    help: 'How many days the run lasts; every hour is one trading round.',
  },
  auction: {
    kind: 'choice',
    choices: MECHANISM_NAMES,
    label: 'Auction',
    unit: null,
    live: false,
    query: 'auction',
    form: 'basic',
    help: 'The market rule that matches buyers with sellers every hour.',
  },
  priceMin: {
    kind: 'integer',
    min: 0,
    max: 1_000_000,
    step: 1,
    typical: [1, 30],
    label: 'Minimum price',
    unit: 'coins per 100 Wh',
    live: true,
    query: 'priceMin',
    form: 'none',
    help: 'The lowest price a household may ask or bid.',
  },
  priceMax: {
    kind: 'integer',
    min: 0,
    max: 1_000_000,
    step: 1,
    typical: [1, 30],
    label: 'Maximum price',
    unit: 'coins per 100 Wh',
    live: true,
    query: 'priceMax',
    form: 'none',
    help: 'The highest price a household may ask or bid.',
  },
  batteryThreshold: {
    kind: 'number',
    min: 0,
    max: 1,
    step: 0.05,
    label: 'Battery threshold',
    unit: 'share 0-1',
    live: true,
    query: 'batteryThreshold',
    form: 'none',
    help: 'How full a battery must stay, as a share of its capacity, before its household sells any energy.',
  },
  batteryCapacityWh: {
    kind: 'integer',
    min: 100,
    max: 10_000_000,
    step: 500,
    label: 'Battery capacity',
    unit: 'Wh',
    live: false,
    query: 'batteryCapacityWh',
    form: 'more',
    help: "How much energy each household's battery holds.",
  },
  initCoins: {
    kind: 'integer',
    min: 0,
    max: 1_000_000_000,
    label: 'Initial coins',
    unit: 'coins',
    live: false,
    query: 'initCoins',
    form: 'more',
    help: 'The energy coins each household starts with to buy from its neighbours.',
  },
  gridRetailPrice: {
    ...money,
    label: 'Grid retail price',
    live: true,
    query: 'gridRetailPrice',
    form: 'more',
    help: 'What the outer grid charges for energy a household could not buy from its neighbours.',
  },
  gridFeedInPrice: {
    ...money,
    label: 'Grid feed-in price',
    live: true,
    query: 'gridFeedInPrice',
    form: 'more',
    help: "What the outer grid pays for energy that no longer fits in a household's battery.",
  },
  'learning.enabled': {
    kind: 'boolean',
    label: 'Q-learning pricing',
    unit: null,
    live: false,
    query: 'learning',
    form: 'more',
    help: 'Let households learn their prices from experience (Q-learning) instead of drawing them at random.',
  },
  'learning.learningDays': {
    kind: 'integer',
    min: 0,
    max: 3650,
    label: 'Learning days',
    unit: 'days',
    ...none,
    help: 'How many days learners keep drawing prices at random while they record what worked, before they use it.',
  },
  'learning.decayFactor': {
    kind: 'number',
    min: 0.000001,
    max: 1,
    label: 'Daily decay',
    unit: 'factor',
    ...none,
    help: 'At the end of every day all learned values are multiplied by this, so old experience fades.',
  },
  'learning.averageConsumptionWindow': {
    kind: 'integer',
    min: 1,
    max: 168,
    label: 'Consumption window',
    unit: 'hours',
    ...none,
    help: "How many past hours a learner averages to describe its household's recent use.",
  },
  'learning.rewardTraded': {
    ...reward,
    label: 'Reward: traded',
    help: 'What a learner scores when its order traded.',
  },
  'learning.rewardReturned': {
    ...reward,
    label: 'Reward: returned',
    help: 'What a learner scores when its price was acceptable but found no counterpart.',
  },
  'learning.rewardRejected': {
    ...reward,
    label: 'Reward: rejected',
    help: 'What a learner scores when its price was out of the market.',
  },
  'learning.weightHour': {
    ...weight,
    label: 'Weight: hour',
    help: 'How much the hour of day counts when a learner looks for a similar past situation.',
  },
  'learning.weightBattery': {
    ...weight,
    label: 'Weight: battery',
    help: 'How much the battery level counts when a learner looks for a similar past situation.',
  },
  'learning.weightAvgCons': {
    ...weight,
    label: 'Weight: consumption',
    help: 'How much recent consumption counts when a learner looks for a similar past situation.',
  },
  'learning.weightAction': {
    ...weight,
    label: 'Weight: action',
    help: "How much the side (buy or sell) counts in that comparison: only in the thesis code's look-up, which compares records of both sides; ours compares the same side only.",
  },
  'learning.avgConsScaleWh': {
    kind: 'number',
    min: 1,
    max: 1e9,
    label: 'Consumption scale',
    unit: 'Wh',
    ...none,
    help: 'Recent consumption is divided by this, so it weighs about as much as the hour and the battery level.',
  },
  'learning.qClamp': {
    kind: 'number',
    min: 1,
    max: 1e300,
    label: 'Q limit',
    unit: null,
    ...none,
    help: 'Learned values are kept between minus and plus this, so they stay finite.',
  },
  'learning.rewardUnopposed': {
    kind: 'boolean',
    label: 'Learn when unopposed',
    ...choiceNone,
    help: 'Whether a learner records an order whose other side of the market was empty (ours), or learns nothing that hour as in the thesis code.',
  },
  'learning.sharedTable': {
    kind: 'boolean',
    label: 'One shared Q table',
    ...choiceNone,
    help: "Whether every household learns from and prices by one table of everyone's experience, as the thesis code does, instead of a table of its own.",
  },
  'learning.stateConsumption': {
    kind: 'choice',
    choices: STATE_CONSUMPTIONS,
    choiceLabels: {
      average: 'recent average (ours)',
      forecast: "this hour's forecast (the thesis's code)",
    },
    label: 'State: consumption',
    ...choiceNone,
    help: "What a learner's situation records of its use: the average of recent hours, or this hour's forecast as the thesis code stores it.",
  },
  'learning.avgConsIncludesCurrent': {
    kind: 'boolean',
    label: 'Average includes this hour',
    ...choiceNone,
    help: "Whether the recent average of use includes this hour's forecast, as in the thesis code, or only the hours before.",
  },
  'learning.avgConsWarmup': {
    kind: 'choice',
    choices: AVG_CONS_WARMUPS,
    choiceLabels: {
      'partial-mean': 'the mean of the hours so far (ours)',
      zero: "0 until the window is full (the thesis's code)",
    },
    label: 'Average before the window fills',
    ...choiceNone,
    help: 'What the recent average of use is before enough hours have passed: the mean of those there are, or 0 as the thesis code has it.',
  },
  'learning.rewardPer': {
    kind: 'choice',
    choices: REWARD_PERS,
    choiceLabels: {
      order: 'once per order (ours)',
      record: "once per trade record, keyed by the record's price (the thesis's code)",
    },
    label: 'Learn per',
    ...choiceNone,
    help: "Whether a learner records one outcome per order at its own price, or, as the thesis code does, one per trade record at the record's price, then its returned and its rejected part each once.",
  },
  'learning.loyaltyAt': {
    kind: 'choice',
    choices: LOYALTY_ATS,
    choiceLabels: {
      'order-time': 'the loyalty the order was made with (ours)',
      'after-update': "the loyalty after this outcome's update (the thesis's code)",
    },
    label: 'Loyalty in the update',
    ...choiceNone,
    help: "Which loyalty multiplies a learned value in a loyalty auction: the one the order carried, or the one after this round's update of that outcome, as the thesis code has it.",
  },
  'learning.batteryResolutionPct': {
    kind: 'number',
    min: 0.1,
    max: 10,
    label: 'State cell: battery',
    unit: '%',
    ...none,
    help: "The battery level a learner's situation records is rounded to this many percent (the thesis code keeps 0.1 %, three decimals of the ratio).",
  },
  'learning.consResolutionWh': {
    kind: 'integer',
    min: 1,
    max: 1000,
    label: 'State cell: consumption',
    unit: 'Wh',
    ...none,
    help: "The consumption a learner's situation records is rounded to this many Wh (the thesis code keeps whole Wh).",
  },
  'learning.lookup': {
    kind: 'choice',
    choices: Q_LOOKUPS,
    choiceLabels: {
      'normalised-same-side': 'nearest of the same side, normalised (ours)',
      'thesis-code': "nearest of either side on raw values (the thesis's code)",
    },
    label: 'Look-up',
    ...choiceNone,
    help: "How a learner finds its most similar past situation: among its own side's records on normalised features, or as the thesis code does, among every record on raw hour, battery ratio, consumption in Wh and side.",
  },
  'weather.mode': {
    kind: 'choice',
    choices: WEATHER_MODES,
    choiceLabels: {
      hourly: 'hourly draws (thesis)',
      daily: 'one draw per day',
      markov: 'persistent (Markov)',
    },
    label: 'Weather model',
    unit: null,
    live: false,
    query: 'weatherMode',
    form: 'more',
    help: 'How the weather is drawn: afresh every hour as in the thesis, once a day, or in spells that tend to last.',
  },
  'weather.shares.sunny': {
    ...share,
    label: 'Sunny share',
    help: 'The share of hours that are sunny in the long run.',
  },
  'weather.shares.cloudy': {
    ...share,
    label: 'Cloudy share',
    help: 'The share of hours that are cloudy in the long run.',
  },
  'weather.shares.rainy': {
    ...share,
    label: 'Rainy share',
    help: 'The share of hours that are rainy in the long run.',
  },
  'weather.persistence': {
    kind: 'number',
    min: 0,
    max: 0.999,
    label: 'Weather persistence',
    unit: 'probability 0-1',
    ...none,
    help: 'In the persistent weather model, the chance that the next hour keeps the weather of this one.',
  },
  'weather.productionFactor.sunny': {
    ...factor,
    label: 'Solar output: sunny',
    help: 'Solar panels produce this many times their clear-sky output in a sunny hour.',
  },
  'weather.productionFactor.cloudy': {
    ...factor,
    label: 'Solar output: cloudy',
    help: 'Solar panels produce this many times their clear-sky output in a cloudy hour.',
  },
  'weather.productionFactor.rainy': {
    ...factor,
    label: 'Solar output: rainy',
    help: 'Solar panels produce this many times their clear-sky output in a rainy hour.',
  },
  'weather.consumptionFactor.sunny': {
    ...factor,
    label: 'Use: sunny',
    help: 'Households use this many times their usual energy in a sunny hour.',
  },
  'weather.consumptionFactor.cloudy': {
    ...factor,
    label: 'Use: cloudy',
    help: 'Households use this many times their usual energy in a cloudy hour.',
  },
  'weather.consumptionFactor.rainy': {
    ...factor,
    label: 'Use: rainy',
    help: 'Households use this many times their usual energy in a rainy hour.',
  },
  initEnergyMinWh: {
    kind: 'integer',
    min: 0,
    max: 10_000_000,
    label: 'Initial battery, lowest',
    unit: 'Wh',
    ...none,
    help: 'Every battery starts at a random level between this and the highest initial level.',
  },
  initEnergyMaxWh: {
    kind: 'integer',
    min: 0,
    max: 10_000_000,
    label: 'Initial battery, highest',
    unit: 'Wh',
    ...none,
    help: 'Every battery starts at a random level between the lowest initial level and this.',
  },
  initEnergyStepWh: {
    kind: 'integer',
    min: 1,
    max: 10_000,
    label: 'Initial battery, step',
    unit: 'Wh',
    ...none,
    help: 'Initial levels are the lowest level plus whole steps of this (1: any Wh; the thesis code: 100 Wh steps).',
  },
  'pv.prosumerShare': {
    ...share,
    label: 'Share with solar panels',
    help: 'The share of households that have solar panels, spread evenly through the neighbourhood.',
  },
  'pv.areaMinM2': {
    kind: 'number',
    min: 0,
    max: 10_000,
    label: 'Panel area, smallest',
    unit: 'm2',
    ...none,
    help: 'The smallest panel area a household with solar panels gets.',
  },
  'pv.areaMaxM2': {
    kind: 'number',
    min: 0,
    max: 10_000,
    label: 'Panel area, largest',
    unit: 'm2',
    ...none,
    help: 'The largest panel area a household with solar panels gets.',
  },
  'pv.areaStepM2': {
    kind: 'number',
    min: 0,
    max: 10,
    label: 'Panel area, step',
    unit: 'm2',
    ...none,
    help: 'Above 0, panel areas are drawn evenly from the smallest area plus whole steps of this (the thesis code: sizes 1, 2 or 3); 0 draws any area kept to 0.1 m2.',
  },
  'pv.noise': {
    ...share,
    label: 'Solar noise',
    help: 'How much solar output varies at random from hour to hour: 0.1 means up to 10 % more or less.',
  },
  'pv.areasM2': {
    kind: 'list',
    min: 0,
    max: 10_000,
    length: 'households',
    items: 'areas in m2 (one per household)',
    optional: true,
    label: 'Panel areas',
    unit: 'm2',
    ...none,
    help: "Each household's panel area in turn (0 for none); leave it out to lay the panels out from the seed.",
  },
  'consumption.highMin': {
    ...per100Wh,
    label: 'Use at home, least',
    help: 'The least energy a household uses in an hour at home.',
  },
  'consumption.highMax': {
    ...per100Wh,
    label: 'Use at home, most',
    help: 'The most energy a household uses in an hour at home.',
  },
  'consumption.lowMin': {
    ...per100Wh,
    label: 'Use when away, least',
    help: 'The least energy a household uses in an hour when nobody is at home.',
  },
  'consumption.lowMax': {
    ...per100Wh,
    label: 'Use when away, most',
    help: 'The most energy a household uses in an hour when nobody is at home.',
  },
  'consumption.homeWeekday': {
    ...homeHours,
    label: 'At home, weekdays',
    help: 'For each hour of a weekday, the chance that somebody is at home.',
  },
  'consumption.homeWeekend': {
    ...homeHours,
    label: 'At home, weekends',
    help: 'For each hour of a weekend day, the chance that somebody is at home.',
  },
  'consumption.draw': {
    kind: 'choice',
    choices: CONSUMPTION_DRAWS,
    choiceLabels: {
      real: 'any amount in the range (ours)',
      integer: "whole units (the thesis's code)",
    },
    label: 'Use drawn as',
    ...choiceNone,
    help: "Whether an hour's use is any amount in its range, or a whole number of 100 Wh units as the thesis code draws it.",
  },
  'consumption.rounding': {
    kind: 'choice',
    choices: ENERGY_ROUNDINGS,
    choiceLabels: {
      wh: 'to the Wh (ours)',
      'truncate-100wh': "down to 100 Wh (the thesis's code)",
    },
    label: 'Use rounded',
    ...choiceNone,
    help: "Whether an hour's use is rounded to the Wh, or cut down to whole 100 Wh as the thesis code does.",
  },
  'consumption.homeNightMin': {
    ...per100Wh,
    label: 'Use at home at night, least',
    help: 'The least energy a household at home uses in an hour outside the day hours.',
  },
  'consumption.homeNightMax': {
    ...per100Wh,
    label: 'Use at home at night, most',
    help: 'The most energy a household at home uses in an hour outside the day hours.',
  },
  'consumption.dayFromHour': {
    ...hourOfDay,
    label: 'Day hours from',
    help: 'The first hour of day in which a household at home uses the day range (0-23: always).',
  },
  'consumption.dayToHour': {
    ...hourOfDay,
    label: 'Day hours to',
    help: 'The last hour of day, inclusive, in which a household at home uses the day range.',
  },
  'consumption.hour': {
    kind: 'choice',
    choices: CONSUMPTION_HOURS,
    choiceLabels: { next: 'the coming hour (ours)', current: "this hour (the thesis's code)" },
    label: 'Use forecast for',
    ...choiceNone,
    help: "Which hour's use a household forecasts and then consumes: the coming hour, or this hour as the thesis code does.",
  },
  'production.hour': {
    kind: 'choice',
    choices: PRODUCTION_HOURS,
    choiceLabels: { previous: 'the hour before (ours)', current: "this hour (the thesis's code)" },
    label: 'Solar output of',
    ...choiceNone,
    help: 'Which hour a round adds the solar output of: the hour before, with its weather, or this hour as the thesis code does.',
  },
  'production.kHour': {
    kind: 'choice',
    choices: K_HOUR_MODES,
    choiceLabels: {
      'daylight-profile': 'a daylight curve (ours)',
      'uniform-integer': "a random whole number each hour (the thesis's code)",
    },
    label: 'Hourly solar factor',
    ...choiceNone,
    help: 'How strongly panels produce by hour: a daylight curve peaking at 13:00, or a random whole number each daylight hour as the thesis code draws it.',
  },
  'production.kHourMin': {
    kind: 'integer',
    min: 0,
    max: 100,
    label: 'Random solar factor, least',
    unit: 'factor',
    ...none,
    help: 'With a random hourly solar factor, the smallest it can be.',
  },
  'production.kHourMax': {
    kind: 'integer',
    min: 0,
    max: 100,
    label: 'Random solar factor, most',
    unit: 'factor',
    ...none,
    help: 'With a random hourly solar factor, the largest it can be.',
  },
  'production.rounding': {
    kind: 'choice',
    choices: ENERGY_ROUNDINGS,
    choiceLabels: {
      wh: 'to the Wh (ours)',
      'truncate-100wh': "down to 100 Wh (the thesis's code)",
    },
    label: 'Solar output rounded',
    ...choiceNone,
    help: "Whether an hour's solar output is rounded to the Wh, or cut down to whole 100 Wh as the thesis code does.",
  },
  'decision.buyRounding': {
    kind: 'choice',
    choices: BUY_ROUNDINGS,
    choiceLabels: { ceil: 'up to 100 Wh (ours)', floor: "down to 100 Wh (the thesis's code)" },
    label: 'Buy size rounded',
    ...choiceNone,
    help: 'Whether a buy covers its need rounded up to 100 Wh, or rounded down as the thesis code does (the rest comes from the grid).',
  },
  'orders.tieOrder': {
    kind: 'choice',
    choices: TIE_ORDERS,
    choiceLabels: {
      shuffled: 'a fresh shuffle each hour (ours)',
      household: "household order (the thesis's code)",
    },
    label: 'Ties go to',
    ...choiceNone,
    help: 'Who wins a tie between otherwise equal orders: a fresh random order every hour, or always the same households first as in the thesis code.',
  },
  'coins.whenShort': {
    kind: 'choice',
    choices: COINS_WHEN_SHORT,
    choiceLabels: {
      'cap-order': 'buy only what the coins pay for (ours)',
      'buy-cost': "buy the whole cost in coins with money (the thesis's code)",
    },
    label: 'Short of coins',
    ...choiceNone,
    help: 'A buyer whose coins cannot pay its bid either bids only what they pay for, or first buys coins for the whole bid with money, as the thesis code does.',
  },
  'coins.moneyPerCoin': {
    kind: 'number',
    min: 0,
    max: 1000,
    decimals: { places: 4, why: 'whole base units of money per coin base unit' },
    label: 'Coin price',
    unit: 'money per coin',
    ...none,
    help: 'What a coin costs in money when a household buys coins.',
  },
  'thesisCode.faults': {
    kind: 'boolean',
    label: "The thesis code's faults",
    unit: null,
    live: false,
    query: 'thesisFaults',
    form: 'none',
    help: "Reproduce the thesis code's known faults (the stale battery, the off-by-one in k, unsold energy sold twice over); off, the code runs as it evidently meant to.",
  },
  'pricing.mode': {
    kind: 'choice',
    choices: PRICING_MODES,
    choiceLabels: { walk: 'walk the price list (thesis)', quantile: 'one draw as a quantile' },
    label: 'Random pricing',
    unit: null,
    ...none,
    help: 'How a random price is picked from the price list: a walk that stops at each price by chance, or one draw read as a position in the list.',
  },
  'pricing.midRangeWh': {
    kind: 'integer',
    min: 0,
    max: 10_000_000,
    label: 'Large order from',
    unit: 'Wh',
    ...none,
    help: 'Orders below this size count as small and above it as large; the two are priced with differently shaped random draws.',
  },
  'pricing.midRangeMinWh': {
    ...midRangeHours,
    label: 'Small order below, by hour',
    help: "For each hour of day, orders below this size count as small; leave it out to use 'Large order from' at every hour.",
  },
  'pricing.midRangeMaxWh': {
    ...midRangeHours,
    label: 'Large order above, by hour',
    help: "For each hour of day, orders above this size count as large; leave it out to use 'Large order from' at every hour.",
  },
  'pricing.buyShapes': {
    kind: 'choice',
    choices: BUY_SHAPES,
    choiceLabels: { text: "as the thesis's text (ours)", swapped: "swapped (the thesis's code)" },
    label: 'Buy price shapes',
    ...choiceNone,
    help: 'How small and large buyers spread their random bids: as the thesis text says, or with the two shapes swapped as in its code (small buyers then mostly bid the lowest price).',
  },
  'loyalty.start': {
    kind: 'number',
    min: 0.000001,
    max: LOYALTY_LIMIT,
    label: 'Starting loyalty',
    unit: null,
    ...none,
    help: 'The loyalty every household starts with.',
  },
  'loyalty.tradedFactor': {
    ...factor,
    label: 'Loyalty after a trade',
    help: "A household's loyalty is multiplied by this when its order traded.",
  },
  'loyalty.tradedPer': {
    kind: 'choice',
    choices: LOYALTY_TRADED_PER,
    choiceLabels: {
      order: 'once per order that traded (ours)',
      record: "once per trade record (the thesis's code)",
    },
    label: 'Loyalty boost counts',
    unit: null,
    ...none,
    help: 'Whether a traded order raises its loyalty once, or once for every neighbour and price it traded with in the round, as the thesis code does.',
  },
  'loyalty.returnedFactor': {
    ...factor,
    label: 'Loyalty after no counterpart',
    help: "A household's loyalty is multiplied by this when its price was acceptable but found no counterpart (the thesis: a slight increase).",
  },
  'loyalty.rejectedSellFactor': {
    ...factor,
    label: 'Loyalty after a rejected sell',
    help: "A household's loyalty is multiplied by this when its offer to sell was priced out of the market.",
  },
  'loyalty.rejectedBuyFactor': {
    ...factor,
    label: 'Loyalty after a rejected buy',
    help: "A household's loyalty is multiplied by this when its bid to buy was priced out of the market.",
  },
  'loyalty.combine': {
    kind: 'choice',
    choices: LOYALTY_COMBINE,
    choiceLabels: {
      'first-status': 'one outcome per order (ours)',
      'every-status': "every outcome of the order (the thesis's code)",
    },
    label: 'Loyalty outcomes',
    ...choiceNone,
    help: 'Whether an order that partly traded and was partly left over counts as traded only, or as both, as the thesis code does.',
  },
  'loyalty.floor': {
    kind: 'number',
    min: 0.000001,
    max: LOYALTY_LIMIT,
    label: 'Lowest loyalty',
    unit: null,
    ...none,
    help: 'Loyalty never falls below this.',
  },
  'loyalty.max': {
    kind: 'number',
    min: 0.000001,
    max: LOYALTY_LIMIT,
    label: 'Highest loyalty',
    unit: null,
    ...none,
    help: 'Loyalty never rises above this.',
  },
} as const satisfies { readonly [K in FieldKey]: FieldDef };

/** Every field's spec by key. */
export const FIELDS: { readonly [K in FieldKey]: FieldSpec } = Object.freeze(
  Object.fromEntries(Object.entries(TABLE).map(([key, def]) => [key, { key, ...def }])),
) as { readonly [K in FieldKey]: FieldSpec };

/** Every field in table order (the order a form lists them in). */
export const FIELD_LIST: readonly FieldSpec[] = Object.freeze(Object.values(FIELDS));

/** The parameters that may change while a run plays, in table order. */
export type LiveKey = {
  [K in FieldKey]: (typeof TABLE)[K]['live'] extends true ? K : never;
}[FieldKey];
export const LIVE_KEYS: readonly LiveKey[] = Object.freeze(
  FIELD_LIST.filter((f) => f.live).map((f) => f.key as LiveKey),
);

export function isFieldKey(key: unknown): key is FieldKey {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(FIELDS, key);
}

// ---------------------------------------------------------------------------------------------
// What a field accepts, and checking a value against it
// ---------------------------------------------------------------------------------------------

function boundsText(kind: 'integer' | 'number', min: number, max: number): string {
  return `${kind === 'integer' ? 'an integer' : 'a number'} in [${min}, ${max}]`;
}

function listText(spec: ListFieldSpec, length: number | null): string {
  const n = length === null ? '' : `${length} `;
  return `an array of ${n}${spec.items}${spec.optional ? ', or leave it out' : ''}`;
}

/** What a field accepts, in words (the `allowed` of its errors). */
export function allowedText(key: FieldKey): string {
  const spec = FIELDS[key];
  switch (spec.kind) {
    case 'integer':
    case 'number':
      return boundsText(spec.kind, spec.min, spec.max);
    case 'boolean':
      return 'true | false';
    case 'choice':
      return spec.choices.join(' | ');
    case 'text':
      return `a non-empty string of at most ${spec.maxLength} characters`;
    case 'list':
      return listText(spec, typeof spec.length === 'number' ? spec.length : null);
  }
}

function isNumberIn(v: unknown, min: number, max: number, integer: boolean): v is number {
  return (
    typeof v === 'number' &&
    Number.isFinite(v) &&
    v >= min &&
    v <= max &&
    (!integer || Number.isInteger(v))
  );
}

function hasDecimals(v: number, places: number): boolean {
  const scaled = v * 10 ** places;
  return Math.abs(scaled - Math.round(scaled)) <= 1e-6;
}

/**
 * Checks one value against its field's static rules (kind, bounds, decimals, list length when
 * fixed). `shown` is the value the error names (the raw text when parsing). Cross-field rules
 * are CROSS_CHECKS.
 */
function check(spec: FieldSpec, v: unknown, shown: unknown = v): void {
  const key = spec.key;
  switch (spec.kind) {
    case 'integer':
    case 'number':
      if (!isNumberIn(v, spec.min, spec.max, spec.kind === 'integer')) {
        throw new ScenarioError(key, shown, boundsText(spec.kind, spec.min, spec.max));
      }
      if (spec.kind === 'number' && spec.decimals && !hasDecimals(v, spec.decimals.places)) {
        const d = spec.decimals;
        throw new ScenarioError(
          key,
          shown,
          `a number with at most ${d.places} decimals (${d.why})`,
        );
      }
      return;
    case 'boolean':
      if (typeof v !== 'boolean') throw new ScenarioError(key, shown, 'true | false');
      return;
    case 'choice':
      if (typeof v !== 'string' || !spec.choices.includes(v)) {
        throw new ScenarioError(key, shown, spec.choices.join(' | '));
      }
      return;
    case 'text':
      if (typeof v !== 'string' || v.length === 0 || v.length > spec.maxLength) {
        throw new ScenarioError(key, shown, allowedText(key));
      }
      return;
    case 'list': {
      const length = typeof spec.length === 'number' ? spec.length : null;
      if (!Array.isArray(v) || (length !== null && v.length !== length)) {
        throw new ScenarioError(key, shown, listText(spec, length));
      }
      v.forEach((x, i) => {
        if (!isNumberIn(x, spec.min, spec.max, false)) {
          throw new ScenarioError(`${key}[${i}]`, x, boundsText('number', spec.min, spec.max));
        }
      });
      return;
    }
  }
}

/** Checks a value against its field's own rules; throws a ScenarioError naming it. */
export function checkFieldValue<K extends FieldKey>(
  key: K,
  value: unknown,
): asserts value is FieldValue<K> {
  check(FIELDS[key], value);
}

// ---------------------------------------------------------------------------------------------
// The one text parser
// ---------------------------------------------------------------------------------------------

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d+)?|\.\d+)$/;

/**
 * An integer typed as text for anything that is not a scenario field (a CLI flag such as
 * --batch-rounds), by the same rule as parseFieldText's integers: an optional sign and decimal
 * digits only, inside [min, max]. Null when the text is refused, so each caller raises its own
 * error type naming its own field; `integerAllowed` says what was allowed.
 */
export function parseIntegerText(raw: string, min: number, max: number): number | null {
  if (!INTEGER_TEXT.test(raw)) return null;
  const v = Number(raw);
  return Number.isSafeInteger(v) && v >= min && v <= max ? v : null;
}

/** What parseIntegerText accepts, in words. */
export const integerAllowed = (min: number, max: number): string => boundsText('integer', min, max);

/** What text a field accepts, in words (the `allowed` of parseFieldText's errors). */
export function allowedTextOf(key: FieldKey): string {
  const spec = FIELDS[key];
  if (spec.kind === 'boolean') return 'true | false | 1 | 0';
  if (spec.kind === 'list') return `${allowedText(key)}, comma-separated`;
  return allowedText(key);
}

/**
 * Parses text typed for a field (a CLI flag, a URL parameter, a form field) with one set of
 * rules: integers are an optional sign and decimal digits only (no `0x10`, `1e3`, `2.0`, `" 5 "`);
 * numbers are plain decimals (`-0.5`, `.5`, `12`; no exponent, no spaces); booleans are
 * `true | false | 1 | 0`; choices are one of the listed names, as written; lists are numbers
 * separated by commas. Empty text is an error. The value must also meet the field's static
 * bounds; rules between fields are checked when the scenario resolves.
 *
 * @throws ScenarioError naming the field, the raw text as typed and what is allowed.
 */
export function parseFieldText<K extends FieldKey>(key: K, raw: string): FieldValue<K> {
  if (!isFieldKey(key)) {
    throw new ScenarioError(
      String(key),
      raw,
      `one of the known fields: ${FIELD_LIST.map((f) => f.key).join(', ')}`,
    );
  }
  const spec = FIELDS[key];
  const refuse = (): never => {
    // Text that is no plain decimal says so; in-range values of the wrong form would be puzzling.
    const allowed =
      spec.kind === 'number'
        ? `a plain decimal number in [${spec.min}, ${spec.max}]`
        : allowedTextOf(key);
    throw new ScenarioError(key, raw, allowed);
  };
  if (typeof raw !== 'string' || raw === '') return refuse();
  let value: unknown;
  switch (spec.kind) {
    case 'integer':
      value = parseIntegerText(raw, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? refuse();
      break;
    case 'number':
      if (!DECIMAL_TEXT.test(raw)) refuse();
      value = Number(raw);
      break;
    case 'boolean':
      if (raw === 'true' || raw === '1') value = true;
      else if (raw === 'false' || raw === '0') value = false;
      else refuse();
      break;
    case 'choice':
    case 'text':
      value = raw;
      break;
    case 'list':
      value = raw.split(',').map((item, i) => {
        if (!DECIMAL_TEXT.test(item)) {
          throw new ScenarioError(
            `${key}[${i}]`,
            item,
            `a plain decimal number in [${spec.min}, ${spec.max}]`,
          );
        }
        return Number(item);
      });
      break;
  }
  check(spec, value, raw);
  return value as FieldValue<K>;
}

// ---------------------------------------------------------------------------------------------
// Reading and writing fields by key
// ---------------------------------------------------------------------------------------------

/** A field of a scenario (or of an input: undefined where the input leaves it out). */
export function fieldValue<K extends ScenarioKey>(scenario: Scenario, key: K): FieldValue<K>;
export function fieldValue(scenario: ScenarioInput, key: FieldKey): unknown;
export function fieldValue(scenario: object, key: FieldKey): unknown {
  let at: unknown = scenario;
  for (const part of key.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/**
 * A ScenarioInput from flat key/value pairs (`{ seed: 7, 'weather.mode': 'daily' }` becomes
 * `{ seed: 7, weather: { mode: 'daily' } }`). Values pass unchecked: resolveScenario checks them.
 */
export function inputFromFields(values: FieldValues): ScenarioInput {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const parts = key.split('.');
    let at = out;
    for (const part of parts.slice(0, -1)) {
      const next = at[part];
      at = (typeof next === 'object' && next !== null ? next : (at[part] = {})) as Record<
        string,
        unknown
      >;
    }
    at[parts[parts.length - 1] as string] = Array.isArray(value) ? [...value] : value;
  }
  return out as ScenarioInput;
}

// ---------------------------------------------------------------------------------------------
// Rules between fields
// ---------------------------------------------------------------------------------------------

/** Reads a field's value (already checked against its own rules). */
export type FieldReader = <K extends ScenarioKey>(key: K) => FieldValue<K>;

export interface CrossCheck {
  readonly name: string;
  /** The field an error names (the one a user would change). */
  readonly field: string;
  /** Every field the rule reads: validateLiveParams runs the rules that read live fields only. */
  readonly uses: readonly ScenarioKey[];
  /** Null when the rule holds, else what is allowed for `field`. */
  readonly test: (get: FieldReader) => string | null;
  /** The value the error names (the field's own value unless given). */
  readonly shown?: (get: FieldReader) => unknown;
}

const atLeast = (
  name: string,
  field: ScenarioKey,
  lower: ScenarioKey,
  what: 'an integer' | 'a number',
): CrossCheck => ({
  name,
  field,
  uses: [field, lower],
  test: (get) =>
    (get(field) as number) >= (get(lower) as number)
      ? null
      : `${what} >= ${lower} (${get(lower) as number})`,
});

const atMost = (
  name: string,
  field: ScenarioKey,
  upper: ScenarioKey,
  what: string,
): CrossCheck => ({
  name,
  field,
  uses: [field, upper],
  test: (get) =>
    (get(field) as number) <= (get(upper) as number)
      ? null
      : `${what} <= ${upper} (${get(upper) as number})`,
});

/** The fields that bound what a household can move in an hour (bounds.ts hourlyBounds). */
const FLOW_KEYS: readonly ScenarioKey[] = [
  'consumption.highMin',
  'consumption.highMax',
  'consumption.lowMin',
  'consumption.lowMax',
  'weather.consumptionFactor.sunny',
  'weather.consumptionFactor.cloudy',
  'weather.consumptionFactor.rainy',
  'weather.productionFactor.sunny',
  'weather.productionFactor.cloudy',
  'weather.productionFactor.rainy',
  'pv.areaMaxM2',
  'pv.areasM2',
  'pv.noise',
  'consumption.homeNightMin',
  'consumption.homeNightMax',
  'production.kHour',
  'production.kHourMax',
  'thesisCode.faults',
  'batteryCapacityWh',
];

/** What coin top-ups read besides the flows (bounds.ts topUpPerHour). */
const TOP_UP_KEYS: readonly ScenarioKey[] = ['coins.whenShort', 'coins.moneyPerCoin', 'priceMax'];

/** One of the two optional 24-hour mid-range lists without the other, or min above max. */
function midRangeAllowed(get: FieldReader): string | null {
  const lo = get('pricing.midRangeMinWh');
  const hi = get('pricing.midRangeMaxWh');
  if (lo === undefined && hi === undefined) return null;
  if (lo === undefined || hi === undefined) {
    return 'both pricing.midRangeMinWh and pricing.midRangeMaxWh, or neither';
  }
  for (let h = 0; h < 24; h++) {
    if ((hi[h] as number) < (lo[h] as number)) {
      return `at every hour a size >= pricing.midRangeMinWh (hour ${h}: ${lo[h] as number})`;
    }
  }
  return null;
}

/** Every rule between fields, in the order they are checked. */
export const CROSS_CHECKS: readonly CrossCheck[] = [
  atLeast('priceRange', 'priceMax', 'priceMin', 'an integer'),
  atMost(
    'feedInNotAboveRetail',
    'gridFeedInPrice',
    'gridRetailPrice',
    'a price (the grid never pays more for energy than it charges)',
  ),
  {
    name: 'weatherSharesSumToOne',
    field: 'weather.shares',
    uses: ['weather.shares.sunny', 'weather.shares.cloudy', 'weather.shares.rainy'],
    test: (get) =>
      Math.abs(
        get('weather.shares.sunny') +
          get('weather.shares.cloudy') +
          get('weather.shares.rainy') -
          1,
      ) > 1e-9
        ? 'shares that sum to 1'
        : null,
    shown: (get) => ({
      sunny: get('weather.shares.sunny'),
      cloudy: get('weather.shares.cloudy'),
      rainy: get('weather.shares.rainy'),
    }),
  },
  atMost('initialBatteryFitsLow', 'initEnergyMinWh', 'batteryCapacityWh', 'an integer'),
  atLeast('initialBatteryRange', 'initEnergyMaxWh', 'initEnergyMinWh', 'an integer'),
  atMost('initialBatteryFitsHigh', 'initEnergyMaxWh', 'batteryCapacityWh', 'an integer'),
  atLeast('panelAreaRange', 'pv.areaMaxM2', 'pv.areaMinM2', 'a number'),
  {
    name: 'panelAreaPerHousehold',
    field: 'pv.areasM2',
    uses: ['pv.areasM2', 'households'],
    test: (get) => {
      const areas = get('pv.areasM2') as number[] | undefined;
      const n = get('households');
      return areas === undefined || areas.length === n
        ? null
        : listText(FIELDS['pv.areasM2'] as ListFieldSpec, n);
    },
  },
  atLeast('useAtHomeRange', 'consumption.highMax', 'consumption.highMin', 'a number'),
  atLeast('useAwayRange', 'consumption.lowMax', 'consumption.lowMin', 'a number'),
  atLeast('useAtNightRange', 'consumption.homeNightMax', 'consumption.homeNightMin', 'a number'),
  atLeast('solarFactorRange', 'production.kHourMax', 'production.kHourMin', 'an integer'),
  {
    name: 'midRangeByHour',
    field: 'pricing.midRangeMaxWh',
    uses: ['pricing.midRangeMinWh', 'pricing.midRangeMaxWh'],
    test: midRangeAllowed,
  },
  atLeast('loyaltyRange', 'loyalty.max', 'loyalty.floor', 'a number'),
  atLeast('loyaltyStartAboveFloor', 'loyalty.start', 'loyalty.floor', 'a number'),
  atMost('loyaltyStartBelowMax', 'loyalty.start', 'loyalty.max', 'a number'),
  // Exact books (bounds.ts): the last three, as they read the fields checked above.
  {
    name: 'coinSupplyExact',
    field: 'initCoins',
    uses: ['initCoins', 'households', 'days', ...FLOW_KEYS, ...TOP_UP_KEYS],
    test: coinSupplyAllowed,
  },
  {
    name: 'energyFitsChain',
    field: 'days',
    uses: ['days', 'households', ...FLOW_KEYS],
    test: energyAllowed,
  },
  {
    name: 'moneyExact',
    field: 'gridRetailPrice',
    uses: ['gridRetailPrice', 'gridFeedInPrice', 'days', ...FLOW_KEYS, ...TOP_UP_KEYS],
    test: moneyAllowed,
  },
];

/** Runs the cross checks through `get`; throws the first that fails. */
export function runCrossChecks(
  get: FieldReader,
  checks: readonly CrossCheck[] = CROSS_CHECKS,
): void {
  for (const c of checks) {
    const allowed = c.test(get);
    if (allowed !== null) {
      throw new ScenarioError(
        c.field,
        c.shown ? c.shown(get) : get(c.field as ScenarioKey),
        allowed,
      );
    }
  }
}

/**
 * Every field of a resolved scenario against its own rules, in table order, then every cross
 * check. Throws the first ScenarioError. Optional lists left out pass (they are derived later).
 */
export function validateScenarioFields(scenario: Scenario): void {
  for (const spec of FIELD_LIST) {
    if (spec.key === 'preset' || spec.key === 'variant') continue;
    const v = fieldValue(scenario as ScenarioInput, spec.key);
    if (v === undefined && spec.kind === 'list' && spec.optional) continue;
    check(spec, v);
  }
  runCrossChecks((key) => fieldValue(scenario, key));
}
