import { createConfig, http, injected, type Config } from 'wagmi';
import { defineChain, type Chain } from 'viem';
import type { PageDeployment } from '../../store/deployment';

/** The chain the page was deployed to, named so a wallet can add it. */
export function localChain(d: PageDeployment): Chain {
  return defineChain({
    id: d.chainId,
    name: d.chainId === 31337 ? 'Anvil (local energy market)' : `Energy market chain ${d.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [d.rpcUrl] } },
  });
}

/**
 * Wallet config: any EIP-6963 wallet is discovered (wagmi's multi-injected discovery), plus the
 * legacy window.ethereum for wallets that do not announce themselves.
 */
export function createWalletConfig(d: PageDeployment): Config {
  const chain = localChain(d);
  return createConfig({
    chains: [chain],
    connectors: [injected()],
    transports: { [chain.id]: http(d.rpcUrl) },
    multiInjectedProviderDiscovery: true,
    pollingInterval: 500,
  });
}
