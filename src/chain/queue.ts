/**
 * The settlement queue: rounds go in as fast as the engine makes them, and leave in as few
 * transactions as possible (see batching.ts). One transaction is in flight at a time and each
 * receipt is awaited, so Anvil's automine never sees a burst of out-of-order nonces.
 *
 * Failures are sorted (errors.ts). A transient one keeps every round queued; before sending again
 * the queue asks the chain how far it got (resync.ts), so nothing is dropped or sent twice, and
 * the retry rule (retry.ts) bounds how long it keeps trying. A permanent one stops the queue for
 * good: `status().stopped` and `failure` say why in one sentence, flush rejects with it, and
 * later rounds are counted but never sent.
 */
import type { Address, Hash, Hex, TransactionReceipt } from 'viem';
import { BASE_PER_COIN, type HouseholdState } from '../engine';
import {
  BLOCK_SHARE_FOR_ONE_ROUND,
  DEFAULT_BATCH_ROUNDS,
  DEFAULT_MAX_GAS_PER_TX,
  estimateSettleGas,
  planUpdates,
  takeBatch,
} from './batching';
import type { ChainClients } from './chain';
import { encodeBatch, EMPTY_BOOKS, type Books, type HardRange } from './codec';
import { PRICE_PER_WH_OF_COIN_PER_100WH, settlementAbi } from './contracts';
import { encodeSeatLimits, type SeatLimits } from './people';
import type { Deployment } from './deployment';
import { ChainFailure, classifyChainError } from './errors';
import { booksHash } from './booksHash';
import { readBooks, compareBooks } from './reconcile';
import {
  assertRunMarket,
  lostTransactionReceipt,
  pendingNonce,
  pollReceipt,
  settledRoundsOfRun,
} from './resync';
import { FailureStreak, retrying, sleep, type RetryPolicy } from './retry';
import type { OpenedBooks } from './setup';
import type {
  Mismatch,
  ScoreEntry,
  SettlementStatus,
  SettleRound,
  Settler,
  SettlerOptions,
} from './types';

interface InFlight {
  hash: Hash;
  /** Rounds the transaction settles (0 for an update-only call). */
  rounds: number;
  trades: number;
}

type Waiter = { resolve: () => void; reject: (e: Error) => void };

export class QueueSettler implements Settler {
  private readonly queue: SettleRound[] = [];
  private baseline: readonly Books[] = [];
  private baselineStates: readonly HouseholdState[] | null = null;
  private simulated = 0;
  private sent = 0;
  private confirmed = 0;
  private transactions = 0;
  private trades = 0;
  private gasUsed = 0n;
  private lastError: string | null = null;
  private stoppedBy: ChainFailure | null = null;
  private nonce: number | null = null;
  private inFlight: InFlight | null = null;
  private needsResync = false;
  private running = false;
  private closed = false;
  private doing = 'settling';
  private lock: Promise<unknown> = Promise.resolve();
  private waiters: Waiter[] = [];
  private roomWaiters: { rounds: number; resolve: () => void }[] = [];
  /**
   * Households whose books an update-only call may have written ahead of their round: sent again
   * with the next round call whatever the baseline says, since the chain may hold a later state.
   */
  private readonly dirty = new Set<number>();
  private dirtyAll: boolean;
  private readonly batchRounds: number;
  private readonly budget: number;
  private readonly hardCap: number;
  private readonly blockGasLimit: number;
  private readonly hard: HardRange;
  private readonly policy: RetryPolicy;
  private readonly market: Address;
  readonly deployment: Deployment;
  readonly resumedAt: number;
  lastBooksHash: Hex | null = null;

  constructor(
    private readonly c: ChainClients,
    private readonly opts: SettlerOptions,
    opened: OpenedBooks,
    readonly accounts: readonly Address[],
    policy: RetryPolicy,
  ) {
    this.deployment = opened.deployment;
    this.resumedAt = opened.settledRounds;
    // After a resume the chain may hold books an interrupted split wrote ahead: send them all.
    this.dirtyAll = opened.settledRounds > 0;
    this.batchRounds = Math.max(1, opts.batchRounds ?? DEFAULT_BATCH_ROUNDS);
    this.blockGasLimit = opened.blockGasLimit;
    this.hardCap = Math.floor(opened.blockGasLimit * BLOCK_SHARE_FOR_ONE_ROUND);
    this.budget = Math.min(opts.maxGasPerTx ?? DEFAULT_MAX_GAS_PER_TX, this.hardCap);
    this.hard = { floor: opened.config.priceFloorPerWh, ceiling: opened.config.priceCeilingPerWh };
    this.policy = policy;
    this.market = opened.deployment.contracts.EnergyMarket;
  }

