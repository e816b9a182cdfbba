/**
 * What the chain got, asked after a failure: a lost response may hide a success, and a node may
 * have lost or rolled back what it had. The queue calls these before it sends again, so no round
 * is dropped or sent twice, and it adopts only rounds its own run settled: the market must still
 * have code, this run's id and operator, and at least the rounds this run saw confirmed.
 */
import type { Address, Hash, TransactionReceipt } from 'viem';
import type { ChainClients } from './chain';
import { checkMarket, energyMarketAbi } from './contracts';
import type { Deployment } from './deployment';
import { ChainFailure, notFoundAsNull } from './errors';

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
  for (let poll = 0; ; poll++) {
    const receipt = await c.publicClient.getTransactionReceipt({ hash }).catch(notFoundAsNull);
    if (receipt) return receipt;
    if (opts.isClosed()) {
      throw new ChainFailure('permanent', 'other', `closed while transaction ${hash} was pending`);
    }
    if (Date.now() > deadline) {
      throw new ChainFailure(
        'transient',
        'unreachable',
        `transaction ${hash} not mined after ${RECEIPT_TIMEOUT_MS / 1000} s`,
      );
    }
    // A node that was rolled back or restarted forgets a sent transaction: waiting would not end.
    if (poll % 8 === 7) {
      const known = await c.publicClient.getTransaction({ hash }).catch(notFoundAsNull);
      if (!known) {
        throw new ChainFailure(
          'transient',
          'other',
          `the node no longer knows transaction ${hash} (rolled back or restarted?)`,
        );
      }
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

/**
 * How many rounds this run's market has settled, or the permanent failure that says why the
 * market can no longer be trusted as this run's: no code (the node lost its state), another run
 * id or operator (another run's market at the same deterministic address), fewer households or
 * rounds than this run confirmed (rolled back), more rounds than it ever sent.
 */
export async function settledRoundsOfRun(
  c: Pick<ChainClients, 'publicClient'>,
  d: Deployment,
  expect: { operator: Address; households: number; confirmed: number; sendable: number },
): Promise<number> {
  const at = `${d.contracts.EnergyMarket} on ${d.rpcUrl}`;
  const check = await checkMarket(c, d.contracts, { operator: expect.operator, runId: d.runId });
  if (!check.ok) {
    if (check.noCode) {
      throw new ChainFailure(
        'permanent',
        'lost-state',
        `the market ${at} has no code any more: the node lost its state (restarted without it)`,
      );
    }
    throw new ChainFailure(
      'permanent',
      'other-run',
      `the market ${at} is not this run's any more (${check.reason}); its rounds are not adopted`,
    );
  }
  const onChain = Number(check.settledRounds);
  if (Number(check.householdCount) < expect.households || onChain < expect.confirmed) {
    throw new ChainFailure(
      'permanent',
      'rolled-back',
      `the node was rolled back: the market ${at} holds ${onChain} settled rounds and ${check.householdCount} households, but this run had ${expect.confirmed} rounds and ${expect.households} households confirmed`,
    );
  }
  if (onChain > expect.confirmed + expect.sendable) {
    throw new ChainFailure(
      'permanent',
      'other-run',
      `the market ${at} reports ${onChain} settled rounds, more than the ${expect.confirmed + expect.sendable} this run could have sent`,
    );
  }
  return onChain;
}

/**
 * Before a transaction goes to the market: it still has code and this run's id. One eth_call; it
 * keeps a settle from landing on nothing (a node restarted without state accepts a call to an
 * address without code) or on another run's market at the same deterministic address.
 */
export async function assertRunMarket(
  c: Pick<ChainClients, 'publicClient'>,
  d: Deployment,
): Promise<void> {
  const at = `${d.contracts.EnergyMarket} on ${d.rpcUrl}`;
  const code = await c.publicClient.getCode({ address: d.contracts.EnergyMarket });
  if (!code || code === '0x') {
    throw new ChainFailure(
      'permanent',
      'lost-state',
      `the market ${at} has no code any more: the node lost its state (restarted without it)`,
    );
  }
  const runId = await c.publicClient.readContract({
    address: d.contracts.EnergyMarket,
    abi: energyMarketAbi,
    functionName: 'runId',
  });
  if (runId.toLowerCase() !== d.runId.toLowerCase()) {
    throw new ChainFailure(
      'permanent',
      'other-run',
      `the market ${at} now belongs to run ${runId}, not this run (${d.runId}): the node was replaced, and its rounds are not adopted`,
    );
  }
}

/** The operator's next nonce, pending transactions included. */
export function pendingNonce(c: ChainClients): Promise<number> {
  return c.publicClient.getTransactionCount({ address: c.account.address, blockTag: 'pending' });
}
