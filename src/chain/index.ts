/**
 * The chain layer's public entry: the page, the worker, the CLI and the scripts import the chain
 * through this file alone. One module knows the contracts (contracts.ts), one the deployment
 * (deployment.ts), one the chain's identity (chain.ts), one every packed word (codec.ts); the
 * settler sets up a run's books (setup.ts) and settles its rounds in batches (queue.ts,
 * batching.ts, resync.ts); reconcile.ts compares the chain's books with the engine's.
 * Browser- and worker-safe: no Node APIs.
 */
export type {
  Mismatch,
  ScoreEntry,
  SettlementStatus,
  SettleRound,
  Settler,
  SettlerOptions,
} from './types';
export {
  DEV_MNEMONIC,
  devOperatorKey,
  householdAccounts,
  householdHdIndex,
  householdPrivateKey,
  KeyRefusedError,
  operatorKeyFor,
  PUBLIC_DEV_KEYS,
  publicDevKeyIndex,
} from './accounts';
export { ANVIL_CHAIN_ID, chainFor, createChainClients, type ChainClients } from './chain';
export {
  isRunId,
  parseDeployment,
  probeChainId,
  type Deployment,
  type PairAddresses,
} from './deployment';
export {
  checkMarket,
  energyCoinAbi,
  energyMarketAbi,
  expectedAddresses,
  livePriceReach,
  marketConfigFor,
  scenarioPriceReach,
  type MarketConfig,
  type PriceReach,
} from './contracts';
export { ChainFailure, type FailureCode, type FailureKind } from './errors';
export { DEFAULT_RETRY, retrying, type RetryPolicy } from './retry';
export { deployMarket } from './setup';
export { describeMismatch } from './reconcile';
export { booksHash, type HashedBooks } from './booksHash';
export {
  compareSettledRound,
  createChainReader,
  readHouseholdTrades,
  readMarketHoldings,
  readSettledRound,
  readSettlementTxs,
  type MarketHoldings,
  type RoundRecordOnChain,
  type SettledRound,
  type SettlementTx,
  type TradeOnChain,
} from './readback';
export { DEFAULT_BATCH_ROUNDS } from './batching';
export { chainUnsupported, createSettler } from './settler';
export {
  chainNowSeconds,
  encodeSeatLimits,
  followRoundOrders,
  followTakers,
  orderRefusal,
  personOrderOf,
  readPeopleRound,
  readRoundOrders,
  readRoundSeats,
  readTakers,
  refusalFor,
  releaseHouseholdData,
  releaseRefusal,
  submitOrderData,
  takeHouseholdData,
  takeRefusal,
  type ChainOrder,
  type MarketRefusal,
  type OrderRefusal,
  type TakersFollower,
  type PeopleRoundState,
  type RoundOrdersFollower,
  type SeatLimits,
} from './people';
export {
  followLiveMarket,
  type ChainBooks,
  type FollowedRound,
  type LiveMarket,
  type LiveMarketFollower,
  type PostedScore,
} from './follow';
