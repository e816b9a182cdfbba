/**
 * The chain's identity and the viem clients that talk to it. Every chain object in the project
 * (the settler's, the CLI's, the page's wallet config) comes from chainFor, so a chain has one
 * name and one id wherever it appears.
 */
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Account,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

/** Anvil's chain id: the only chain where the public dev keys may be used. */
export const ANVIL_CHAIN_ID = 31337;

/** The chain at `rpcUrl`, named so a wallet can add it. */
export function chainFor(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name:
      chainId === ANVIL_CHAIN_ID ? 'Anvil (local energy market)' : `Energy market chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

export interface ChainClients {
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  account: Account;
}

/**
 * viem clients for one RPC endpoint. Receipts are polled every ~50 ms instead of viem's 4 s
 * default (a chain without block time would otherwise look slow), and viem's own retries are off:
 * the settler decides when to retry, so it knows what was sent.
 */
export function createChainClients(opts: {
  rpcUrl: string;
  chainId: number;
  operatorKey: Hex;
  pollingIntervalMs?: number;
  timeoutMs?: number;
}): ChainClients {
  const chain = chainFor(opts.chainId, opts.rpcUrl);
  const transport = http(opts.rpcUrl, { retryCount: 0, timeout: opts.timeoutMs ?? 5_000 });
  const pollingInterval = opts.pollingIntervalMs ?? 50;
  const account = privateKeyToAccount(opts.operatorKey);
  return {
    chain,
    account,
    publicClient: createPublicClient({ chain, transport, pollingInterval }),
    walletClient: createWalletClient({ chain, transport, account, pollingInterval }),
  };
}
