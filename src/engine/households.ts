/**
 * The households store: the whole neighbourhood's state as one typed array per quantity
 * (struct of arrays), indexed by household. The hour's phases (production.ts, decide.ts,
 * settle.ts, consume.ts) read and write it in place, so a round allocates nothing for the
 * households but its snapshot. Units: energy in integer Wh, coins and money in integer base
 * units, loyalty in ppm (LOYALTY_SCALE = 1.0).
 */
import type { Rng } from './rng';
import type { Scenario } from './scenario';
import type { Slab } from './slab';
import { BASE_PER_COIN, LOYALTY_SCALE, roundHalfEven } from './units';

/** One household's books after a round: what RoundResult and the chain layer see. */
export interface HouseholdState {
  index: number;
  hasPv: boolean;
  batteryWh: number;
  /** Base units. */
  coinBalance: number;
  /** Base units; negative when the household has bought more from the grid than it sold. */
  moneyBalance: number;
  /** ppm (LOYALTY_SCALE = 1.0). */
  loyalty: number;
  /** Cumulative since the start of the run. */
  producedWh: number;
  consumedWh: number;
  gridImportWh: number;
  gridExportWh: number;
}

/** A slot of `recentUseWh` that has no hour in it yet. */
const NO_HOUR = -1;

export interface Households {
  readonly count: number;
  readonly capacityWh: number;
  /** PV area per household, m2 (0: no panels). */
  readonly pvAreaM2: readonly number[];
  readonly batteryWh: Float64Array;
  /**
   * Each battery as the previous round left it, before this round's production: what the thesis
   * code's decision sees (its fault, row 17). Kept only when `thesisCode.faults` is on, else
   * the same array as batteryWh.
   */
  readonly staleBatteryWh: Float64Array;
  readonly coins: Float64Array;
  readonly money: Float64Array;
  readonly loyalty: Float64Array;
  /** Cumulative since the start of the run. */
  readonly producedWh: Float64Array;
  readonly consumedWh: Float64Array;
  readonly gridImportWh: Float64Array;
  readonly gridExportWh: Float64Array;
  /** Consumption of the coming hour, forecast when deciding and consumed after settlement. */
  readonly forecastWh: Float64Array;
  /** The part of a buy need the household's coins cannot cover: bought from the grid directly. */
  readonly directBuyWh: Float64Array;
  /**
   * The last `useWindow` hours of consumption per household, a ring of `useWindow` slots each
   * (household i at i * useWindow + hour % useWindow); NO_HOUR where no hour was recorded yet.
   */
  readonly recentUseWh: Float64Array;
  readonly useWindow: number;
}

/**
 * The households at the start of the run: each battery at a level drawn from its own `init`
 * stream, the scenario's coins and starting loyalty, nothing produced, consumed or traded.
 */
export function createHouseholds(s: Scenario, initStreams: readonly Rng[]): Households {
  const n = s.households;
  const window = s.learning.averageConsumptionWindow;
  const batteryWh = new Float64Array(n);
  const h: Households = {
    count: n,
    capacityWh: s.batteryCapacityWh,
    pvAreaM2: s.pv.areasM2,
    batteryWh,
    staleBatteryWh: s.thesisCode.faults ? new Float64Array(n) : batteryWh,
    coins: new Float64Array(n),
    money: new Float64Array(n),
    loyalty: new Float64Array(n),
    producedWh: new Float64Array(n),
    consumedWh: new Float64Array(n),
    gridImportWh: new Float64Array(n),
    gridExportWh: new Float64Array(n),
    forecastWh: new Float64Array(n),
    directBuyWh: new Float64Array(n),
    recentUseWh: new Float64Array(n * window).fill(NO_HOUR),
    useWindow: window,
  };
  const startLoyalty = roundHalfEven(s.loyalty.start * LOYALTY_SCALE);
  const step = s.initEnergyStepWh;
  // The levels min, min + step, ... <= max (step 1: every Wh in [min, max]).
  const levels = Math.floor((s.initEnergyMaxWh - s.initEnergyMinWh) / step) + 1;
  for (let i = 0; i < n; i++) {
    const init = initStreams[i] as Rng;
    h.batteryWh[i] = s.initEnergyMinWh + init.int(levels) * step;
    h.coins[i] = s.initCoins * BASE_PER_COIN;
    h.loyalty[i] = startLoyalty;
  }
  return h;
}

/**
 * Every household's books after a round as columns, copied in one buffer: what a round keeps of
 * the households (a round is made faster than objects for a thousand households can be, and
 * most rounds' households are never read one by one; {@link householdStates} makes them).
 */
