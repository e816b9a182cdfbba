/**
 * createSettler: opens a run's books (setup.ts: the chain checked, a market deployed, reused or
 * resumed, households registered) and hands back the queue that settles the run's rounds
 * (queue.ts). Every failure is a ChainFailure (errors.ts) in one sentence.
 */
import { householdAccounts } from './accounts';
import { createChainClients } from './chain';
import { QueueSettler } from './queue';
import { retryPolicy } from './retry';
import { openBooks } from './setup';
import type { Settler, SettlerOptions } from './types';

/**
 * Opens a run's books and returns the queue that settles its rounds. Rejects with a ChainFailure
 * when the books cannot be opened: at once for a permanent failure, after the retry limit for
 * transient ones.
 */
export async function createSettler(opts: SettlerOptions): Promise<Settler> {
  const c = createChainClients(opts);
  const policy = retryPolicy(opts.retry);
  const accounts = householdAccounts(opts.scenario.households).map((a) => a.address);
  const opened = await openBooks(c, opts, accounts, policy);
  return new QueueSettler(c, opts, opened, accounts, policy);
}
