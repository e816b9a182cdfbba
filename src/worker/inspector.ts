/**
 * The worker's side of the round inspector and the chain-work view: a past round recomputed by
 * replay from the run's change log and explained (the page keeps no books), that round read back
 * from the chain and compared with the engine's, the current market's transactions and the
 * markets the page opened. Everything heavy happens here, off the page's main thread.
 */
import {
  createReplay,
  explainRound,
  type Replay,
  type ExplainedOrder,
  type HouseholdChange,
  type RoundExplanation,
  type RoundResult,
  type Run,
} from '../engine';
import {
  compareSettledRound,
  createChainReader,
  readHouseholdTrades,
  readMarketHoldings,
  readSettledRound,
  readSettlementTxs,
  type TradeOnChain,
} from '../chain';
import {
  INSPECT_PAGE_ROWS,
  type ChainConfig,
  type ChainWork,
  type InspectedArrival,
  type InspectedRound,
  type InspectedTrade,
  type InspectRow,
  type InspectRows,
  type InspectTable,
  type MarketEntry,
  type RoundOnChain,
  type RowsPage,
} from './protocol';

/** Transactions the chain-work view lists (the newest). */
const LISTED_TRANSACTIONS = 50;

/** An inspected round's tables, sorted and filtered as the inspector lists them. */
type Tables = { readonly [K in InspectTable]: readonly InspectRows[K][] };

const STATUS_ORDER = { approved: 0, returned: 1, rejected: 2 } as const;

/** Bids first, highest first, then asks, lowest first; ties by status, then household. */
function byBook(a: ExplainedOrder, b: ExplainedOrder): number {
  return (
    (a.side === b.side ? 0 : a.side === 'buy' ? -1 : 1) ||
    (a.side === 'buy' ? b.price - a.price : a.price - b.price) ||
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    a.household - b.household
  );
}

/** A household with something this hour: a trade, the grid, or a loyalty change. */
const active = (h: HouseholdChange): boolean =>
  h.boughtWh > 0 ||
  h.soldWh > 0 ||
  h.gridImportWh > 0 ||
  h.gridExportWh > 0 ||
  h.loyaltyAfter !== h.loyaltyBefore;

function tables(x: RoundExplanation): Tables {
  const byId = new Map(x.orders.map((o) => [o.id, o]));
  const trades: InspectedTrade[] = x.trades.map((t) => ({
    ...t,
    bid: byId.get(t.buyOrder)?.price ?? NaN,
    ask: byId.get(t.sellOrder)?.price ?? NaN,
  }));
  const traded = new Map<number, number>();
  for (const t of x.trades) {
    traded.set(t.buyOrder, (traded.get(t.buyOrder) ?? 0) + t.energyWh);
    traded.set(t.sellOrder, (traded.get(t.sellOrder) ?? 0) + t.energyWh);
  }
  const arrivals: InspectedArrival[] = [];
  for (const pos of x.arrivals ?? []) {
    const o = x.orders[pos];
    if (!o) continue;
    arrivals.push({
      id: o.id,
      household: o.household,
      side: o.side,
      price: o.price,
      energyWh: o.energyWh,
      tradedWh: traded.get(o.id) ?? 0,
    });
  }
  return {
    orders: [...x.orders].sort(byBook),
    trades,
    arrivals,
    households: x.households.filter(active),
  };
}

function page<T>(rows: readonly T[], offset: number): RowsPage<T> {
  const from = Math.max(0, Math.min(offset, rows.length - 1));
  return { offset: from, total: rows.length, rows: rows.slice(from, from + INSPECT_PAGE_ROWS) };
}

export class RoundInspector {
  private replay: Replay | null = null;
  /** The last round explained and its tables, for the pages asked of it next. */
  private last: { round: number; tables: Tables } | null = null;

  constructor(private readonly run: Run) {}

  /**
   * Round `round` recomputed and explained, with each table's first page; throws when it was not
   * simulated.
   */
  explain(round: number): { explanation: InspectedRound; stepped: number } {
    const replay = this.replayer();
    const before = replay.stepped;
    const input = replay.round(round, this.run.round);
    const x = explainRound(this.run.scenario, input);
    const t = tables(x);
    this.last = { round, tables: t };
    const { orders, trades, arrivals, households: _households, ...rest } = x;
    return {
      explanation: {
        ...rest,
        orderCount: orders.length,
        tradeCount: trades.length,
        pages: {
          orders: page(t.orders, 0),
          trades: page(t.trades, 0),
          arrivals: arrivals ? page(t.arrivals, 0) : null,
          households: page(t.households, 0),
        },
      },
      stepped: replay.stepped - before,
    };
  }

