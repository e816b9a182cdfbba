/**
 * Opens a run's books: checks the chain, then a fresh market (one deployment transaction with a
 * new run id; or a given market whose books are still fresh and whose parameters fit; or, on
 * resume, the run's own market), and the scenario's households registered with their dev
 * accounts in calls that fit the gas budget (each gets its endowment as it is registered).
 *
 * Every step is retried under the one retry rule (retry.ts) and is safe to repeat after a lost
 * answer: a deployment is looked for at the address its nonce gave it before another is sent, and
 * registration always continues from the market's own householdCount.
 */
import type { Address, Hex } from 'viem';
import { DEFAULT_MAX_GAS_PER_TX, registrationChunk } from './batching';
import { createChainClients, type ChainClients } from './chain';
import { encodeRegistrations } from './codec';
import {
  checkMarket,
  deploymentOf,
  energyMarketAbi,
  expectedAddresses,
  marketConfigFor,
  newRunId,
  pairOf,
  scenarioPriceReach,
  sendDeployment,
  settlementAbi,
  type MarketConfig,
  type PriceReach,
} from './contracts';
import type { Deployment, PairAddresses } from './deployment';
import { ChainFailure } from './errors';
import { pendingNonce, pollReceipt } from './resync';
import { retrying, retryPolicy, type RetryPolicy } from './retry';
import type { SettlerOptions } from './types';

export interface OpenedBooks {
  deployment: Deployment;
  config: MarketConfig;
  /** Rounds the market had settled already (resume); 0 for a fresh market. */
  settledRounds: number;
  /** The chain's block gas limit. */
  blockGasLimit: number;
  /** A given market was used (fresh, fitting) instead of a new deployment. */
  reused: boolean;
}

type MarketOptions = Pick<
  SettlerOptions,
  | 'rpcUrl'
  | 'chainId'
  | 'scenario'
  | 'priceReach'
  | 'deployment'
  | 'resume'
  | 'pollingIntervalMs'
  | 'maxGasPerTx'
  | 'onMarket'
  | 'onRetry'
>;

function stepper(rpcUrl: string, policy: RetryPolicy, onRetry?: (message: string) => void) {
  return <T>(what: string, fn: () => Promise<T>, abi = false) =>
    retrying(fn, {
      rpcUrl,
      what,
      policy,
      ...(abi ? { abi: settlementAbi } : {}),
      onFailure: (f) => {
        if (!f.permanent) onRetry?.(f.message);
      },
    });
}

/** The run's market: resumed, a given fresh one that fits, or a new deployment. */
async function openMarket(
  c: ChainClients,
  opts: MarketOptions,
  policy: RetryPolicy,
): Promise<OpenedBooks> {
  const rpcUrl = opts.rpcUrl;
  const step = stepper(rpcUrl, policy, opts.onRetry);
  const poll = { intervalMs: opts.pollingIntervalMs ?? 50, isClosed: () => false };
  const served = await step('eth_chainId', () => c.publicClient.getChainId());
  if (served !== opts.chainId) {
    throw new ChainFailure(
      'permanent',
      'wrong-chain',
      `the node at ${rpcUrl} serves chain ${served}, not chain ${opts.chainId}`,
    );
  }
  const block = await step('reading the latest block', () => c.publicClient.getBlock());
  const config = marketConfigFor(
    opts.scenario,
    opts.priceReach ?? scenarioPriceReach(opts.scenario),
  );
  const operator = c.account.address;
  const opened = (deployment: Deployment, settledRounds: number, reused: boolean) => ({
    deployment,
    config,
    settledRounds,
    blockGasLimit: Number(block.gasLimit),
    reused,
  });

  if (opts.resume) {
    const r = opts.resume;
    const check = await step('checking the market to resume', () =>
      checkMarket(c, r.contracts, { operator, runId: r.runId, config }),
    );
    if (!check.ok) {
      throw new ChainFailure(
        'permanent',
        check.noCode ? 'lost-state' : 'other-run',
        `cannot resume on ${r.contracts.EnergyMarket} at ${rpcUrl}: ${check.reason}${check.noCode ? ' (the node lost its state)' : ''}`,
      );
    }
    const d = deploymentOf(opts.chainId, rpcUrl, r.runId, r.contracts);
    return opened(d, Number(check.settledRounds), true);
  }
  if (opts.deployment && opts.deployment.chainId === opts.chainId) {
    const given = opts.deployment;
    const check = await step('checking the given market', () =>
      checkMarket(c, given.contracts, { operator, config }).catch(() => null),
    );
    if (check?.ok && check.householdCount === 0n && check.settledRounds === 0n) {
      return opened(deploymentOf(opts.chainId, rpcUrl, check.runId, given.contracts), 0, true);
    }
  }
  const runId = newRunId();
  const contracts = await deploy(c, runId, config, poll, (what, fn) => step(what, fn, true));
  return opened(deploymentOf(opts.chainId, rpcUrl, runId, contracts), 0, false);
}

