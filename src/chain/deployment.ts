/**
 * Where a run's books live: the Deployment's one type, its one parser, and the probe that asks an
 * RPC which chain it serves. script/deploy.ts writes a Deployment (public/deployment.json), the
 * page and the worker read it, and every caller that needs a chain id asks probeChainId.
 */
import { createPublicClient, http, isAddress, type Address, type Hex } from 'viem';
import { ChainFailure, classifyChainError } from './errors';

/** The coin/market pair's addresses. */
export interface PairAddresses {
  readonly EnergyCoin: Address;
  readonly EnergyMarket: Address;
}

export interface Deployment {
  readonly chainId: number;
  readonly rpcUrl: string;
  /** The run these books belong to (the market's immutable runId): 32 random bytes per run. */
  readonly runId: Hex;
  readonly contracts: PairAddresses;
}

const RUN_ID = /^0x[0-9a-fA-F]{64}$/;

/** A run id as the market takes it: 0x and 64 hex digits, not all zero. */
export function isRunId(v: unknown): v is Hex {
  return typeof v === 'string' && RUN_ID.test(v) && BigInt(v) !== 0n;
}

const CONTRACTS = ['EnergyCoin', 'EnergyMarket'] as const;

const shown = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/**
 * Checks Deployment JSON (e.g. public/deployment.json); an error names `source`, the field, the
 * value as given and what is allowed.
 */
export function parseDeployment(value: unknown, source = 'deployment'): Deployment {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(
      `${source}: expected an object of chainId, rpcUrl, runId, contracts, got ${shown(value)}`,
    );
  }
  const v = value as Record<string, unknown>;
  const { chainId, rpcUrl, runId } = v;
  if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new Error(`${source}: chainId must be a positive integer, got ${shown(chainId)}`);
  }
  if (typeof rpcUrl !== 'string' || !/^https?:\/\/\S+$/.test(rpcUrl)) {
    throw new Error(`${source}: rpcUrl must be an http(s) URL, got ${shown(rpcUrl)}`);
  }
  if (!isRunId(runId)) {
    throw new Error(
      `${source}: runId must be 0x and 64 hex digits, not all zero, got ${shown(runId)}`,
    );
  }
  const c = v.contracts;
  const contracts = (typeof c === 'object' && c !== null ? c : {}) as Record<string, unknown>;
  for (const name of CONTRACTS) {
    const a = contracts[name];
    if (typeof a !== 'string' || !isAddress(a)) {
      throw new Error(`${source}: contracts.${name} must be a 0x address, got ${shown(a)}`);
    }
  }
  return {
    chainId,
    rpcUrl,
    runId,
    contracts: {
      EnergyCoin: contracts.EnergyCoin as Address,
      EnergyMarket: contracts.EnergyMarket as Address,
    },
  };
}

/**
 * The chain id the node at `rpcUrl` serves (eth_chainId, no retries). Rejects with a ChainFailure
 * whose message is one line: `unreachable` (transient) when nothing answers in time, `not-rpc`
 * (permanent) when something answers that is no JSON-RPC node (an HTML page, JSON without a
 * result).
 */
export async function probeChainId(rpcUrl: string, timeoutMs = 5_000): Promise<number> {
  const client = createPublicClient({
    transport: http(rpcUrl, { retryCount: 0, timeout: timeoutMs }),
  });
  let answer: unknown;
  try {
    answer = await client.request({ method: 'eth_chainId' });
  } catch (e) {
    throw classifyChainError(e, { rpcUrl, what: 'eth_chainId' });
  }
  if (typeof answer !== 'string' || !/^0x[0-9a-fA-F]{1,16}$/.test(answer)) {
    throw new ChainFailure(
      'permanent',
      'not-rpc',
      `the server at ${rpcUrl} answered eth_chainId with ${answer === undefined ? 'no result' : shown(answer).slice(0, 40)}: it is not an Ethereum JSON-RPC node`,
    );
  }
  return Number(BigInt(answer));
}
