import type { RoundResult, Scenario } from '../engine';
import {
  ANVIL_CHAIN_ID,
  ChainFailure,
  createChainReader,
  createSettler,
  describeMismatch,
  devOperatorKey,
  livePriceReach,
  type FailureCode,
  type Settler,
  type SettlementStatus,
} from '../chain';
import type { PublicClient } from 'viem';
import type { PeopleChain } from './peopleRounds';
import { peopleChainOf } from './peopleChain';
import type { ChainConfig, ChainStatus, Reconciliation } from './protocol';

/**
 * The settler reports every round it queues, thousands a second at full speed; the page only
 * needs a few updates a second, and each one costs it a render. Reports in between coalesce.
 */
const STATUS_EVERY_MS = 100;

/**
 * Household-rounds the chain may trail the simulation by. At full speed the engine outruns any
 * node (1,000 households: ~250 rounds a second simulated, ~25 settled), and every round queued
 * holds its households' states in the worker: unbounded, a run of a year would leave the chain
 * hours behind and the worker's heap growing with it. 240,000 household-rounds is 240 rounds
 * (10 days) at 1,000 households, about 10 MiB of queued states.
 */
const MAX_UNCONFIRMED_HOUSEHOLD_ROUNDS = 240_000;
/**
 * Never fewer than two simulated days: the settler sends whatever is queued each round trip, so
 * a healthy node at a small neighbourhood trails by a few rounds and is never held.
 */
const MIN_UNCONFIRMED_ROUNDS = 48;

/** The most rounds the chain may trail a run of `households` before the simulation waits. */
export function maxUnconfirmedRounds(households: number): number {
  return Math.max(
    MIN_UNCONFIRMED_ROUNDS,
    Math.floor(MAX_UNCONFIRMED_HOUSEHOLD_ROUNDS / Math.max(1, households)),
  );
}

/**
 * Connects the simulation to the settlement layer: rounds simulated before the settler is ready
 * are kept and handed over once it is, and a chain failure only changes the status the page
 * shows. While settling, the chain may trail by at most maxBehind rounds; the pacer asks
 * `held` and the simulation waits at the bound (a stopped or absent chain never holds it).
 */
export class ChainBridge {
  private settler: Settler | null = null;
  private backlog: RoundResult[] = [];
  private phase: ChainStatus['phase'] = 'off';
  private message: string | null = null;
  private closed = false;
  private simulated = 0;
  private last: SettlementStatus | null = null;
  private reconciled: Reconciliation | null = null;
  private verifying = false;
  /** A verify asked for while the books were still being opened: done once they are. */
  private verifyWanted = false;
  private pendingEmit: ReturnType<typeof setTimeout> | null = null;
  /** When each round was handed over (worker clock), for how long the chain keeps it waiting. */
  private readonly enqueuedAt: number[] = [];
  private counted = { transactions: 0, trades: 0, confirmed: 0, gas: 0n };
  private lastBatch: ChainStatus['lastBatch'] = null;
  private marketNumber = 0;

  private reader: PublicClient | null = null;
  /** The most rounds the chain may trail the simulation (maxUnconfirmedRounds). */
  readonly maxBehind: number;

  constructor(
    private readonly onStatus: (s: ChainStatus) => void,
    private readonly config: ChainConfig | null,
    scenario: Scenario,
    /** Told when the run's market is open; answers its number among the page's markets. */
    private readonly onOpened?: (market: string, coin: string) => number,
  ) {
    this.maxBehind = maxUnconfirmedRounds(scenario.households);
    if (!config) {
      this.message = 'No chain configured: simulating without settlement.';
      this.emit();
      return;
    }
    if (config.chainId !== ANVIL_CHAIN_ID) {
      this.message = `Chain ${config.chainId} is not the local dev chain (${ANVIL_CHAIN_ID}); the browser only settles on the local chain.`;
      this.emit();
      return;
    }
    this.phase = 'connecting';
    this.emit();
    void this.open(config, scenario);
  }

