import { LIVE_KEYS, priceBin, type LiveParams } from '../engine';
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
export const HOUSEHOLD_SERIES = ['batteryWh', 'coinBalance', 'moneyBalance', 'loyalty'] as const;
export type HouseholdSeries = (typeof HOUSEHOLD_SERIES)[number];

/** Neighbourhood aggregates of a per-household series, one value per round. */
export interface Spread {
  readonly mean: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
}

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
 */
export class History {
  length = 0;
  readonly day: Uint16Array;
  readonly hourOfDay: Uint8Array;
  readonly weather: Uint8Array;
  readonly tradeCount: Uint32Array;
  readonly round: Record<RoundSeries, Float64Array>;
  readonly household: Record<HouseholdSeries, Float64Array>;
  /**
   * Mean, min and max across households per round, filled as batches arrive: each round is
   * aggregated once here instead of on every chart redraw (which rescanned the whole run).
   */
  readonly spread: Record<HouseholdSeries, Spread>;
  readonly priceHistogramWh = new Float64Array(HIST_BINS);
  /** Mean, min and max across households before round 0 (NaN without a start). */
  readonly startSpread: Record<HouseholdSeries, { mean: number; min: number; max: number }>;

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
    this.household = Object.fromEntries(
      HOUSEHOLD_SERIES.map((k) => [k, new Float64Array(capacity * households)]),
    ) as Record<HouseholdSeries, Float64Array>;
    this.spread = Object.fromEntries(
      HOUSEHOLD_SERIES.map((k) => [
        k,
        {
          mean: new Float64Array(capacity),
          min: new Float64Array(capacity),
          max: new Float64Array(capacity),
        },
      ]),
    ) as Record<HouseholdSeries, Spread>;
    this.startSpread = Object.fromEntries(
      HOUSEHOLD_SERIES.map((k) => {
        const v = start?.state[k] ?? new Float64Array(0);
        const at0: Spread = {
          mean: new Float64Array(1),
          min: new Float64Array(1),
          max: new Float64Array(1),
        };
        spreadInto(v, v.length, 0, 1, at0);
        return [k, { mean: at0.mean[0] ?? NaN, min: at0.min[0] ?? NaN, max: at0.max[0] ?? NaN }];
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
    for (const k of HOUSEHOLD_SERIES) {
      this.household[k].set(b[k].subarray(0, n * h), at * h);
      spreadInto(this.household[k], h, at, at + n, this.spread[k]);
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

  householdValue(series: HouseholdSeries, round: number, household: number): number {
    return this.household[series][round * this.households + household] ?? Number.NaN;
  }

  /** A household's value before round 0 (NaN without a start). */
  householdStart(series: HouseholdSeries, household: number): number {
    return this.start?.state[series][household] ?? Number.NaN;
  }
}

/**
 * Writes the mean, min and max across `h` households of rounds [from, to) of a round-major
 * array into `out` at the same round indices; NaN when there are no households.
 */
function spreadInto(a: Float64Array, h: number, from: number, to: number, out: Spread): void {
  for (let r = from; r < to; r++) {
    if (h === 0) {
      out.mean[r] = out.min[r] = out.max[r] = Number.NaN;
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
    out.mean[r] = sum / h;
    out.min[r] = lo;
    out.max[r] = hi;
  }
}
