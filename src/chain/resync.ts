/**
 * What the chain got, asked after a failure: a lost response may hide a success. The queue calls
 * these before it sends again, so no round is dropped or sent twice.
 */
import type { Address, Hash, TransactionReceipt } from 'viem';
import type { ChainClients } from './chain';
import { energyMarketAbi } from './contracts';
import { notFoundAsNull } from './errors';

const RECEIPT_TIMEOUT_MS = 120_000;

/**
 * Polls for a receipt: fast at first (Anvil mines at once), slower later (a real chain's blocks
 * take seconds). Unlike viem's waitForTransactionReceipt, which keeps polling through network
 * errors until its timeout, an unreachable node fails here at once, so the status says so within
 * one request timeout; the queue's resync then picks the transaction up again.
 */
export async function pollReceipt(
  c: Pick<ChainClients, 'publicClient'>,
  hash: Hash,
  opts: { intervalMs: number; isClosed: () => boolean },
): Promise<TransactionReceipt> {
  let interval = opts.intervalMs;
  const deadline = Date.now() + RECEIPT_TIMEOUT_MS;
  for (;;) {
    const receipt = await c.publicClient.getTransactionReceipt({ hash }).catch(notFoundAsNull);
    if (receipt) return receipt;
    if (opts.isClosed()) throw new Error(`settler closed while transaction ${hash} was pending`);
    if (Date.now() > deadline) {
      throw new Error(`transaction ${hash} not mined after ${RECEIPT_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, interval));
    interval = Math.min(interval * 1.5, 1_000);
  }
}

/**
 * The receipt of a transaction whose answer was lost: mined, or still in the node's pool (then
 * waited for rather than sent again); null when the node never kept it.
 */
export async function lostTransactionReceipt(
  c: Pick<ChainClients, 'publicClient'>,
  hash: Hash,
  wait: (hash: Hash) => Promise<TransactionReceipt>,
): Promise<TransactionReceipt | null> {
  const receipt = await c.publicClient.getTransactionReceipt({ hash }).catch(notFoundAsNull);
  if (receipt) return receipt;
  const pending = await c.publicClient.getTransaction({ hash }).catch(notFoundAsNull);
  return pending ? wait(hash) : null;
}

/** How many rounds the market has settled. */
export async function settledRoundsOnChain(
  c: Pick<ChainClients, 'publicClient'>,
  market: Address,
): Promise<number> {
  return Number(
    await c.publicClient.readContract({
      address: market,
      abi: energyMarketAbi,
      functionName: 'settledRounds',
    }),
  );
}

/**
 * Rounds the chain settled that the queue has not seen confirmed (their answers were lost);
 * throws when the chain's count cannot be explained by what was queued.
 */
export function unseenSettledRounds(
  onChain: number,
  counts: { confirmed: number; queued: number; simulated: number },
): number {
  if (onChain < counts.confirmed) {
    throw new Error(
      `chain reports ${onChain} settled rounds but ${counts.confirmed} were confirmed: the node lost state`,
    );
  }
  const extra = onChain - counts.confirmed;
  if (extra > counts.queued) {
    throw new Error(
      `chain reports ${onChain} settled rounds, more than the ${counts.simulated} simulated`,
    );
  }
  return extra;
}

/** The operator's next nonce, pending transactions included. */
export function pendingNonce(c: ChainClients): Promise<number> {
  return c.publicClient.getTransactionCount({ address: c.account.address, blockTag: 'pending' });
}
