/**
 * viem clients for one RPC endpoint. Receipts are polled every ~50 ms instead of viem's 4 s
 * default (a chain without block time would otherwise look slow), and viem's own retries are off:
 * the settler decides when to retry, so it knows what was sent.
 */
import {
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  type Account,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

export interface ChainClients {
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
  account: Account;
}

export function chainFor(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: chainId === 31337 ? 'Anvil' : `Chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

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
