import { useDeferredValue, useEffect } from 'react';
import { useConnection, useDisconnect, useSwitchChain } from 'wagmi';
import { ConnectControls } from './ConnectControls';
import type { Deployment } from '../../chain';
import { useSim } from '../../store/simStore';
import { HouseholdChainView } from './HouseholdChainView';
import { OwnershipCheck } from './OwnershipCheck';
import { StrangerOrder, TradePanel } from './TradePanel';
import { useHouseholdIndex } from './useHouseholdIndex';

/** Connect a wallet, get onto the local chain, and see the connected household's books. */
export function WalletPanel({ deployment }: { deployment: Deployment }) {
  const connection = useConnection();
  const disconnect = useDisconnect();
  const switchChain = useSwitchChain();
  // Deferred: the market opens on chain in a worker message, and mounting the chain view then
  // (its contract reads and their first fetches) inside that message's task was one task of
  // 105 ms at 1,000 households (page1000's trace, Worker.onmessage); as a deferred value it
  // renders in a transition of its own, in slices, and its effects run after it.
  const market = useDeferredValue(useSim((s) => s.chain.marketAddress) as `0x${string}` | null);

  return (
    <section className="panel" aria-labelledby="wallet-title">
      <h2 id="wallet-title">Household wallet</h2>
      {connection.status !== 'connected' ? (
        <ConnectControls />
      ) : (
        <>
          <p>
            Connected{' '}
            <span className="mono" data-testid="wallet-address">
              {connection.address}
            </span>{' '}
            via {connection.connector?.name}.{' '}
            <button type="button" onClick={() => disconnect.mutate({})}>
              Disconnect
            </button>
          </p>
          {connection.chainId !== deployment.chainId ? (
            <p className="warn-box">
              Your wallet is on chain {connection.chainId}; the market runs on chain{' '}
              {deployment.chainId}.{' '}
              <button
                type="button"
                onClick={() => switchChain.mutate({ chainId: deployment.chainId })}
              >
                Switch to the local chain
              </button>
              {switchChain.error ? (
                <span className="hint"> {switchChain.error.message.split('\n')[0]}</span>
              ) : null}
            </p>
          ) : null}
          {market && connection.address ? (
            <ConnectedHousehold market={market} address={connection.address} />
          ) : (
            <p className="note">Waiting for the run's market to open on chain…</p>
          )}
        </>
      )}
    </section>
  );
}

function ConnectedHousehold({
  market,
  address,
}: {
  market: `0x${string}`;
  address: `0x${string}`;
}) {
  const own = useHouseholdIndex(market, address);
  const mine = own.status === 'household' ? own.index : null;
  // The connected household is the highlighted one everywhere: charts, inspector, household page.
  useEffect(() => {
    if (mine !== null) useSim.getState().selectHousehold(mine);
  }, [mine]);
  if (own.status === 'loading')
    return <p className="note">Looking up this account on the market…</p>;
  if (own.status === 'household') {
    return (
      <>
        <OwnershipCheck address={address} />
        <TradePanel household={own.index} address={address} />
        <HouseholdChainView
          market={market}
          index={own.index}
          title={`Your household: ${own.index}`}
        />
      </>
    );
  }
  return (
    <>
      <p className="note" role="note">
        This account is not one of the market's households. Open any household's books read-only in
        the household page below.
      </p>
      <StrangerOrder address={address} />
    </>
  );
}
