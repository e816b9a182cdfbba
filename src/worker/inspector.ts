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
import type { ChainConfig, ChainWork, MarketEntry, RoundOnChain } from './protocol';

/** Transactions the chain-work view lists (the newest). */
const LISTED_TRANSACTIONS = 50;

export class RoundInspector {
  private replay: Replay | null = null;

  constructor(private readonly run: Run) {}

  /** Round `round` recomputed and explained; throws when it was not simulated. */
  explain(round: number): { explanation: RoundExplanation; stepped: number } {
    const replay = this.replayer();
    const before = replay.stepped;
    const input = replay.round(round, this.run.round);
    return {
      explanation: explainRound(this.run.scenario, input),
      stepped: replay.stepped - before,
    };
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
