/**
 * The chain layer: one module knows the contracts (contracts.ts); the rest packs rounds, settles
 * them in batches and reconciles the chain's books with the engine's. Browser- and worker-safe.
 */
export type {
  Deployment,
  Mismatch,
  SettlementStatus,
  SettleRound,
  Settler,
  SettlerOptions,
} from './types';
export {
  ANVIL_CHAIN_ID,
  DEV_MNEMONIC,
  devOperatorKey,
  householdAccounts,
  householdPrivateKey,
} from './accounts';
export { chainFor, createChainClients, type ChainClients } from './clients';
export {
  checkPair,
  deployContracts,
  energyCoinAbi,
  energyMarketAbi,
  expectedAddresses,
  parseDeployment,
  settlementAbi,
} from './contracts';
export { encodeBatch, EMPTY_BOOKS, type Books, type EncodedBatch } from './codec';
export { compareBooks, describeMismatch, readBooks, type ChainBooks } from './reconcile';
export {
  createSettler,
  DEFAULT_BATCH_ROUNDS,
  DEFAULT_MAX_GAS_PER_TX,
  describeChainError,
  estimateSettleGas,
  openSettler,
} from './settler';