/**
 * Opens a run's books: its market (openMarket), announced through `onMarket`, then every
 * household registered, continuing from the market's own householdCount.
 */
export async function openBooks(
  c: ChainClients,
  opts: MarketOptions,
  accounts: readonly Address[],
  policy: RetryPolicy,
): Promise<OpenedBooks> {
  const books = await openMarket(c, opts, policy);
  opts.onMarket?.(books.deployment);
  const step = stepper(opts.rpcUrl, policy, opts.onRetry);
  const poll = { intervalMs: opts.pollingIntervalMs ?? 50, isClosed: () => false };
  const market = books.deployment.contracts.EnergyMarket;
  const areas = opts.scenario.pv.areasM2;
  const chunk = registrationChunk(
    Math.min(opts.maxGasPerTx ?? DEFAULT_MAX_GAS_PER_TX, books.blockGasLimit),
  );
  for (;;) {
    const done = await step(
      'registerHouseholds',
      async () => {
        // Continue from what the market holds, so a call whose answer was lost is not repeated.
        const count = Number(
          await c.publicClient.readContract({
            address: market,
            abi: energyMarketAbi,
            functionName: 'householdCount',
          }),
        );
        if (count >= accounts.length) return true;
        const slice = accounts.slice(count, count + chunk);
        const hash = await c.walletClient.writeContract({
          address: market,
          abi: settlementAbi,
          functionName: 'registerHouseholds',
          args: [
            encodeRegistrations(
              slice.map((account, k) => ({ account, hasPv: (areas[count + k] ?? 0) > 0 })),
            ),
          ],
        });
        const receipt = await pollReceipt(c, hash, poll);
        if (receipt.status !== 'success') {
          throw new ChainFailure(
            'permanent',
            'reverted',
            `registerHouseholds of households ${count}..${count + slice.length - 1} reverted (tx ${hash})`,
          );
        }
        return false;
      },
      true,
    );
    if (done) break;
  }
  return books;
}

/**
 * A market for `scenario` without households (script/deploy.ts: the page's first run reuses it
 * while it is fresh): `reuse` when that market still fits, else a new deployment.
 */
export async function deployMarket(opts: {
  rpcUrl: string;
  chainId: number;
  operatorKey: Hex;
  scenario: SettlerOptions['scenario'];
  priceReach?: PriceReach;
  reuse?: Pick<Deployment, 'chainId' | 'contracts'>;
  retry?: Partial<RetryPolicy>;
}): Promise<{ deployment: Deployment; reused: boolean }> {
  const c = createChainClients(opts);
  const books = await openMarket(
    c,
    { ...opts, ...(opts.reuse ? { deployment: opts.reuse } : {}) },
    retryPolicy(opts.retry),
  );
  return { deployment: books.deployment, reused: books.reused };
}

/**
 * One deployment, safe to retry: each attempt first looks at the addresses earlier attempts'
 * nonces gave the market and adopts one that holds this run's id (its answer was lost), so a
 * retry never leaves two markets of one run.
 */
async function deploy(
  c: ChainClients,
  runId: Hex,
  config: MarketConfig,
  poll: { intervalMs: number; isClosed: () => boolean },
  step: <T>(what: string, fn: () => Promise<T>) => Promise<T>,
): Promise<PairAddresses> {
  const operator = c.account.address;
  const tried: PairAddresses[] = [];
  return step('deploying the market', async () => {
    for (const at of tried) {
      const found = await checkMarket(c, at, { operator, runId });
      if (found.ok) return at;
    }
    const nonce = await pendingNonce(c);
    const at = expectedAddresses(operator, BigInt(nonce));
    tried.push(at);
    const hash = await sendDeployment(c, runId, config, nonce);
    const receipt = await pollReceipt(c, hash, poll);
    if (receipt.status !== 'success' || !receipt.contractAddress) {
      throw new ChainFailure(
        'permanent',
        'reverted',
        `the market's deployment reverted (tx ${hash})`,
      );
    }
    return pairOf(receipt.contractAddress);
  });
}
