/**
 * The one message protocol between the page and the simulation worker. Both sides import these
 * types; nothing else crosses the boundary. Round data travels as compact typed-array batches
 * (transferred, not copied) so a fast run does not flood the page with objects.
 */
import type {
  EndSummary,
  ExplainedOrder,
  ExplainedTrade,
  HouseholdChange,
  LiveChange,
  LiveParams,
  MechanismName,
  PersonOrder,
  RoundExplanation,
  Scenario,
  ScenarioInput,
} from '../engine';
import type { ComparisonRow } from '../engine';
import type {
  Deployment,
  MarketHoldings,
  SettledRound,
  SettlementTx,
  TradeOnChain,
} from '../chain';

/**
 * Where to settle: the page's deployment, whose pair (deployed at start) the settler reuses while
 * its books are still fresh. Only the RPC endpoint, chain id and addresses cross; keys never come
 * from the page.
 */
export type ChainConfig = Pick<Deployment, 'rpcUrl' | 'chainId'> &
  Partial<Pick<Deployment, 'contracts'>>;

/** Rounds per second; 0 means as fast as the engine goes. */
export type Speed = number;

/**
 * A run file's replay (docs/RUNFILE.md): its change log made again at its rounds, and the round
 * where the replay stops. Moving a slider during the replay takes over from it.
 */
export interface ReplayPlan {
  readonly changes: readonly LiveChange[];
  readonly rounds: number;
  /** People's orders of the run file, placed again in their rounds (none: the agents'). */
  readonly orders?: readonly PersonOrder[];
}

export type WorkerCommand =
  | {
      readonly type: 'init';
      readonly scenario: ScenarioInput;
      readonly chain: ChainConfig | null;
      /** Replay a recorded run instead of starting a fresh one (null or absent: fresh). */
      readonly replay?: ReplayPlan | null;
    }
  /**
   * The chain answers now (it did not when the run started): settle the run on it, the rounds
   * simulated so far first.
   */
  | { readonly type: 'connectChain'; readonly chain: ChainConfig }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'step' }
  | { readonly type: 'reset' }
  | { readonly type: 'setSpeed'; readonly roundsPerSecond: Speed }
  | { readonly type: 'setLiveParams'; readonly params: Partial<LiveParams> }
  /** Explain a simulated round (recomputed by replay; answered with `inspection`). */
  | { readonly type: 'inspect'; readonly round: number }
  /** One page of an inspected round's table, from row `offset` (answered with `inspectionRows`). */
  | {
      readonly type: 'inspectRows';
      readonly round: number;
      readonly table: InspectTable;
      readonly offset: number;
    }
  /** Read a round back from the chain (answered with `roundOnChain`). */
  | { readonly type: 'inspectChain'; readonly round: number }
  /** The chain's work: transactions and the markets opened (answered with `chainWork`). */
  | { readonly type: 'chainWork' }
  /** A household's trades from the current market's events (answered with `householdTrades`). */
  | { readonly type: 'householdTrades'; readonly household: number }
  /**
   * The page's wallet took a household over or handed it back (takeHousehold or
   * releaseHousehold, mined): read the chain's takers now rather than at the next poll. The chain
   * is the one record of who plays, for the host's page as for a participant's (answered with
   * `people` when anything changed).
   */
  | { readonly type: 'readTakers' }
  /** The agent acts for `household` in the round now open only. */
  | { readonly type: 'passRound'; readonly household: number }
  /** Wall seconds a round with people stays open (default 20 per simulated hour). */
  | { readonly type: 'setRoundSeconds'; readonly seconds: number };

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
  /** The round's order book and trade price range (RoundFigures), for the CSV export. */
  readonly buyOrders: Float64Array;
  readonly sellOrders: Float64Array;
  readonly bidWh: Float64Array;
  readonly askWh: Float64Array;
  readonly returnedWh: Float64Array;
  readonly rejectedWh: Float64Array;
  /** Coins per 100 Wh; NaN when nothing traded. */
  readonly minTradePrice: Float64Array;
  readonly maxTradePrice: Float64Array;
  /** 1 in the learning phase, else 0. */
  readonly learningPhase: Float64Array;
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
  /**
   * Each round's 10th percentile, median and 90th percentile across households of every
   * per-household series (percentiles.ts: PERCENTILE_SERIES x PERCENTILES x count, at
   * percentileAt), computed in the worker so the page's append does not sort.
   */
  readonly percentiles: Float64Array;
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
  /** Trades in confirmed rounds. */
  readonly trades: number;
  /** What the last confirmed settlement carried and cost (gas as a decimal string). */
  readonly lastBatch: {
    readonly rounds: number;
    readonly trades: number;
    readonly gasUsed: string;
  } | null;
  /** How long the oldest round not yet confirmed has waited, ms (0 when none waits). */
  readonly lagMs: number;
  /**
   * The most rounds the chain may trail the simulation while settling (chainBridge.ts
   * maxUnconfirmedRounds): at the bound the simulation waits for the chain.
   */
  readonly maxBehind: number;
  /** This market's place among the markets opened on this chain since the page loaded (1-based; 0: none). */
  readonly marketNumber: number;
}

