/**
 * The one message protocol between the page and the simulation worker. Both sides import these
 * types; nothing else crosses the boundary. Round data travels as compact typed-array batches
 * (transferred, not copied) so a fast run does not flood the page with objects.
 */
import type { LiveParams, MechanismName, Scenario, ScenarioInput } from '../engine';
import type { ComparisonRow } from '../engine';
import type { Deployment } from '../chain';

/**
 * Where to settle: the page's deployment, whose pair (deployed at start) the settler reuses while
 * its books are still fresh. Only the RPC endpoint, chain id and addresses cross; keys never come
 * from the page.
 */
export type ChainConfig = Pick<Deployment, 'rpcUrl' | 'chainId'> &
  Partial<Pick<Deployment, 'contracts'>>;

/** Rounds per second; 0 means as fast as the engine goes. */
export type Speed = number;

export type WorkerCommand =
  | { readonly type: 'init'; readonly scenario: ScenarioInput; readonly chain: ChainConfig | null }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'step' }
  | { readonly type: 'reset' }
  | { readonly type: 'setSpeed'; readonly roundsPerSecond: Speed }
  | { readonly type: 'setLiveParams'; readonly params: Partial<LiveParams> };

export const WEATHER_CODES = ['sunny', 'cloudy', 'rainy'] as const;

/**
 * A batch of consecutive rounds. Per-round arrays have `count` entries; per-household arrays have
 * `count * households` entries, round-major (round r, household h at r * households + h).
 * Money values are base units; energy is Wh; prices are coins per 100 Wh (NaN = no clearing).
 */
export interface RoundBatch {
  readonly firstRound: number;
  readonly count: number;
  readonly households: number;
  readonly day: Uint16Array;
  readonly hourOfDay: Uint8Array;
  /** Index into WEATHER_CODES. */
  readonly weather: Uint8Array;
  readonly clearingPrice: Float64Array;
  /** Energy-weighted mean price of the round's trades (NaN when nothing traded). */
  readonly meanTradePrice: Float64Array;
  readonly producedWh: Float64Array;
  readonly consumedWh: Float64Array;
  readonly gridImportWh: Float64Array;
  readonly gridExportWh: Float64Array;
  readonly tradedWh: Float64Array;
  readonly tradeCount: Uint32Array;
  readonly averageUtility: Float64Array;
  readonly totalSurplus: Float64Array;
  /** The live parameters that were in force for each round. */
  readonly priceMin: Float64Array;
  readonly priceMax: Float64Array;
  readonly batteryThreshold: Float64Array;
  /** Money per 100 Wh. */
  readonly gridRetailPrice: Float64Array;
  readonly gridFeedInPrice: Float64Array;
  readonly batteryWh: Float64Array;
  readonly coinBalance: Float64Array;
  readonly moneyBalance: Float64Array;
  readonly loyalty: Float64Array;
  /** Every trade of the batch as (coins per 100 Wh, Wh) pairs, for the price histogram. */
  readonly tradePrice: Float64Array;
  readonly tradeEnergyWh: Float64Array;
}

/**
 * Every household before the first round, one entry per household in the batch's units: what
 * the charts draw at hour 0, so a loaded scenario shows where the run starts before Play.
 */
export interface StartState {
  readonly batteryWh: Float64Array;
  readonly coinBalance: Float64Array;
  readonly moneyBalance: Float64Array;
  readonly loyalty: Float64Array;
}

export type ChainPhase = 'off' | 'connecting' | 'ready' | 'error';

export interface ChainStatus {
  readonly phase: ChainPhase;
  /** Why the chain is off or failing, in words a user can act on. */
  readonly message: string | null;
  readonly marketAddress: string | null;
  readonly coinAddress: string | null;
  readonly simulated: number;
  readonly sent: number;
  readonly confirmed: number;
  readonly transactions: number;
  /** Decimal string: bigint does not survive every structured-clone consumer. */
  readonly gasUsed: string;
  readonly lastError: string | null;
  /** Result of the last reconciliation of the chain's books with the engine's, if any. */
  readonly reconciled: Reconciliation | null;
}

export interface Reconciliation {
  /** Rounds confirmed when the books were compared. */
  readonly confirmed: number;
  readonly ok: boolean;
  /** The first disagreements, in words (empty when ok). */
  readonly mismatches: readonly string[];
}

export type WorkerEvent =
  | {
      readonly type: 'ready';
      readonly scenario: Scenario;
      readonly totalRounds: number;
      readonly liveParams: LiveParams;
      readonly start: StartState;
    }
  | { readonly type: 'rounds'; readonly batch: RoundBatch }
  | { readonly type: 'playing'; readonly playing: boolean }
  | { readonly type: 'liveParams'; readonly liveParams: LiveParams }
  | { readonly type: 'chain'; readonly status: ChainStatus }
  | { readonly type: 'done' }
  | {
      readonly type: 'error';
      readonly message: string;
      readonly source: 'scenario' | 'params' | 'engine';
    };

/** Buffers to transfer with a batch, so posting it does not copy. */
export function batchTransferables(b: RoundBatch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const v of Object.values(b)) {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.push(v.buffer);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Comparison view (src/worker/compare.worker.ts): several mechanisms on the same scenario and
// seed, stepped in lockstep, engine only (no chain). Separate from the dashboard's messages so the
// two workers never see each other's commands.
// ---------------------------------------------------------------------------------------------

export type CompareCommand =
  | {
      readonly type: 'compare:init';
      readonly scenario: ScenarioInput;
      readonly auctions: readonly MechanismName[];
    }
  | { readonly type: 'compare:play' }
  | { readonly type: 'compare:pause' }
  | { readonly type: 'compare:setSpeed'; readonly roundsPerSecond: Speed };

/**
 * Consecutive rounds of every compared mechanism. `series[m]` belongs to `auctions[m]`; each of its
 * arrays has `count` entries. Cumulative figures are since the start of the run.
 */
export interface CompareSeries {
  /** Energy-weighted mean price of the round's trades, coins per 100 Wh (NaN = nothing traded). */
  readonly meanTradePrice: Float64Array;
  readonly cumTradedKWh: Float64Array;
  readonly cumGridImportKWh: Float64Array;
  /** Mean money balance per household, coins (negative: bought from the grid). */
  readonly meanMoney: Float64Array;
  /** Mean over trading rounds so far of surplus per traded 100 Wh, coins (the table's figure). */
  readonly averageUtility: Float64Array;
}

export interface CompareBatch {
  readonly firstRound: number;
  readonly count: number;
  readonly series: readonly CompareSeries[];
  /** The comparison table after the batch's last round, one row per mechanism, in order. */
  readonly rows: readonly ComparisonRow[];
}

export type CompareEvent =
  | {
      readonly type: 'compare:ready';
      readonly scenario: Scenario;
      readonly auctions: readonly MechanismName[];
      readonly totalRounds: number;
    }
  | { readonly type: 'compare:rounds'; readonly batch: CompareBatch }
  | { readonly type: 'compare:playing'; readonly playing: boolean }
  | { readonly type: 'compare:done' }
  | { readonly type: 'compare:error'; readonly message: string };

/** Buffers to transfer with a comparison batch, so posting it does not copy. */
export function compareTransferables(b: CompareBatch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const s of b.series) {
    for (const v of Object.values(s)) {
      if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.push(v.buffer);
    }
  }
  return out;
}