  private async open(config: ChainConfig, scenario: Scenario): Promise<void> {
    try {
      const settler = await createSettler({
        rpcUrl: config.rpcUrl,
        chainId: config.chainId,
        // The dev operator key is public, so the browser only ever settles on the local chain.
        operatorKey: devOperatorKey(config.chainId),
        scenario,
        // The sliders move the price range while the run plays: the market allows their reach.
        priceReach: livePriceReach(scenario),
        deployment: config.contracts
          ? { chainId: config.chainId, contracts: config.contracts }
          : undefined,
        onStatus: (s) => {
          this.last = s;
          if (s.stopped && this.phase !== 'error') {
            this.phase = 'error';
            this.message = stoppedText(s.stopped.code, s.stopped.message);
            this.emit();
            return;
          }
          this.pendingEmit ??= setTimeout(() => this.emit(), STATUS_EVERY_MS);
        },
      });
      if (this.closed) {
        settler.close();
        return;
      }
      this.settler = settler;
      this.phase = 'ready';
      this.message = null;
      const c = settler.deployment.contracts;
      this.marketNumber = this.onOpened?.(c.EnergyMarket, c.EnergyCoin) ?? 0;
      for (const r of this.backlog) settler.enqueue(r);
      this.backlog = [];
      this.emit();
      if (this.verifyWanted) this.verify();
    } catch (e) {
      this.backlog = [];
      this.phase = 'error';
      this.message =
        e instanceof ChainFailure
          ? stoppedText(e.code, `could not open the books at ${config.rpcUrl}: ${e.message}`)
          : `Chain unavailable at ${config.rpcUrl}: ${errorText(e)}. Simulation continues without settlement.`;
      this.emit();
    }
  }

  /** The run's market once open. */
  get market(): string | null {
    return this.settler?.deployment.contracts.EnergyMarket ?? null;
  }

  /**
   * The operator's side of rounds opened for people, once the settler is ready (null before, or
   * without a chain): open and close through the settler, orders from the market's events.
   */
  people(): PeopleChain | null {
    const settler = this.settler;
    const config = this.config;
    if (!settler || !config || this.phase !== 'ready') return null;
    this.reader ??= createChainReader(config.rpcUrl, config.chainId);
    return peopleChainOf(settler, this.reader, settler.deployment.contracts.EnergyMarket);
  }

  /** Household `household`'s registered account; null before the settler is ready. */
  accountOf(household: number): string | null {
    return this.settler?.accounts[household] ?? null;
  }

  /**
   * Rounds handed over and not yet confirmed, while the chain settles them (0 when it does not:
   * off, failed, or stopped for good, so that nothing waits for it).
   */
  get behind(): number {
    const settler = this.settler;
    if (!settler || this.phase !== 'ready' || settler.failure) return 0;
    return this.simulated - settler.status().confirmed;
  }

  /** True while the chain is at the bound: the simulation waits until it confirms more. */
  get held(): boolean {
    return this.behind >= this.maxBehind;
  }

  /** Rounds confirmed on chain so far. */
  get confirmed(): number {
    return this.settler?.status().confirmed ?? 0;
  }

  enqueue(r: RoundResult): void {
    this.simulated++;
    this.enqueuedAt.push(performance.now());
    if (this.settler) this.settler.enqueue(r);
    else if (this.phase === 'connecting') this.backlog.push(r);
  }