/** A market the page opened on this chain since it loaded (every load, Apply and Reset opens one). */
export interface MarketEntry {
  readonly number: number;
  readonly address: string;
  readonly coin: string;
  /** What ran on it: preset, seed, households, days, auction. */
  readonly label: string;
  /** Worker clock (ms since the page loaded) when it opened. */
  readonly openedAtMs: number;
  /** The run now settling on it (only the newest can be). */
  readonly current: boolean;
  /** What it holds, read from its storage when asked; null when the read failed. */
  readonly holdings: MarketHoldings | null;
}

export interface ChainWork {
  readonly markets: readonly MarketEntry[];
  /** The current market's settlement transactions, newest last (at most the last 50). */
  readonly transactions: readonly SettlementTx[];
  /** Transactions on the current market in all. */
  readonly transactionCount: number;
  /** Why the chain could not be read, if it could not. */
  readonly error: string | null;
}

/** A round as the chain recorded it, beside the engine's. */
export interface RoundOnChain {
  /** settled: read back; pending: not confirmed yet; off: no chain; error: the read failed. */
  readonly state: 'settled' | 'pending' | 'off' | 'error';
  readonly message: string | null;
  readonly settled: SettledRound | null;
  /** Where the chain differs from the engine (empty: equal). */
  readonly differences: readonly string[];
}

export interface Reconciliation {
  /** Rounds confirmed when the books were compared. */
  readonly confirmed: number;
  readonly ok: boolean;
  /** The first disagreements, in words (empty when ok). */
  readonly mismatches: readonly string[];
  /** The books hash (docs/RUNFILE.md) of the chain's books this reconciliation read. */
  readonly booksHash: string | null;
}

/**
 * Where a stopped run stands (posted at every stop: pause, step, the end, a replay's last
 * round): its end-of-run summary, the engine's books hash, both after `rounds` rounds.
 */
export interface Standing {
  readonly run: number;
  readonly rounds: number;
  readonly engineBooksHash: string;
  readonly summary: EndSummary;
  /** True when a replay stopped at the round its run file recorded. */
  readonly replayEnded: boolean;
  /** Orders people placed in the run so far, in round order: the run file records them. */
  readonly peopleOrders: readonly PersonOrder[];
}

/** One household a person took, as its round shows it (energy Wh, money and coins base units). */
export interface PeopleSeatView {
  readonly household: number;
  readonly account: string;
  /** After this hour's production. */
  readonly batteryWh: number;
  /** Forecast use of the coming hour. */
  readonly forecastWh: number;
  /** battery - forecast: positive a surplus, negative a need. */
  readonly netWh: number;
  readonly coinBalance: number;
  readonly moneyBalance: number;
  readonly maxBuyWh: number;
  readonly maxSellWh: number;
  /** What the agent would order (price coins per 100 Wh); null: it would sit out. */
  readonly suggestion: {
    readonly side: 'buy' | 'sell';
    readonly energyWh: number;
    readonly price: number;
  } | null;
  /** Its order is on chain for this round. */
  readonly submitted: boolean;
  /** Its person let the agent act for this round. */
  readonly passed: boolean;
}

/** A participant's money plus coins against the agents' run on the same seed (base units). */
export interface PeopleScore {
  readonly household: number;
  /** Null once its person let the agent act from then on. */
  readonly account: string | null;
  readonly orders: number;
  readonly you: number;
  readonly agent: number;
}

/** The round people play now: what each taken household sees, the countdown, the outcome. */
export interface PeopleRoundView {
  readonly round: number;
  readonly day: number;
  readonly hourOfDay: number;
  /** opening: the open transaction is on its way; open: orders are taken; cleared: done. */
  readonly phase: 'opening' | 'open' | 'cleared' | 'failed';
  readonly market: string | null;
  /** The round's live range, coins per 100 Wh: an order's price lies inside it. */
  readonly priceMin: number;
  readonly priceMax: number;
  readonly roundSeconds: number;
  /** Wall clock (ms since 1970) when the round closes; null while paused or not open. */
  readonly deadlineAtMs: number | null;
  readonly remainingMs: number;
  readonly paused: boolean;
  readonly seats: readonly PeopleSeatView[];
  /** Once cleared: each person's order as the engine took it and the Wh it traded. */
  readonly results: readonly {
    readonly household: number;
    readonly side: 'buy' | 'sell';
    readonly energyWh: number;
    readonly price: number;
    readonly approvedWh: number;
  }[];
  readonly score: readonly PeopleScore[];
  readonly message: string | null;
}

