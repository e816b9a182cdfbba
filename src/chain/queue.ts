/**
 * The settlement queue: rounds go in as fast as the engine makes them, and leave in as few
 * transactions as possible (see batching.ts). One transaction is in flight at a time and each
 * receipt is awaited, so Anvil's automine never sees a burst of out-of-order nonces. On any
 * failure the rounds stay queued; before sending again the queue asks the chain how far it got
 * (resync.ts), so nothing is dropped or sent twice.
 */
import type { Address, Hash } from 'viem';
import { BASE_PER_COIN, type HouseholdState } from '../engine';
import { DEFAULT_BATCH_ROUNDS, DEFAULT_MAX_GAS_PER_TX, takeBatch } from './batching';
import type { ChainClients } from './chain';
import { encodeBatch, EMPTY_BOOKS, type Books } from './codec';
import { settlementAbi } from './contracts';
import type { Deployment } from './deployment';
import { describeChainError } from './errors';
import { readBooks, compareBooks } from './reconcile';
import {
  lostTransactionReceipt,
  pendingNonce,
  pollReceipt,
  settledRoundsOnChain,
  unseenSettledRounds,
} from './resync';
import type { Mismatch, SettlementStatus, SettleRound, Settler, SettlerOptions } from './types';

const MAX_RETRY_DELAY_MS = 5_000;

interface InFlight {
  hash: Hash;
  rounds: number;
  trades: number;
}

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
  private nonce: number | null = null;
  private inFlight: InFlight | null = null;
  private needsResync = false;
  private running = false;
  private closed = false;
  private lock: Promise<unknown> = Promise.resolve();
  private waiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  private readonly batchRounds: number;
  private readonly maxGas: number;
  private readonly retryDelayMs: number;
  private readonly market: Address;

  constructor(
    private readonly c: ChainClients,
    private readonly opts: SettlerOptions,
    readonly deployment: Deployment,
    readonly accounts: readonly Address[],
  ) {
    this.batchRounds = Math.max(1, opts.batchRounds ?? DEFAULT_BATCH_ROUNDS);
    this.maxGas = opts.maxGasPerTx ?? DEFAULT_MAX_GAS_PER_TX;
    this.retryDelayMs = opts.retryDelayMs ?? 250;
    this.market = deployment.contracts.EnergyMarket;
  }

  enqueue(r: SettleRound): void {
    if (this.closed) throw new Error('settler is closed');
    const expected = this.simulated;
    if (r.round !== expected) {
      throw new RangeError(
        `enqueue: rounds must arrive in order; expected round ${expected}, got ${r.round}`,
      );
    }
    // Keep only what settlement needs: orders and fills would pile up while the chain is down.
    this.queue.push({
      round: r.round,
      clearingPrice: r.clearingPrice,
      trades: r.trades,
      households: r.households,
    });
    this.simulated++;
    this.emit();
    void this.pump();
  }

  status(): SettlementStatus {
    return {
      simulated: this.simulated,
      sent: this.sent,
      confirmed: this.confirmed,
      transactions: this.transactions,
      trades: this.trades,
      gasUsed: this.gasUsed,
      lastError: this.lastError,
    };
  }

  flush(timeoutMs?: number): Promise<void> {
    if (this.confirmed === this.simulated) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('settler is closed'));
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter = {
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

  reconcile(expected?: readonly HouseholdState[]): Promise<Mismatch[]> {
    return this.withLock(async () => {
      const books = await readBooks(this.c, this.market);
      return compareBooks(expected ?? this.confirmedStates(), books);
    });
  }

  close(): void {
    this.closed = true;
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w.reject(new Error('settler closed before every round was confirmed'));
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

  private emit(): void {
    this.opts.onStatus?.(this.status());
  }

  private withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let delay = this.retryDelayMs;
    try {
      while (!this.closed && this.queue.length > 0) {
        try {
          await this.withLock(() => this.sendNext());
          delay = this.retryDelayMs;
        } catch (e) {
          this.lastError = describeChainError(e, this.opts.rpcUrl);
          this.sent = this.confirmed;
          this.needsResync = true;
          this.emit();
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async sendNext(): Promise<void> {
    if (this.needsResync) await this.resync();
    const batch = takeBatch(this.queue, {
      batchRounds: this.batchRounds,
      maxGas: this.maxGas,
      households: this.accounts.length,
    });
    if (batch.length === 0) return;
    const enc = encodeBatch(batch, this.baseline);
    this.nonce ??= await pendingNonce(this.c);
    this.sent = this.confirmed + batch.length;
    this.emit();
    const hash = await this.c.walletClient.writeContract({
      address: this.market,
      abi: settlementAbi,
      functionName: 'settle',
      args: [enc.firstRound, enc.rounds, enc.trades, enc.updateHeads, enc.updateDeltas],
      nonce: this.nonce,
    });
    this.nonce++;
    this.inFlight = { hash, rounds: batch.length, trades: enc.tradeCount };
    const receipt = await this.awaitReceipt(hash);
    this.inFlight = null;
    if (receipt.status !== 'success') {
      throw new Error(
        `settle of rounds ${enc.firstRound}..${enc.firstRound + BigInt(batch.length) - 1n} reverted (tx ${hash})`,
      );
    }
    this.confirm(batch.length, enc.tradeCount, receipt.gasUsed, true);
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
    this.confirmed += rounds;
    this.sent = Math.max(this.sent, this.confirmed);
    this.trades += trades;
    if (counted) {
      this.transactions++;
      this.gasUsed += gas;
    }
    this.lastError = null;
    this.emit();
    if (this.confirmed === this.simulated) {
      for (const w of this.waiters.splice(0)) w.resolve();
    }
  }

  /** After a failure: learn what the chain settled before sending again. */
  private async resync(): Promise<void> {
    const pending = this.inFlight;
    if (pending) {
      const receipt = await lostTransactionReceipt(this.c, pending.hash, (h) =>
        this.awaitReceipt(h),
      );
      if (receipt?.status === 'success') {
        this.confirm(pending.rounds, pending.trades, receipt.gasUsed, true);
      }
      this.inFlight = null;
    }
    const extra = unseenSettledRounds(await settledRoundsOnChain(this.c, this.market), {
      confirmed: this.confirmed,
      queued: this.queue.length,
      simulated: this.simulated,
    });
    if (extra > 0) {
      const trades = this.queue.slice(0, extra).reduce((s, r) => s + r.trades.length, 0);
      this.confirm(extra, trades, 0n, false);
    }
    this.nonce = await pendingNonce(this.c);
    this.needsResync = false;
  }
}
