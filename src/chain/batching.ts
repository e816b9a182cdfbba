/**
 * How queued rounds become transactions: as many rounds per settle call as `batchRounds` allows
 * while a conservative gas estimate stays under the budget; when even one round does not fit
 * with every household's books, the books go ahead in update-only calls (the contract takes a
 * call with updates and no round), so a round of any size the block can hold settles. Also the
 * size of a registration call.
 */
import type { EncodedBatch } from './codec';
import type { SettleRound } from './types';

/**
 * Up to 30 simulated days per transaction: per-household writes are paid once per call, so bigger
 * batches cost less per trade (exp2: ~17k gas per trade at 24 rounds, ~6.2k at 720). The queue
 * never waits to fill a batch; it sends whatever is queued, up to this many rounds and the gas
 * budget.
 */
export const DEFAULT_BATCH_ROUNDS = 720;
/** The settler's own budget per transaction, well below a 30M block. */
export const DEFAULT_MAX_GAS_PER_TX = 15_000_000;
/**
 * A single round whose trades alone exceed the budget may use up to this share of the block gas
 * limit (the estimate is ~8% above what the chain charges, so this still leaves headroom).
 */
export const BLOCK_SHARE_FOR_ONE_ROUND = 0.9;

/** What a settle call carries, counted. */
export interface SettleShape {
  readonly rounds: number;
  readonly trades: number;
  /** Households a trade touches (each pays a coin balance write and a Transfer). */
  readonly touched: number;
  readonly updates: number;
  /** Households registered (the call allocates per-household memory). */
  readonly households: number;
}

/**
 * An upper bound of a settle call's gas, from whole-transaction measurements with cold storage
 * (contracts/test/EnergyMarket.blockGas.t.sol; docs/CHAIN.md "Limits and edges"):
 * 40k + 55 per household + 3.2k per round + 4.4k per trade + 11k per touched household + 14.5k
 * per update.
 */
export function estimateSettleGas(s: SettleShape): number {
  return (
    40_000 +
    55 * s.households +
    3_200 * s.rounds +
    4_400 * s.trades +
    11_000 * s.touched +
    14_500 * s.updates
  );
}

/** Registration: about 95k gas per household (two slots, the index, the endowment, events). */
const REGISTER_BASE_GAS = 60_000;
const REGISTER_GAS_PER_HOUSEHOLD = 96_000;

/** Households per registerHouseholds call under `maxGas` (at least 1). */
export function registrationChunk(maxGas: number): number {
  return Math.max(1, Math.floor((maxGas - REGISTER_BASE_GAS) / REGISTER_GAS_PER_HOUSEHOLD));
}

export interface BatchLimits {
  readonly batchRounds: number;
  readonly maxGas: number;
  readonly households: number;
}

/**
 * The head of `queue` that goes into the next settle call. While a round fits with every
 * household updated, rounds join as long as that stays under the budget (books ride along in the
 * same call); when not, rounds join as long as their trades fit, and the books are split off
 * (planUpdates). A batch always holds at least one round.
 */
export function takeBatch(queue: readonly SettleRound[], limits: BatchLimits): SettleRound[] {
  const head = queue[0];
  if (!head) return [];
  const n = limits.households;
  const withBooks = fits([head], n, n, limits.maxGas);
  const updates = withBooks ? n : 0;
  const batch: SettleRound[] = [];
  const touched = new Set<number>();
  let trades = 0;
  for (const r of queue) {
    if (batch.length >= limits.batchRounds) break;
    const more = new Set(touched);
    for (const t of r.trades) {
      more.add(t.buyer);
      more.add(t.seller);
    }
    const gas = estimateSettleGas({
      rounds: batch.length + 1,
      trades: trades + r.trades.length,
      touched: more.size,
      updates,
      households: n,
    });
    if (batch.length > 0 && gas > limits.maxGas) break;
    batch.push(r);
    trades += r.trades.length;
    for (const h of more) touched.add(h);
  }
  return batch;
}

function shapeOf(rounds: readonly SettleRound[], households: number): SettleShape {
  const touched = new Set<number>();
  let trades = 0;
  for (const r of rounds) {
    trades += r.trades.length;
    for (const t of r.trades) {
      touched.add(t.buyer);
      touched.add(t.seller);
    }
  }
  return { rounds: rounds.length, trades, touched: touched.size, updates: 0, households };
}

function fits(rounds: readonly SettleRound[], households: number, updates: number, max: number) {
  return estimateSettleGas({ ...shapeOf(rounds, households), updates }) <= max;
}

/** How an encoded batch goes out: update-only calls, then the call that settles its rounds. */
export interface CallPlan {
  /** Slices [from, to) of the batch's updates sent ahead, each in an update-only call. */
  readonly ahead: readonly (readonly [number, number])[];
  /** The slice [from, to) of updates that rides with the rounds. */
  readonly withRounds: readonly [number, number];
  /** The round call's estimated gas. */
  readonly gas: number;
}

/**
 * Splits `enc`'s updates so every call stays under `maxGas`; the round call itself may take up
 * to `hardCap` when its trades alone exceed the budget. Null when the round call cannot fit even
 * `hardCap` without any update: such a batch (a single round) cannot be split further.
 */
export function planUpdates(
  enc: Pick<EncodedBatch, 'roundCount' | 'tradeCount' | 'touched' | 'updated'>,
  households: number,
  maxGas: number,
  hardCap: number,
): CallPlan | null {
  const base: SettleShape = {
    rounds: enc.roundCount,
    trades: enc.tradeCount,
    touched: enc.touched,
    updates: 0,
    households,
  };
  const k = enc.updated.length;
  const all = estimateSettleGas({ ...base, updates: k });
  if (all <= maxGas) return { ahead: [], withRounds: [0, k], gas: all };
  const bare = estimateSettleGas(base);
  if (bare > hardCap) return null;
  const perUpdate = estimateSettleGas({ ...base, updates: 1 }) - bare;
  const riding = Math.max(0, Math.min(k, Math.floor((maxGas - bare) / perUpdate)));
  const onlyBase = estimateSettleGas({ rounds: 0, trades: 0, touched: 0, updates: 0, households });
  const perCall = Math.max(1, Math.floor((maxGas - onlyBase) / perUpdate));
  const ahead: [number, number][] = [];
  for (let from = 0; from < k - riding; from += perCall) {
    ahead.push([from, Math.min(from + perCall, k - riding)]);
  }
  return {
    ahead,
    withRounds: [k - riding, k],
    gas: estimateSettleGas({ ...base, updates: riding }),
  };
}