  get failure(): ChainFailure | null {
    return this.stoppedBy;
  }

  enqueue(r: SettleRound): void {
    if (this.closed) throw new Error('settler is closed');
    const expected = this.simulated;
    if (r.round !== expected) {
      throw new RangeError(
        `enqueue: rounds must arrive in order; expected round ${expected}, got ${r.round}`,
      );
    }
    this.simulated++;
    if (r.round < this.resumedAt) {
      // Settled by an earlier session of this run: only its books are needed, as the baseline.
      this.baseline = r.households;
      this.baselineStates = r.households;
      this.confirmed++;
      this.sent = this.confirmed;
      this.trades += r.trades.length;
      return;
    }
    if (this.stoppedBy) {
      this.emit();
      return;
    }
    // Keep only what settlement needs: orders and fills would pile up while the chain is down.
    this.queue.push({
      round: r.round,
      clearingPrice: r.clearingPrice,
      trades: r.trades,
      households: r.households,
      params: { priceMin: r.params.priceMin, priceMax: r.params.priceMax },
    });
    this.emit();
    void this.pump();
  }

  status(): SettlementStatus {
    const f = this.stoppedBy;
    return {
      simulated: this.simulated,
      sent: this.sent,
      confirmed: this.confirmed,
      transactions: this.transactions,
      trades: this.trades,
      gasUsed: this.gasUsed,
      lastError: this.lastError,
      stopped: f ? { code: f.code, message: f.message } : null,
    };
  }