  /** Pushes the current numbers to the page; called after each batch of rounds. */
  emit(): void {
    if (this.pendingEmit !== null) clearTimeout(this.pendingEmit);
    this.pendingEmit = null;
    if (this.closed) return;
    const s = this.settler?.status() ?? this.last;
    const d = this.settler?.deployment;
    if (s && s.transactions > this.counted.transactions) {
      const c = this.counted;
      this.lastBatch = {
        rounds: s.confirmed - c.confirmed,
        trades: s.trades - c.trades,
        gasUsed: (s.gasUsed - c.gas).toString(),
      };
      this.counted = {
        transactions: s.transactions,
        trades: s.trades,
        confirmed: s.confirmed,
        gas: s.gasUsed,
      };
    }
    const confirmed = s?.confirmed ?? 0;
    const waiting = this.phase === 'ready' ? this.enqueuedAt[confirmed] : undefined;
    this.onStatus({
      phase: this.phase,
      message: this.message,
      marketAddress: d?.contracts.EnergyMarket ?? null,
      coinAddress: d?.contracts.EnergyCoin ?? null,
      simulated: this.simulated,
      sent: s?.sent ?? 0,
      confirmed: s?.confirmed ?? 0,
      transactions: s?.transactions ?? 0,
      gasUsed: (s?.gasUsed ?? 0n).toString(),
      // Once stopped, the message says it; lastError would repeat it.
      lastError: s?.stopped ? null : (s?.lastError ?? null),
      reconciled: this.reconciled,
      trades: s?.trades ?? 0,
      lastBatch: this.lastBatch,
      lagMs: waiting === undefined ? 0 : Math.max(0, performance.now() - waiting),
      maxBehind: this.maxBehind,
      marketNumber: this.marketNumber,
    });
  }

  /**
   * Once every queued round is confirmed, compares the chain's books with the engine's, so the
   * page can show that the chain agrees exactly (or where it does not).
   */
  verify(): void {
    const settler = this.settler;
    this.verifyWanted = !settler && this.phase === 'connecting';
    // A stopped settler has said why; comparing books it will never finish would only repeat it.
    if (!settler || this.verifying || settler.failure) return;
    this.verifying = true;
    void settler
      .flush(120_000)
      .then(() => settler.reconcile())
      .then((mismatches) => {
        this.reconciled = {
          confirmed: settler.status().confirmed,
          ok: mismatches.length === 0,
          mismatches: mismatches.slice(0, 5).map(describeMismatch),
          booksHash: settler.lastBooksHash,
        };
      })
      .catch((e: unknown) => {
        this.reconciled = {
          confirmed: settler.status().confirmed,
          ok: false,
          mismatches: [`could not reconcile: ${errorText(e)}`],
          booksHash: null,
        };
      })
      .finally(() => {
        this.verifying = false;
        this.emit();
      });
  }

  close(): void {
    this.closed = true;
    if (this.pendingEmit !== null) clearTimeout(this.pendingEmit);
    this.pendingEmit = null;
    this.backlog = [];
    this.settler?.close();
    this.settler = null;
  }
}

/** What a person at the page can do about each kind of permanent failure. */
const ADVICE: Record<FailureCode, string> = {
  unreachable: 'Check that the chain runs (npm start), then press Reset to settle a fresh run.',
  'not-rpc': 'The deployment points at something that is not a chain node; run npm start again.',
  'wrong-chain': 'The deployment is for another chain; run npm start again.',
  reverted: 'The chain refused this run; Reset starts a fresh one.',
  'lost-state': 'The chain was restarted without its state; press Reset to settle a fresh run.',
  'rolled-back': 'The chain was rolled back; press Reset to settle a fresh run.',
  'other-run': 'Another run now uses this market; press Reset to settle a fresh run.',
  codec: 'This run holds a value the chain cannot record exactly.',
  unsupported: 'Change the scenario as the message says to settle it on the chain.',
  'over-gas': 'A round of this run is too big for one block of this chain.',
  'no-funds': 'The operator account has no ETH for gas; fund it, then press Reset.',
  other: 'Press Reset to settle a fresh run.',
};

/** The status line once settlement stopped for good: what happened, what to do, what goes on. */
function stoppedText(code: FailureCode, message: string): string {
  const m = message.endsWith('.') ? message : `${message}.`;
  return `Chain stopped: ${m} ${ADVICE[code]} The simulation continues without settlement.`;
}

function errorText(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  // viem messages run to many lines; the first says what went wrong.
  return m.split('\n')[0] ?? m;
}
