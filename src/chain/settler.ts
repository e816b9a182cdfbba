/**
 * The settlement queue: rounds go in as fast as the engine makes them, and leave in as few
 * transactions as possible (up to `batchRounds` consecutive rounds per settle call). One
 * transaction is in flight at a time and each receipt is awaited, so Anvil's automine never sees
 * a burst of out-of-order nonces. On any failure the rounds stay queued; before sending again the
 * settler asks the chain how far it got (settledRounds), so nothing is dropped or sent twice.
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  HttpRequestError,
  TimeoutError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Address,
  type Hash,
} from 'viem';
import type { HouseholdState } from '../engine';
import { householdAccounts } from './accounts';
import { createChainClients, type ChainClients } from './clients';
import { encodeBatch, EMPTY_BOOKS, type Books } from './codec';
import {
  checkPair,
  deployContracts,
  energyCoinAbi,
  energyMarketAbi,
  settlementAbi,
} from './contracts';
import { compareBooks, readBooks } from './reconcile';
import type {
  Deployment,
  Mismatch,
  SettlementStatus,
  SettleRound,
  Settler,
  SettlerOptions,
} from './types';

const SETUP_CHUNK = 200;
/**
 * Up to 30 simulated days per transaction: per-household writes are paid once per call, so bigger
 * batches cost less per trade (exp2: ~17k gas per trade at 24 rounds, ~7.8k at 168, ~6.2k at
 * 720). The queue never waits to fill a batch; it sends whatever is queued, up to this many
 * rounds and the gas budget.
 */
export const DEFAULT_BATCH_ROUNDS = 720;
export const DEFAULT_MAX_GAS_PER_TX = 15_000_000;

/**
 * Upper bounds measured on Anvil (receipts, cold storage): a call, a round (event + calldata),
 * a trade (calldata, netting, event, and the coin write of a newly touched household), and a
 * household update (two slot writes and its event).
 */
export function estimateSettleGas(rounds: number, trades: number, households: number): number {
  return 40_000 + rounds * 2_600 + trades * 9_000 + households * 16_000;
}

/** "Not found" is an answer; any other failure (the RPC is down) must propagate. */
function notFoundAsNull(e: unknown): null {
  if (e instanceof TransactionNotFoundError || e instanceof TransactionReceiptNotFoundError) {
    return null;
  }
  throw e;
}
const MAX_RETRY_DELAY_MS = 5_000;
const RECEIPT_TIMEOUT_MS = 120_000;

/** A failure in words: which contract error, or that the RPC could not be reached. */
export function describeChainError(e: unknown, rpcUrl: string): string {
  if (e instanceof BaseError) {
    const revert = e.walk((x) => x instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const name = revert.data?.errorName ?? revert.reason ?? 'unknown reason';
      const args = (revert.data?.args ?? []).map((a) => String(a)).join(', ');
      return `settlement reverted: ${name}(${args})`;
    }
    const net = e.walk((x) => x instanceof HttpRequestError || x instanceof TimeoutError);
    if (net instanceof BaseError) return `RPC ${rpcUrl} unreachable: ${net.shortMessage}`;
    return e.shortMessage;
  }
  return e instanceof Error ? e.message : String(e);
}

async function setUpBooks(
  c: ChainClients,
  opts: SettlerOptions,
  accounts: readonly Address[],
): Promise<Deployment> {
  let deployment: Deployment | null = null;
  if (opts.deployment && opts.deployment.chainId === opts.chainId) {
    const check = await checkPair(c, opts.deployment.contracts, c.account.address);
    if (check.ok && check.householdCount === 0n && check.settledRounds === 0n) {
      deployment = { ...opts.deployment, rpcUrl: opts.rpcUrl };
    }
  }
  deployment ??= await deployContracts(c, opts.rpcUrl);
  const { EnergyCoin, EnergyMarket } = deployment.contracts;
  const areas = opts.scenario.pv.areasM2;
  const initBase = BigInt(opts.scenario.initCoins) * 10n ** 6n;
  for (let start = 0; start < accounts.length; start += SETUP_CHUNK) {
    const chunk = accounts.slice(start, start + SETUP_CHUNK);
    const entries = chunk.map(
      (a, k) => BigInt(a) | (((areas[start + k] ?? 0) > 0 ? 1n : 0n) << 160n),
    );
    const reg = await c.walletClient.writeContract({
      address: EnergyMarket,
      abi: energyMarketAbi,
      functionName: 'registerHouseholds',
      args: [entries],
    });
    const mint = await c.walletClient.writeContract({
      address: EnergyCoin,
      abi: energyCoinAbi,
      functionName: 'mintBatch',
      args: [chunk.map((a) => BigInt(a) | (initBase << 160n))],
    });
    for (const [hash, what] of [
      [reg, 'registerHouseholds'],
      [mint, 'mintBatch'],
    ] as const) {
      const r = await c.publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 });
      if (r.status !== 'success') throw new Error(`${what} reverted (tx ${hash})`);
    }
  }
  return deployment;
}

/**
 * Opens a fresh run's books (deploys a coin/market pair, or uses `opts.deployment` when its books
 * are fresh), registers the scenario's households with their dev accounts and mints `initCoins`
 * to each, then returns the queue that settles the run's rounds.
 */
