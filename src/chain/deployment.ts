/**
 * Where a run's books live: the Deployment's one type, its one parser, and the probe that asks an
 * RPC which chain it serves. script/deploy.ts writes a Deployment (public/deployment.json), the
 * page and the worker read it, and every caller that needs a chain id asks probeChainId.
 */
import { BaseError, createPublicClient, http, isAddress, type Address } from 'viem';

/** The coin/market pair's addresses. */
export interface PairAddresses {
  readonly EnergyCoin: Address;
  readonly EnergyMarket: Address;
}

export interface Deployment {
  readonly chainId: number;
  readonly rpcUrl: string;
  readonly contracts: PairAddresses;
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
      `${source}: expected an object of chainId, rpcUrl, contracts, got ${shown(value)}`,
    );
  }
  const v = value as Record<string, unknown>;
  const { chainId, rpcUrl } = v;
  if (typeof chainId !== 'number' || !Number.isSafeInteger(chainId) || chainId <= 0) {
    throw new Error(`${source}: chainId must be a positive integer, got ${shown(chainId)}`);
  }
  if (typeof rpcUrl !== 'string' || !/^https?:\/\/\S+$/.test(rpcUrl)) {
    throw new Error(`${source}: rpcUrl must be an http(s) URL, got ${shown(rpcUrl)}`);
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
    contracts: {
      EnergyCoin: contracts.EnergyCoin as Address,
      EnergyMarket: contracts.EnergyMarket as Address,
    },
  };
}

/**
 * The chain id the node at `rpcUrl` serves (eth_chainId, no retries). When nothing answers, rejects
 * with an Error whose message is one line saying why (viem's run to many), the cause attached.
 */
export async function probeChainId(rpcUrl: string, timeoutMs = 5_000): Promise<number> {
  const client = createPublicClient({
    transport: http(rpcUrl, { retryCount: 0, timeout: timeoutMs }),
  });
  try {
    return await client.getChainId();
  } catch (e) {
    const reason =
      e instanceof BaseError
        ? e.details && e.details !== e.shortMessage
          ? `${e.shortMessage} ${e.details}`
          : e.shortMessage
        : e instanceof Error
          ? e.message
          : String(e);
    throw new Error(reason.split('\n')[0] ?? reason, { cause: e });
  }
}
