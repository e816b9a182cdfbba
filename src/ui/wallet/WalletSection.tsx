import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo } from 'react';
import { WagmiProvider } from 'wagmi';
import { useSim } from '../../store/simStore';
import { JoinPanel } from '../join/JoinPanel';
import { HouseholdPage } from './HouseholdPage';
import { MetaMaskGuide } from './MetaMaskGuide';
import { createWalletConfig } from './wagmiConfig';
import { WalletPanel } from './WalletPanel';

/** The wallet side of the page; it reads the chain only, never the engine. */
export function WalletSection() {
  const deployment = useSim((s) => s.deployment);
  const d = deployment?.ok ? deployment.deployment : null;
  const config = useMemo(() => (d ? createWalletConfig(d) : null), [d]);
  const queryClient = useMemo(() => new QueryClient(), []);
  if (!deployment) return null;
  if (!d || !config) {
    return (
      <section className="panel" aria-labelledby="wallet-title">
        <h2 id="wallet-title">Household wallet</h2>
        <p className="note">
          The wallet needs the chain. {deployment.ok ? '' : deployment.problem}
        </p>
      </section>
    );
  }
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <JoinPanel deployment={d} />
        <WalletPanel deployment={d} />
        <HouseholdPage />
        <MetaMaskGuide deployment={d} />
      </QueryClientProvider>
    </WagmiProvider>
  );
}
