/**
 * createSettler: opens a run's books (setup.ts: the chain checked, a market deployed, reused or
 * resumed, households registered) and hands back the queue that settles the run's rounds
 * (queue.ts). Every failure is a ChainFailure (errors.ts) in one sentence.
 */
import { householdAccounts } from './accounts';
import { createChainClients } from './chain';
import { ChainFailure } from './errors';
import { QueueSettler } from './queue';
import { retryPolicy } from './retry';
import { openBooks } from './setup';
import type { Settler, SettlerOptions } from './types';
import type { Scenario } from '../engine';

/**
 * What of a scenario the contracts cannot settle, in one sentence, or null. Coins change on
 * chain only by the endowment and trades, so the thesis code's coin purchases with money
 * (`coins.whenShort` buy-cost) would make every reconciliation fail; refused before anything is
 * deployed.
 */
export function chainUnsupported(s: Partial<Pick<Scenario, 'coins'>>): string | null {
  if (s.coins?.whenShort === 'buy-cost') {
    return 'scenario.coins.whenShort: got "buy-cost"; allowed on chain: "cap-order" (the contracts have no coin purchase with money, so the thesis code\'s coin top-ups settle off chain only: run without a chain, or set coins.whenShort=cap-order)';
  }
  return null;
}

/**
 * Opens a run's books and returns the queue that settles its rounds. Rejects with a ChainFailure
 * when the books cannot be opened: at once for a permanent failure, after the retry limit for
 * transient ones.
 */
export async function createSettler(opts: SettlerOptions): Promise<Settler> {
  const unsupported = chainUnsupported(opts.scenario);
  if (unsupported) throw new ChainFailure('permanent', 'unsupported', unsupported);
  const c = createChainClients(opts);
  const policy = retryPolicy(opts.retry);
  const accounts = householdAccounts(opts.scenario.households).map((a) => a.address);
  const opened = await openBooks(c, opts, accounts, policy);
  return new QueueSettler(c, opts, opened, accounts, policy);
}
