/**
 * createSettler: checks the chain, opens a run's books (setup.ts) and hands back the queue that
 * settles the run's rounds (queue.ts).
 */
import { householdAccounts } from './accounts';
import { createChainClients } from './chain';
import { QueueSettler } from './queue';
import { setUpBooks } from './setup';
import type { Settler, SettlerOptions } from './types';

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
