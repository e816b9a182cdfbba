import { LIVE_KEYS, priceBin, type LiveParams } from '../engine';
import {
  PERCENTILES,
  PERCENTILE_SERIES,
  percentileAt,
  percentilesInto,
} from '../worker/percentiles';
import type { RoundBatch, StartState } from '../worker/protocol';

/**
 * Per-round series kept for charts and export: what the round measured, then the live
 * parameters it ran under (RoundResult.params, as the worker's batches carry them).
 */
export const ROUND_SERIES = [
  'clearingPrice',
  'meanTradePrice',
  'producedWh',
  'consumedWh',
  'gridImportWh',
  'gridExportWh',
  'tradedWh',
  'averageUtility',
  'totalSurplus',
  // The rest of rounds.csv's columns (engine csv.ts), so the page's CSV is the CLI's.
  'buyOrders',
  'sellOrders',
  'bidWh',
  'askWh',
  'returnedWh',
  'rejectedWh',
  'minTradePrice',
  'maxTradePrice',
  'learningPhase',
  ...LIVE_KEYS,
] as const;
export type RoundSeries = (typeof ROUND_SERIES)[number];

/** Per-household series, stored round-major: value of household h at round r is [r * H + h]. */
export const HOUSEHOLD_SERIES = PERCENTILE_SERIES;
export type HouseholdSeries = (typeof HOUSEHOLD_SERIES)[number];

/** Neighbourhood aggregates of a per-household series, one value per round. */
export interface Spread {
  readonly mean: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  /** 10th percentile, median and 90th percentile across households (linear between ranks). */
  readonly p10: Float64Array;
  readonly median: Float64Array;
  readonly p90: Float64Array;
}

/** What a round's aggregates hold, at one round (the run's start). */
export type SpreadAt = { readonly [K in keyof Spread]: number };

const SPREAD_KEYS = ['mean', 'min', 'max', 'p10', 'median', 'p90'] as const;

/**
 * Values kept per per-household series: 2^20 Float64 (8 MiB; 32 MiB for the four series). A
 * year of 1,000 households is 8.76 M values a series, 280 MB for the four if every one were
 * kept; with this budget the page's heap stays bounded however long the run, and the
 * neighbourhood's aggregates (Spread) keep every round whatever the budget.
 */
export const HOUSEHOLD_VALUES_BUDGET = 1 << 20;

/** Where the run starts: every household before round 0 and the live parameters in force. */
export interface RunStart {
  readonly state: StartState;
  readonly params: LiveParams;
}

/** Price histogram bins (the engine's `priceBin`), energy-weighted; prices above the last share it. */
const HIST_BINS = 400;

/**
 * The whole run in preallocated typed arrays, so a long run with many households costs a few
 * megabytes and no per-round objects. Sized for the scenario's total rounds up front.
 *
 * Every household's own values are kept for every round while they fit HOUSEHOLD_VALUES_BUDGET;
 * once a run outgrows it, every other kept round is dropped and from then on only every
 * `householdEvery`-th round is kept (1, 2, 4, ...), so the store never grows past the budget
 * and a run keeps every hour for as long as it can. Between kept rounds a household's value
 * reads as the last kept one (`householdValue`); `householdKept` says which rounds are exact.
 */
export class History {
  length = 0;
  readonly day: Uint16Array;
  readonly hourOfDay: Uint8Array;
  readonly weather: Uint8Array;
  readonly tradeCount: Uint32Array;
  readonly round: Record<RoundSeries, Float64Array>;
  /**
   * Kept rounds of each household, round-major: row i holds round i * householdEvery, household
   * h at [i * households + h].
   */
  readonly household: Record<HouseholdSeries, Float64Array>;
  /** Only every this-many-th round keeps every household's values (a power of two). */
  householdEvery = 1;
  /** Rows the household store holds (its budget divided by the households). */
  readonly householdRows: number;
  /** Rows filled so far. */
  private rows = 0;
  /**
   * Mean, min and max across households per round, filled as batches arrive: each round is
   * aggregated once here instead of on every chart redraw (which rescanned the whole run).
   */
  readonly spread: Record<HouseholdSeries, Spread>;
  readonly priceHistogramWh = new Float64Array(HIST_BINS);
  /** Mean, min and max across households before round 0 (NaN without a start). */
  readonly startSpread: Record<HouseholdSeries, SpreadAt>;

  constructor(
    readonly capacity: number,
    readonly households: number,
    /** Absent only for the empty history shown before the worker is ready. */
    readonly start: RunStart | null = null,
  ) {
    this.day = new Uint16Array(capacity);
    this.hourOfDay = new Uint8Array(capacity);
    this.weather = new Uint8Array(capacity);
    this.tradeCount = new Uint32Array(capacity);
    this.round = Object.fromEntries(
      ROUND_SERIES.map((k) => [k, new Float64Array(capacity)]),
    ) as Record<RoundSeries, Float64Array>;
    this.householdRows =
      households > 0
        ? Math.min(capacity, Math.max(1, Math.floor(HOUSEHOLD_VALUES_BUDGET / households)))
        : capacity;
    this.household = Object.fromEntries(
      HOUSEHOLD_SERIES.map((k) => [k, new Float64Array(this.householdRows * households)]),
    ) as Record<HouseholdSeries, Float64Array>;
    this.spread = Object.fromEntries(
      HOUSEHOLD_SERIES.map((k) => [k, newSpread(capacity)]),
    ) as Record<HouseholdSeries, Spread>;
    this.startSpread = Object.fromEntries(
      HOUSEHOLD_SERIES.map((k) => {
        const v = start?.state[k] ?? new Float64Array(0);
        const at0 = newSpread(1);
        spreadInto(v, v.length, 0, 1, 0, at0);
        const q = new Float64Array(PERCENTILE_SERIES.length * PERCENTILES.length);
        percentilesInto(v, v.length, 1, 0, q, new Float64Array(v.length));
        at0.p10[0] = q[0] ?? NaN;
        at0.median[0] = q[1] ?? NaN;
        at0.p90[0] = q[2] ?? NaN;
        const one = Object.fromEntries(SPREAD_KEYS.map((q) => [q, at0[q][0] ?? NaN]));
        return [k, one as SpreadAt];
      }),
    ) as History['startSpread'];
  }