export type WorkerEvent =
  | {
      readonly type: 'ready';
      readonly scenario: Scenario;
      readonly totalRounds: number;
      readonly liveParams: LiveParams;
      readonly start: StartState;
      /** Counts runs since the page loaded: answers about another run are stale. */
      readonly run: number;
    }
  | { readonly type: 'rounds'; readonly batch: RoundBatch }
  | { readonly type: 'playing'; readonly playing: boolean }
  | {
      readonly type: 'liveParams';
      readonly liveParams: LiveParams;
      /** The change the engine accepted, as the run's change log records it; null if refused. */
      readonly change: LiveChange | null;
      /** person: answers a setLiveParams; replay: a recorded change the replay made again. */
      readonly by: 'person' | 'replay';
      /** Recorded changes a person's move dropped by taking over a replay (0: none). */
      readonly droppedFromReplay: number;
    }
  | { readonly type: 'standing'; readonly standing: Standing }
  | {
      readonly type: 'inspection';
      readonly run: number;
      readonly round: number;
      readonly explanation: InspectedRound | null;
      readonly error: string | null;
      /** Worker time the answer took, and rounds the replay stepped for it. */
      readonly ms: number;
      readonly stepped: number;
    }
  | {
      readonly type: 'inspectionRows';
      readonly run: number;
      readonly round: number;
      readonly table: InspectTable;
      readonly page: RowsPage<InspectRow>;
    }
  | {
      readonly type: 'roundOnChain';
      readonly run: number;
      readonly round: number;
      readonly onChain: RoundOnChain;
    }
  | { readonly type: 'chainWork'; readonly run: number; readonly work: ChainWork }
  | {
      readonly type: 'householdTrades';
      readonly run: number;
      readonly household: number;
      readonly market: string | null;
      readonly trades: readonly TradeOnChain[];
      readonly error: string | null;
    }
  | { readonly type: 'chain'; readonly status: ChainStatus }
  /** The round people play, each time it changes (countdown, orders on chain, clearing). */
  | { readonly type: 'peopleRound'; readonly run: number; readonly view: PeopleRoundView }
  /**
   * Who has taken which household (as the chain's take logs say), the round deadline, and why a
   * setting was refused (null: nothing refused).
   */
  | {
      readonly type: 'people';
      readonly run: number;
      readonly participants: readonly { readonly household: number; readonly account: string }[];
      readonly roundSeconds: number;
      readonly refused: string | null;
    }
  | {
      readonly type: 'done';
      /** What the run came to (engine endSummary.ts, the text the CLI's `simulate --run` prints). */
      readonly summary: EndSummary;
    }
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

/**
 * The round inspector's tables. The worker sorts and filters them and sends one page at a time:
 * a 1,000-household round has a thousand orders and hundreds of trades, and drawing them all took
 * the page's main thread 100 - 260 ms of layout and paint per hour scrubbed (npm run bench,
 * inspector figures at 1,000 households).
 */
export type InspectTable = 'orders' | 'trades' | 'arrivals' | 'households';

/** Rows in one page of an inspector table. */
export const INSPECT_PAGE_ROWS = 60;

/** A trade with the prices its buy and sell orders asked (the page holds no orders to look up). */
export interface InspectedTrade extends ExplainedTrade {
  readonly bid: number;
  readonly ask: number;
}

/** One order of a continuous auction in arrival order, and the energy it traded on arrival. */
export interface InspectedArrival {
  readonly id: number;
  readonly household: number;
  readonly side: ExplainedOrder['side'];
  readonly price: number;
  readonly energyWh: number;
  readonly tradedWh: number;
}

/** Each table's row type. */
export interface InspectRows {
  readonly orders: ExplainedOrder;
  readonly trades: InspectedTrade;
  readonly arrivals: InspectedArrival;
  readonly households: HouseholdChange;
}
export type InspectRow = InspectRows[InspectTable];

/** Rows `offset` to `offset + rows.length` of a table of `total` rows. */
export interface RowsPage<T> {
  readonly offset: number;
  readonly total: number;
  readonly rows: readonly T[];
}

/**
 * A round as the inspector shows it: the engine's explanation (src/engine/explain.ts) with its
 * per-order, per-trade and per-household lists replaced by their first pages. Orders are listed
 * bids first (highest first), then asks (lowest first); households only those with something
 * this hour (a trade, the grid, or a loyalty change).
 */
export interface InspectedRound extends Omit<
  RoundExplanation,
  'orders' | 'trades' | 'arrivals' | 'households'
> {
  readonly orderCount: number;
  readonly tradeCount: number;
  /** The first page of each table; arrivals is null unless the mechanism is continuous. */
  readonly pages: {
    readonly orders: RowsPage<ExplainedOrder>;
    readonly trades: RowsPage<InspectedTrade>;
    readonly arrivals: RowsPage<InspectedArrival> | null;
    readonly households: RowsPage<HouseholdChange>;
  };
}
