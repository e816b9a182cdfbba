/**
 * How many queued rounds go into one settle transaction: as many as `batchRounds` allows while a
 * conservative gas estimate stays under the budget (a batch always holds at least one round).
 */
import type { SettleRound } from './types';

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

/** The head of `queue` that goes into the next transaction. */
export function takeBatch(
  queue: readonly SettleRound[],
  limits: { batchRounds: number; maxGas: number; households: number },
): SettleRound[] {
  const batch: SettleRound[] = [];
  let trades = 0;
  for (const r of queue) {
    if (batch.length >= limits.batchRounds) break;
    const gas = estimateSettleGas(batch.length + 1, trades + r.trades.length, limits.households);
    if (batch.length > 0 && gas > limits.maxGas) break;
    batch.push(r);
    trades += r.trades.length;
  }
  return batch;
}