  /** Appends a batch; batches must arrive in order (the worker guarantees it). */
  append(b: RoundBatch): void {
    if (b.firstRound !== this.length) {
      throw new Error(`history: batch starts at round ${b.firstRound}, expected ${this.length}`);
    }
    const n = Math.min(b.count, this.capacity - this.length);
    const at = this.length;
    this.day.set(b.day.subarray(0, n), at);
    this.hourOfDay.set(b.hourOfDay.subarray(0, n), at);
    this.weather.set(b.weather.subarray(0, n), at);
    this.tradeCount.set(b.tradeCount.subarray(0, n), at);
    for (const k of ROUND_SERIES) this.round[k].set(b[k].subarray(0, n), at);
    const h = this.households;
    for (const k of HOUSEHOLD_SERIES) spreadInto(b[k], h, 0, n, at, this.spread[k]);
    // The worker computed the percentiles (percentiles.ts); the batch holds b.count rounds.
    PERCENTILE_SERIES.forEach((k, si) => {
      const out = this.spread[k];
      for (let r = 0; r < n; r++) {
        out.p10[at + r] = b.percentiles[percentileAt(si, 0, r, b.count)] ?? Number.NaN;
        out.median[at + r] = b.percentiles[percentileAt(si, 1, r, b.count)] ?? Number.NaN;
        out.p90[at + r] = b.percentiles[percentileAt(si, 2, r, b.count)] ?? Number.NaN;
      }
    });
    for (let i = 0; i < n; i++) {
      const r = at + i;
      if (r % this.householdEvery !== 0) continue;
      if (this.rows === this.householdRows) this.halveKept();
      if (r % this.householdEvery !== 0) continue;
      for (const k of HOUSEHOLD_SERIES) {
        this.household[k].set(b[k].subarray(i * h, i * h + h), this.rows * h);
      }
      this.rows++;
    }
    for (let i = 0; i < b.tradePrice.length; i++) {
      const bin = Math.min(HIST_BINS - 1, Math.max(0, priceBin(b.tradePrice[i] ?? 0)));
      this.priceHistogramWh[bin] = (this.priceHistogramWh[bin] ?? 0) + (b.tradeEnergyWh[i] ?? 0);
    }
    this.length = at + n;
  }

  /** The live parameters round `round` ran under. */
  paramsAt(round: number): LiveParams {
    const out = {} as Record<(typeof LIVE_KEYS)[number], number>;
    for (const k of LIVE_KEYS) out[k] = this.round[k][round] ?? Number.NaN;
    return out as LiveParams;
  }

  /**
   * Household `household`'s value at `round`: exact at a kept round, else the last kept round's
   * before it (NaN past the rounds appended).
   */
  householdValue(series: HouseholdSeries, round: number, household: number): number {
    if (round < 0 || round >= this.length || household < 0 || household >= this.households)
      return Number.NaN;
    const row = Math.floor(round / this.householdEvery);
    return this.household[series][row * this.households + household] ?? Number.NaN;
  }

  /** True when every household's values of `round` are kept exactly (see householdEvery). */
  householdKept(round: number): boolean {
    return round >= 0 && round < this.length && round % this.householdEvery === 0;
  }

  /** Bytes the household store holds, whatever the run's length: at most the budget's. */
  get householdBytes(): number {
    let n = 0;
    for (const k of HOUSEHOLD_SERIES) n += this.household[k].byteLength;
    return n;
  }

  /** The store is full: keep every other kept round (rows 0, 2, 4, ...) and keep half as often. */
  private halveKept(): void {
    const h = this.households;
    for (const k of HOUSEHOLD_SERIES) {
      const a = this.household[k];
      for (let i = 0; 2 * i < this.rows; i++) a.copyWithin(i * h, 2 * i * h, 2 * i * h + h);
    }
    this.rows = Math.ceil(this.rows / 2);
    this.householdEvery *= 2;
  }

  /** A household's value before round 0 (NaN without a start). */
  householdStart(series: HouseholdSeries, household: number): number {
    return this.start?.state[series][household] ?? Number.NaN;
  }
}

function newSpread(rounds: number): Spread {
  const a = (): Float64Array => new Float64Array(rounds);
  return { mean: a(), min: a(), max: a(), p10: a(), median: a(), p90: a() };
}

/**
 * Writes the mean, min and max across `h` households of rounds [from, to) of a round-major array
 * into `out` at round index `at + (r - from)`; NaN when there are no households. (The
 * percentiles come from the worker, percentiles.ts.)
 */
function spreadInto(
  a: Float64Array,
  h: number,
  from: number,
  to: number,
  at: number,
  out: Spread,
): void {
  for (let r = from; r < to; r++) {
    const o = at + r - from;
    if (h === 0) {
      out.mean[o] = out.min[o] = out.max[o] = Number.NaN;
      continue;
    }
    let sum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = r * h; i < r * h + h; i++) {
      const v = a[i] ?? 0;
      sum += v;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    out.mean[o] = sum / h;
    out.min[o] = lo;
    out.max[o] = hi;
  }
}