export interface HouseholdBooks {
  readonly count: number;
  readonly pvAreaM2: readonly number[];
  readonly batteryWh: Float64Array;
  readonly coins: Float64Array;
  readonly money: Float64Array;
  readonly loyalty: Float64Array;
  readonly producedWh: Float64Array;
  readonly consumedWh: Float64Array;
  readonly gridImportWh: Float64Array;
  readonly gridExportWh: Float64Array;
}

/** The books as they are now, copied (the store keeps changing; the copy does not). */
export function copyBooks(h: Households, slab: Slab): HouseholdBooks {
  const n = h.count;
  const buf = slab.take(8 * n);
  const column = (k: number, from: Float64Array): Float64Array => {
    const c = buf.subarray(k * n, (k + 1) * n);
    c.set(from);
    return c;
  };
  return {
    count: n,
    pvAreaM2: h.pvAreaM2,
    batteryWh: column(0, h.batteryWh),
    coins: column(1, h.coins),
    money: column(2, h.money),
    loyalty: column(3, h.loyalty),
    producedWh: column(4, h.producedWh),
    consumedWh: column(5, h.consumedWh),
    gridImportWh: column(6, h.gridImportWh),
    gridExportWh: column(7, h.gridExportWh),
  };
}

/** Every household's books as plain objects (what a round reports). */
export function householdStates(h: HouseholdBooks | Households): HouseholdState[] {
  const n = h.count;
  const out: HouseholdState[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = {
      index: i,
      hasPv: (h.pvAreaM2[i] as number) > 0,
      batteryWh: h.batteryWh[i] as number,
      coinBalance: h.coins[i] as number,
      moneyBalance: h.money[i] as number,
      loyalty: h.loyalty[i] as number,
      producedWh: h.producedWh[i] as number,
      consumedWh: h.consumedWh[i] as number,
      gridImportWh: h.gridImportWh[i] as number,
      gridExportWh: h.gridExportWh[i] as number,
    };
  }
  return out;
}

/** Every household's books as plain objects, as they are now. */
export function snapshotHouseholds(h: Households): HouseholdState[] {
  return householdStates(h);
}

/** Mean consumption of household i over the hours its window holds so far (0 before any). */
export function averageRecentUse(h: Households, i: number): number {
  const w = h.useWindow;
  const ring = h.recentUseWh;
  let sum = 0;
  let count = 0;
  for (let j = i * w; j < (i + 1) * w; j++) {
    const v = ring[j] as number;
    if (v !== NO_HOUR) {
      sum += v;
      count++;
    }
  }
  return count === 0 ? 0 : sum / count;
}

/**
 * The thesis code's average consumption (`avgConsRateList`): this round's forecast appended to
 * the past hours, the last `useWindow` of them averaged, and 0 while there are `useWindow` or
 * fewer (`warmupZero`). `oldest` is the ring slot this round will overwrite (round % useWindow),
 * left out so the window is the forecast and the hours just before it.
 */
export function averageUseWithCurrent(
  h: Households,
  i: number,
  forecastWh: number,
  oldest: number,
  warmupZero: boolean,
): number {
  const w = h.useWindow;
  const ring = h.recentUseWh;
  let sum = forecastWh;
  let count = 1;
  let past = 0;
  for (let j = 0; j < w; j++) {
    const v = ring[i * w + j] as number;
    if (v === NO_HOUR) continue;
    past++;
    if (j === oldest) continue;
    sum += v;
    count++;
  }
  if (warmupZero) return past < w ? 0 : sum / count;
  return sum / count;
}

/** Whether household i's window of recent use holds a value in every slot. */
export function windowFull(h: Households, i: number): boolean {
  const w = h.useWindow;
  for (let j = i * w; j < (i + 1) * w; j++)
    if ((h.recentUseWh[j] as number) === NO_HOUR) return false;
  return true;
}

/** Buys `wh` from the grid for household i at `retailPerWh` (money out). */
export function importFromGrid(h: Households, i: number, wh: number, retailPerWh: number): void {
  h.gridImportWh[i] = (h.gridImportWh[i] as number) + wh;
  h.money[i] = (h.money[i] as number) - wh * retailPerWh;
}

/** Sells `wh` to the grid for household i at `feedInPerWh` (money in). */
export function exportToGrid(h: Households, i: number, wh: number, feedInPerWh: number): void {
  h.gridExportWh[i] = (h.gridExportWh[i] as number) + wh;
  h.money[i] = (h.money[i] as number) + wh * feedInPerWh;
}
