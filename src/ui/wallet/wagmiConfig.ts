import { createConfig, http, injected, type Config } from 'wagmi';
import { chainFor, type Deployment } from '../../chain';

/**
 * Wallet config for the chain the page was deployed to (the chain layer's one definition, so a
 * wallet adds it under the same name and id everywhere). Any EIP-6963 wallet is discovered
 * (wagmi's multi-injected discovery), plus the legacy window.ethereum for wallets that do not
 * announce themselves.
 */
export function createWalletConfig(d: Deployment): Config {
  const chain = chainFor(d.chainId, d.rpcUrl);
  return createConfig({
    chains: [chain],
    connectors: [injected()],
    transports: { [chain.id]: http(d.rpcUrl) },
    multiInjectedProviderDiscovery: true,
    pollingInterval: 500,
  });
}
