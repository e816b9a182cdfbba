/**
 * The chain layer's public vocabulary, shared by the worker and the CLI.
 */
import type { Address, Hex } from 'viem';
import type { HouseholdState, RoundResult, Scenario } from '../engine';
import type { Deployment } from './deployment';

/** How far the chain lags the simulation, in rounds, plus what it cost. */
export interface SettlementStatus {
  /** Rounds handed to the settler. */
  simulated: number;
  /** Rounds in a transaction that was sent (includes confirmed ones). */
  sent: number;
  /** Rounds whose settlement transaction succeeded. */
  confirmed: number;
  /** Settlement transactions that succeeded (setup transactions are not counted). */
  transactions: number;
  /** Trades in confirmed rounds. */
  trades: number;
  /** Gas used by the successful settlement transactions. */
  gasUsed: bigint;
  /** What failed last, in words; null once a later transaction succeeded. */
  lastError: string | null;
}

/** One field of one household where the chain disagrees with the engine. */
export interface Mismatch {
  household: number;
  field: string;
  expected: string;
  actual: string;
}

/** What the settler needs of a round: the engine's RoundResult satisfies it. */
export type SettleRound = Pick<RoundResult, 'round' | 'clearingPrice' | 'trades' | 'households'>;

export interface SettlerOptions {
  rpcUrl: string;
  chainId: number;
  /** Operator (service provider) key; from the environment for any chain but Anvil. */
  operatorKey: Hex;
  scenario: Pick<Scenario, 'households' | 'initCoins' | 'pv'>;
  /** Most rounds per settlement transaction (default 720, 30 simulated days). */
  batchRounds?: number;
  /**
   * Gas budget per settlement transaction, checked against a conservative estimate before a
   * round joins a batch, so a batch stays well below the block gas limit (default 15M; a batch
   * always holds at least one round).
   */
  maxGasPerTx?: number;
  /** Receipt polling interval, ms (default 50). */
  pollingIntervalMs?: number;
  /** First wait after a failure, ms; doubles up to 5 s (default 250). */
  retryDelayMs?: number;
  /**
   * A coin/market pair to use instead of deploying one; used only when its books are fresh
   * (no household registered, no round settled) and the operator is ours. Otherwise a new pair
   * is deployed, so every run starts from fresh books.
   */
  deployment?: Deployment;
  onStatus?: (s: SettlementStatus) => void;
}

export interface Settler {
  /** Queues a round; never waits for the chain. Rounds must arrive in order. */
  enqueue(r: SettleRound): void;
  /** Resolves when every queued round is confirmed; rejects after `timeoutMs` or on close(). */
  flush(timeoutMs?: number): Promise<void>;
  status(): SettlementStatus;
  /**
   * Compares every household's books on chain with `expected` (default: the engine state of the
   * last confirmed round, which the settler keeps). Empty when they agree exactly.
   */
  reconcile(expected?: readonly HouseholdState[]): Promise<Mismatch[]>;
  readonly deployment: Deployment;
  /** Household accounts in index order. */
  readonly accounts: readonly Address[];
  /** Stops sending; queued rounds stay unsent. */
  close(): void;
}
