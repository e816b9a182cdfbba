/**
 * The chain layer's public vocabulary, shared by the worker and the CLI.
 */
import type { Address, Hash, Hex } from 'viem';
import type { HouseholdState, LiveParams, RoundResult, Scenario } from '../engine';
import type { PriceReach } from './contracts';
import type { SeatLimits } from './people';
import type { Deployment } from './deployment';
import type { ChainFailure, FailureCode } from './errors';
import type { RetryPolicy } from './retry';

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
  /**
   * Why the settler stopped for good (a permanent failure, or transient ones past the retry
   * limit), in one sentence; null while it settles. Rounds still queued are never sent.
   */
  stopped: { readonly code: FailureCode; readonly message: string } | null;
}

/** One field of one household where the chain disagrees with the engine. */
export interface Mismatch {
  household: number;
  field: string;
  expected: string;
  actual: string;
}

/**
 * What the settler needs of a round: the engine's RoundResult satisfies it. `params` carries the
 * live price range the round ran under, which its round word declares to the chain.
 */
export type SettleRound = Pick<RoundResult, 'round' | 'clearingPrice' | 'trades' | 'households'> & {
  readonly params: Pick<LiveParams, 'priceMin' | 'priceMax'>;
};

export interface SettlerOptions {
  rpcUrl: string;
  chainId: number;
  /** Operator (service provider) key; from the environment for any chain but Anvil. */
  operatorKey: Hex;
  scenario: Pick<Scenario, 'households' | 'initCoins' | 'pv' | 'priceMin' | 'priceMax'> &
    Partial<Pick<Scenario, 'coins'>>;
  /**
   * The prices (whole coins per 100 Wh) the run may declare, fixed in the market at deployment
   * (default: the scenario's own range; the page passes its sliders' reach, livePriceReach).
   */
  priceReach?: PriceReach;
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
  /** How transient failures are retried (default: 250 ms doubling to 5 s, for 2 minutes). */
  retry?: Partial<RetryPolicy>;
  /**
   * A market to use instead of deploying one; used only when its books are fresh (no household
   * registered, no round settled), it is operated by us and its fixed parameters are the ones
   * this run needs. Otherwise a new market is deployed, so every run starts from fresh books.
   */
  deployment?: Pick<Deployment, 'chainId' | 'contracts'>;
  /**
   * Continue an interrupted run on this market: it must hold this run's id, operator and
   * parameters. Households not yet registered are registered; rounds the market settled already
   * are not sent again (enqueue them all the same, in order: the settler skips them).
   */
  resume?: Deployment;
  /**
   * Hears every transient failure of setup and reconciliation that is about to be retried (the
   * queue's own show in `onStatus`'s lastError).
   */
  onRetry?: (message: string) => void;
  /** Called once the run's market is known (deployed, reused or resumed), before registration. */
  onMarket?: (d: Deployment) => void;
  onStatus?: (s: SettlementStatus) => void;
}

export interface Settler {
  /**
   * Queues a round; never waits for the chain. Rounds must arrive in order, from round 0 (on a
   * resumed market the rounds it settled already are only remembered, not sent). Once stopped,
   * rounds are counted and dropped.
   */
  enqueue(r: SettleRound): void;
  /**
   * Resolves when every queued round is confirmed; rejects with the ChainFailure when the
   * settler stops, after `timeoutMs`, or on close().
   */
  flush(timeoutMs?: number): Promise<void>;
  /** Resolves once fewer than `rounds` rounds wait to be sent, or the settler stopped or closed. */
  room(rounds: number): Promise<void>;
  status(): SettlementStatus;
  /** The permanent failure that stopped the settler; null while it settles. */
  readonly failure: ChainFailure | null;
  /**
   * Compares every household's books on chain with `expected` (default: the engine state of the
   * last confirmed round, which the settler keeps). Empty when they agree exactly. Transient
   * failures are retried; a market that is not this run's any more rejects with a ChainFailure.
   */
  reconcile(expected?: readonly HouseholdState[]): Promise<Mismatch[]>;
  /** The books hash (booksHash.ts) of the books the last reconcile read from the chain. */
  readonly lastBooksHash: Hex | null;
  /** Where the books are, with the run's id. */
  readonly deployment: Deployment;
  /** Rounds the market had settled when the settler opened (0 unless resumed). */
  readonly resumedAt: number;
  /** Household accounts in index order. */
  readonly accounts: readonly Address[];
  /**
   * Opens `round` for people's orders (docs/CHAIN.md "Rounds opened for people") with the live
   * range in whole coins per 100 Wh, one seat per household a person took, and `deadline` in
   * the chain's Unix seconds (0 = none: the host's countdown ends with closeRound), which every
   * participant's countdown reads. Sent beside settlement under one nonce; resolves with the
   * confirmed transaction, rejects with a ChainFailure.
   */
  openRound(
    round: number,
    priceMin: number,
    priceMax: number,
    seats: readonly SeatLimits[],
    deadline?: number,
  ): Promise<Hash>;
  /** Moves the open round's deadline (0 = until closed: the host paused); once confirmed. */
  setDeadline(round: number, deadline: number): Promise<Hash>;
  /** Closes `round` to further orders; resolves once confirmed. */
  closeRound(round: number): Promise<Hash>;
  /**
   * Publishes the class's score after `rounds` rounds (postScores: each household's money plus
   * coins and its agent's on the same seed, base units), beside settlement; once confirmed.
   */
  postScores(rounds: number, scores: readonly ScoreEntry[]): Promise<Hash>;
  /** Stops sending; queued rounds stay unsent. */
  close(): void;
}

/** One household's line of the score the operator posts (base units). */
export interface ScoreEntry {
  readonly household: number;
  readonly you: number;
  readonly agent: number;
}