  /** One page of a table of round `round` (explained again if it is not the last one). */
  rows(round: number, table: InspectTable, offset: number): RowsPage<InspectRow> {
    let last = this.last;
    if (last?.round !== round) {
      this.explain(round);
      last = this.last as { round: number; tables: Tables };
    }
    return page<InspectRow>(last.tables[table], offset);
  }

  /** The engine's round as it was (from the replay's kept rounds when near the last asked). */
  round(round: number): RoundResult {
    return this.replayer().round(round, this.run.round).result;
  }

  private replayer(): Replay {
    // The live run's change log itself: the replay reads it as it grows.
    this.replay ??= createReplay(this.run.scenario, this.run.changes, { people: this.run.people });
    return this.replay;
  }
}

const text = (e: unknown): string => {
  const m = e instanceof Error ? e.message : String(e);
  return m.split('\n')[0] ?? m;
};

/** Round `round` read back from the chain and compared with the engine's. */
export async function roundOnChain(
  config: ChainConfig | null,
  market: string | null,
  confirmed: number,
  round: number,
  engine: () => RoundResult,
): Promise<RoundOnChain> {
  if (!config || !market) {
    return {
      state: 'off',
      message: 'No market on chain for this run.',
      settled: null,
      differences: [],
    };
  }
  if (round >= confirmed) {
    return {
      state: 'pending',
      message: `Not settled yet: the chain has confirmed ${confirmed} rounds, this is round ${round}.`,
      settled: null,
      differences: [],
    };
  }
  try {
    const reader = createChainReader(config.rpcUrl, config.chainId);
    const settled = await readSettledRound(reader, market as `0x${string}`, round);
    if (!settled) {
      return {
        state: 'pending',
        message: `The market has no record of round ${round} yet.`,
        settled: null,
        differences: [],
      };
    }
    return {
      state: 'settled',
      message: null,
      settled,
      differences: compareSettledRound(engine(), settled),
    };
  } catch (e) {
    return {
      state: 'error',
      message: `Could not read round ${round} from the chain: ${text(e)}`,
      settled: null,
      differences: [],
    };
  }
}

/** The chain's work: the current market's transactions and what every market opened holds. */
export async function chainWork(
  config: ChainConfig | null,
  market: string | null,
  markets: readonly Omit<MarketEntry, 'current' | 'holdings'>[],
): Promise<ChainWork> {
  const bare = markets.map((m) => ({ ...m, current: m.address === market, holdings: null }));
  if (!config) return { markets: bare, transactions: [], transactionCount: 0, error: null };
  try {
    const reader = createChainReader(config.rpcUrl, config.chainId);
    const [transactions, holdings] = await Promise.all([
      market ? readSettlementTxs(reader, market as `0x${string}`) : Promise.resolve([]),
      Promise.all(
        markets.map((m) =>
          readMarketHoldings(reader, m.address as `0x${string}`).catch(() => null),
        ),
      ),
    ]);
    return {
      markets: bare.map((m, i) => ({ ...m, holdings: holdings[i] ?? null })),
      transactions: transactions.slice(-LISTED_TRANSACTIONS),
      transactionCount: transactions.length,
      error: null,
    };
  } catch (e) {
    return {
      markets: bare,
      transactions: [],
      transactionCount: 0,
      error: `Could not read the chain: ${text(e)}`,
    };
  }
}

/** A household's trades from the market's events. */
export async function householdTrades(
  config: ChainConfig | null,
  market: string | null,
  household: number,
): Promise<{ trades: readonly TradeOnChain[]; error: string | null }> {
  if (!config || !market) return { trades: [], error: 'No market on chain for this run.' };
  try {
    const reader = createChainReader(config.rpcUrl, config.chainId);
    return {
      trades: await readHouseholdTrades(reader, market as `0x${string}`, household),
      error: null,
    };
  } catch (e) {
    return { trades: [], error: `Could not read the trades from the chain: ${text(e)}` };
  }
}
