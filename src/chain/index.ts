/**
 * The chain layer's public entry: the page, the worker, the CLI and the scripts import the chain
 * through this file alone. One module knows the contracts (contracts.ts), one the deployment
 * (deployment.ts), one the chain's identity (chain.ts), one every packed word (codec.ts); the
 * settler sets up a run's books (setup.ts) and settles its rounds in batches (queue.ts,
 * batching.ts, resync.ts); reconcile.ts compares the chain's books with the engine's.
 * Browser- and worker-safe: no Node APIs.
 */
export type { Mismatch, SettlementStatus, SettleRound, Settler, SettlerOptions } from './types';
export {
  DEV_MNEMONIC,
  devOperatorKey,
  householdAccounts,
  householdPrivateKey,
  operatorKeyFor,
} from './accounts';
export { ANVIL_CHAIN_ID, chainFor, createChainClients, type ChainClients } from './chain';
export { parseDeployment, probeChainId, type Deployment, type PairAddresses } from './deployment';
export {
  checkPair,
  deployContracts,
  energyCoinAbi,
  energyMarketAbi,
  expectedAddresses,
} from './contracts';
export { describeMismatch } from './reconcile';
export { DEFAULT_BATCH_ROUNDS } from './batching';
export { createSettler } from './settler';