  flush(timeoutMs?: number): Promise<void> {
    if (this.stoppedBy) return Promise.reject(this.stoppedBy);
    if (this.confirmed === this.simulated) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('settler is closed'));
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: Waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.waiters.push(waiter);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i < 0) return;
          this.waiters.splice(i, 1);
          reject(
            new Error(
              `settlement not finished after ${timeoutMs} ms: ${this.confirmed} of ${this.simulated} rounds confirmed` +
                (this.lastError ? `; last error: ${this.lastError}` : ''),
            ),
          );
        }, timeoutMs);
      }
    });
  }

  room(rounds: number): Promise<void> {
    if (this.queue.length < rounds || this.stoppedBy || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push({ rounds, resolve }));
  }

  reconcile(expected?: readonly HouseholdState[]): Promise<Mismatch[]> {
    return this.withLock(() =>
      retrying(
        async () => {
          // Only this run's market is compared: a node that lost it or holds another run's says so.
          await settledRoundsOfRun(this.c, this.deployment, this.expectation());
          const books = await readBooks(this.c, this.market);
          this.lastBooksHash = booksHash(books);
          return compareBooks(expected ?? this.confirmedStates(), books);
        },
        {
          rpcUrl: this.opts.rpcUrl,
          what: 'reading the books to reconcile',
          policy: this.policy,
          onFailure: (f) => {
            if (!f.permanent) this.opts.onRetry?.(f.message);
          },
        },
      ),
    );
  }

  openRound(
    round: number,
    priceMin: number,
    priceMax: number,
    seats: readonly SeatLimits[],
    deadline = 0,
  ): Promise<Hash> {
    const per = PRICE_PER_WH_OF_COIN_PER_100WH;
    const limits = encodeSeatLimits(seats);
    return this.operatorCall(`opening round ${round} for people`, 'openRound', [
      BigInt(round),
      BigInt(priceMin) * per,
      BigInt(priceMax) * per,
      BigInt(deadline),
      limits,
    ]);
  }

  setDeadline(round: number, deadline: number): Promise<Hash> {
    return this.operatorCall(`moving round ${round}'s deadline`, 'setDeadline', [
      BigInt(round),
      BigInt(deadline),
    ]);
  }

  closeRound(round: number): Promise<Hash> {
    return this.operatorCall(`closing round ${round}`, 'closeRound', [BigInt(round)]);
  }

  postScores(rounds: number, scores: readonly ScoreEntry[]): Promise<Hash> {
    return this.operatorCall(`posting the score after round ${rounds}`, 'postScores', [
      BigInt(rounds),
      scores.map((s) => BigInt(s.household)),
      scores.map((s) => BigInt(s.you)),
      scores.map((s) => BigInt(s.agent)),
    ]);
  }

  /**
   * One operator transaction beside settlement, under the same lock and nonce, so the two never
   * race. Rejects with a ChainFailure naming what was being done (a revert names its error).
   */
  private operatorCall(
    what: string,
    functionName: 'openRound' | 'closeRound' | 'setDeadline' | 'postScores',
    args: readonly unknown[],
  ): Promise<Hash> {
    if (this.closed) return Promise.reject(new Error('settler is closed'));
    if (this.stoppedBy) return Promise.reject(this.stoppedBy);
    return this.withLock(async () => {
      try {
        if (this.needsResync) await this.resync();
        this.nonce ??= await pendingNonce(this.c);
        const hash = await this.c.walletClient.writeContract({
          address: this.market,
          abi: settlementAbi,
          functionName,
          args,
          nonce: this.nonce,
        } as Parameters<typeof this.c.walletClient.writeContract>[0]);
        this.nonce++;
        const receipt = await this.awaitReceipt(hash);
        if (receipt.status !== 'success') {
          throw new ChainFailure('permanent', 'reverted', `${what} reverted on chain (tx ${hash})`);
        }
        return hash;
      } catch (e) {
        // Whatever was or was not sent, ask the node for the nonce before the next transaction.
        this.nonce = null;
        throw classifyChainError(e, { rpcUrl: this.opts.rpcUrl, what, abi: settlementAbi });
      }
    });
  }

  close(): void {
    this.closed = true;
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w.reject(new Error('settler closed before every round was confirmed'));
    this.releaseRoom();
  }

  /** The engine's books after the last confirmed round (fresh books before the first). */
  private confirmedStates(): readonly HouseholdState[] {
    if (this.baselineStates) return this.baselineStates;
    const areas = this.opts.scenario.pv.areasM2;
    return this.accounts.map((_, index) => ({
      index,
      hasPv: (areas[index] ?? 0) > 0,
      coinBalance: this.opts.scenario.initCoins * BASE_PER_COIN,
      ...EMPTY_BOOKS,
    }));
  }

  private expectation() {
    return {
      operator: this.c.account.address,
      households: this.accounts.length,
      confirmed: this.confirmed,
      sendable: this.queue.length,
    };
  }

  private emit(): void {
    this.opts.onStatus?.(this.status());
  }

  private releaseRoom(): void {
    const open = this.stoppedBy !== null || this.closed;
    this.roomWaiters = this.roomWaiters.filter((w) => {
      if (open || this.queue.length < w.rounds) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  private withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const streak = new FailureStreak(this.policy);
    try {
      while (!this.closed && !this.stoppedBy && this.queue.length > 0) {
        try {
          await this.withLock(() => this.sendNext());
          streak.reset();
        } catch (e) {
          const f = classifyChainError(e, {
            rpcUrl: this.opts.rpcUrl,
            what: this.doing,
            abi: settlementAbi,
          });
          this.sent = this.confirmed;
          this.needsResync = true;
          let wait: number;
          try {
            wait = streak.next(f);
          } catch (exhausted) {
            await this.stop(exhausted as ChainFailure);
            break;
          }
          this.lastError = f.message;
          this.emit();
          await sleep(wait);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Stops for good; a revert is first checked against the market (lost, rolled back, another run). */
  private async stop(f: ChainFailure): Promise<void> {
    let final = f;
    if (f.code === 'reverted' || f.code === 'other') {
      final = await settledRoundsOfRun(this.c, this.deployment, this.expectation()).then(
        () => f,
        (e: unknown) => (e instanceof ChainFailure && e.permanent ? e : f),
      );
    }
    this.stoppedBy = new ChainFailure(
      'permanent',
      final.code,
      `settlement stopped with ${this.confirmed} rounds confirmed on chain: ${final.message}`,
      { cause: final },
    );
    this.lastError = this.stoppedBy.message;
    for (const w of this.waiters.splice(0)) w.reject(this.stoppedBy);
    this.releaseRoom();
    this.emit();
  }

  private async sendNext(): Promise<void> {
    if (this.needsResync) await this.resync();
    const n = this.accounts.length;
    const batch = takeBatch(this.queue, {
      batchRounds: this.batchRounds,
      maxGas: this.budget,
      households: n,
    });
    const first = batch[0];
    if (!first) return;
    const span = `rounds ${first.round}..${first.round + batch.length - 1}`;
    this.doing = `encoding ${span}`;
    const enc = encodeBatch(batch, this.baseline, {
      hard: this.hard,
      force: this.dirtyAll ? 'all' : this.dirty,
    });
    const plan = planUpdates(enc, n, this.budget, this.hardCap);
    if (!plan) {
      const gas = estimateSettleGas({
        rounds: enc.roundCount,
        trades: enc.tradeCount,
        touched: enc.touched,
        updates: 0,
        households: n,
      });
      throw new ChainFailure(
        'permanent',
        'over-gas',
        `round ${first.round} alone (${enc.tradeCount} trades) needs about ${gas} gas without any household's books, more than ${this.hardCap} (90% of the block gas limit ${this.blockGasLimit}); a round's trades settle in one call, so it cannot be split further`,
      );
    }
    this.sent = this.confirmed + batch.length;
    this.emit();
    for (const [from, to] of plan.ahead) {
      for (const i of enc.updated.slice(from, to)) this.dirty.add(i);
      this.doing = `update-only call (households ${enc.updated[from]}..${enc.updated[to - 1]}) ahead of ${span}`;
      const receipt = await this.send(
        enc.firstRound,
        [],
        [],
        enc.updateHeads.slice(from, to),
        enc.updateBooks.slice(from, to),
        { rounds: 0, trades: 0 },
      );
      this.transactions++;
      this.gasUsed += receipt.gasUsed;
    }
    const [from, to] = plan.withRounds;
    this.doing = `settle of ${span}`;
    const receipt = await this.send(
      enc.firstRound,
      enc.rounds,
      enc.trades,
      enc.updateHeads.slice(from, to),
      enc.updateBooks.slice(from, to),
      { rounds: batch.length, trades: enc.tradeCount },
    );
    this.confirm(batch.length, enc.tradeCount, receipt.gasUsed, true);
  }

  private async send(
    firstRound: bigint,
    rounds: bigint[],
    trades: bigint[],
    heads: bigint[],
    books: bigint[],
    what: { rounds: number; trades: number },
  ): Promise<TransactionReceipt> {
    await assertRunMarket(this.c, this.deployment);
    this.nonce ??= await pendingNonce(this.c);
    const hash = await this.c.walletClient.writeContract({
      address: this.market,
      abi: settlementAbi,
      functionName: 'settle',
      args: [firstRound, rounds, trades, heads, books],
      nonce: this.nonce,
    });
    this.nonce++;
    this.inFlight = { hash, ...what };
    const receipt = await this.awaitReceipt(hash);
    this.inFlight = null;
    if (receipt.status !== 'success') {
      throw new ChainFailure(
        'permanent',
        'reverted',
        `${this.doing} reverted on chain (tx ${hash})`,
      );
    }
    return receipt;
  }

  private awaitReceipt(hash: Hash) {
    return pollReceipt(this.c, hash, {
      intervalMs: this.opts.pollingIntervalMs ?? 50,
      isClosed: () => this.closed,
    });
  }

  private confirm(rounds: number, trades: number, gas: bigint, counted: boolean): void {
    const last = this.queue[rounds - 1];
    if (!last)
      throw new Error(`confirm: ${rounds} rounds confirmed but only ${this.queue.length} queued`);
    this.queue.splice(0, rounds);
    this.baseline = last.households;
    this.baselineStates = last.households;
    // The round call carried every household an update-only call had written ahead.
    this.dirty.clear();
    this.dirtyAll = false;
    this.confirmed += rounds;
    this.sent = Math.max(this.sent, this.confirmed);
    this.trades += trades;
    if (counted) {
      this.transactions++;
      this.gasUsed += gas;
    }
    this.lastError = null;
    this.emit();
    this.releaseRoom();
    if (this.confirmed === this.simulated) {
      for (const w of this.waiters.splice(0)) w.resolve();
    }
  }

  /** After a failure: learn what the chain settled before sending again. */
  private async resync(): Promise<void> {
    this.doing = 'resynchronising with the chain';
    // First whether the market is still this run's: a lost node must not be waited for.
    await settledRoundsOfRun(this.c, this.deployment, this.expectation());
    const pending = this.inFlight;
    if (pending) {
      const receipt = await lostTransactionReceipt(this.c, pending.hash, (h) =>
        this.awaitReceipt(h),
      );
      if (receipt?.status === 'success') {
        if (pending.rounds > 0) this.confirm(pending.rounds, pending.trades, receipt.gasUsed, true);
        else {
          this.transactions++;
          this.gasUsed += receipt.gasUsed;
        }
      }
      this.inFlight = null;
    }
    const onChain = await settledRoundsOfRun(this.c, this.deployment, this.expectation());
    const extra = onChain - this.confirmed;
    if (extra > 0) {
      const trades = this.queue.slice(0, extra).reduce((s, r) => s + r.trades.length, 0);
      this.confirm(extra, trades, 0n, false);
    }
    this.nonce = await pendingNonce(this.c);
    this.needsResync = false;
  }
}