export async function createSettler(opts: SettlerOptions): Promise<Settler> {
  const c = createChainClients(opts);
  const served = await c.publicClient.getChainId();
  if (served !== opts.chainId) {
    throw new Error(`RPC ${opts.rpcUrl} serves chainId ${served}, expected ${opts.chainId}`);
  }
  const accounts = householdAccounts(opts.scenario.households).map((a) => a.address);
  const deployment = await setUpBooks(c, opts, accounts);
  return new QueueSettler(c, opts, deployment, accounts);
}

interface InFlight {
  hash: Hash;
  rounds: number;
  trades: number;
}

class QueueSettler implements Settler {
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
      coinBalance: this.opts.scenario.initCoins * 1_000_000,
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

  private takeBatch(): SettleRound[] {
    const batch: SettleRound[] = [];
    let trades = 0;
    for (const r of this.queue) {
      if (batch.length >= this.batchRounds) break;
      const gas = estimateSettleGas(
        batch.length + 1,
        trades + r.trades.length,
        this.accounts.length,
      );
      if (batch.length > 0 && gas > this.maxGas) break;
      batch.push(r);
      trades += r.trades.length;
    }
    return batch;
  }

  private async sendNext(): Promise<void> {
    if (this.needsResync) await this.resync();
    const batch = this.takeBatch();
    if (batch.length === 0) return;
    const enc = encodeBatch(batch, this.baseline);
    this.nonce ??= await this.c.publicClient.getTransactionCount({
      address: this.c.account.address,
      blockTag: 'pending',
    });
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

  /**
   * Polls for a receipt: fast at first (Anvil mines at once), slower later (a real chain's
   * blocks take seconds). Unlike viem's waitForTransactionReceipt, which keeps polling through
   * network errors until its timeout, an unreachable node fails here at once, so the status says
   * so within one request timeout; resync() then picks the transaction up again.
   */
  private async awaitReceipt(hash: Hash) {
    let interval = this.opts.pollingIntervalMs ?? 50;
    const deadline = Date.now() + RECEIPT_TIMEOUT_MS;
    for (;;) {
      const receipt = await this.c.publicClient
        .getTransactionReceipt({ hash })
        .catch(notFoundAsNull);
      if (receipt) return receipt;
      if (this.closed) throw new Error(`settler closed while transaction ${hash} was pending`);
      if (Date.now() > deadline) {
        throw new Error(`transaction ${hash} not mined after ${RECEIPT_TIMEOUT_MS / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, interval));
      interval = Math.min(interval * 1.5, 1_000);
    }
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

  /** After a failure: learn what the chain settled (a lost response may hide a success). */
  private async resync(): Promise<void> {
    const pending = this.inFlight;
    if (pending) {
      const receipt = await this.c.publicClient
        .getTransactionReceipt({ hash: pending.hash })
        .catch(notFoundAsNull);
      if (receipt) {
        if (receipt.status === 'success') {
          this.confirm(pending.rounds, pending.trades, receipt.gasUsed, true);
        }
      } else if (
        await this.c.publicClient.getTransaction({ hash: pending.hash }).catch(notFoundAsNull)
      ) {
        // Still in the node's pool: wait for it rather than send the same rounds again.
        const r = await this.awaitReceipt(pending.hash);
        if (r.status === 'success') this.confirm(pending.rounds, pending.trades, r.gasUsed, true);
      }
      this.inFlight = null;
    }
    const onChain = Number(
      await this.c.publicClient.readContract({
        address: this.market,
        abi: energyMarketAbi,
        functionName: 'settledRounds',
      }),
    );
    if (onChain < this.confirmed) {
      throw new Error(
        `chain reports ${onChain} settled rounds but ${this.confirmed} were confirmed: the node lost state`,
      );
    }
    if (onChain > this.confirmed) {
      const extra = onChain - this.confirmed;
      if (extra > this.queue.length) {
        throw new Error(
          `chain reports ${onChain} settled rounds, more than the ${this.simulated} simulated`,
        );
      }
      const trades = this.queue.slice(0, extra).reduce((s, r) => s + r.trades.length, 0);
      this.confirm(extra, trades, 0n, false);
    }
    this.nonce = await this.c.publicClient.getTransactionCount({
      address: this.c.account.address,
      blockTag: 'pending',
    });
    this.needsResync = false;
  }
}

/**
 * createSettler, retried until the chain answers: for a page that starts while the node is still
 * coming up or down. Rounds simulated meanwhile belong in the caller's backlog (enqueue them, in
 * order, once this resolves). A setup cut off halfway leaves at most an unused pair behind; the
 * next attempt deploys a fresh one. Rejects only when `signal` aborts.
 */
export async function openSettler(
  opts: SettlerOptions & {
    signal?: AbortSignal;
    onRetry?: (error: string, attempt: number) => void;
  },
): Promise<Settler> {
  let delay = opts.retryDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new Error('openSettler aborted');
    try {
      return await createSettler(opts);
    } catch (e) {
      if (opts.signal?.aborted) throw new Error('openSettler aborted', { cause: e });
      opts.onRetry?.(describeChainError(e, opts.rpcUrl), attempt);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
    }
  }
}
