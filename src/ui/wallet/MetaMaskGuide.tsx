import { useState } from 'react';
import { useConnection, useSwitchChain, useWatchAsset } from 'wagmi';
import { ANVIL_CHAIN_ID, householdHdIndex, type Deployment } from '../../chain';
import { useSim } from '../../store/simStore';
import { devHouseholdKey } from './devKeys';

/** A short how-to for MetaMask: add the network, import a household key, watch the coin. */
export function MetaMaskGuide({ deployment }: { deployment: Deployment }) {
  const connection = useConnection();
  const switchChain = useSwitchChain();
  const watch = useWatchAsset();
  const coin = useSim((s) => s.chain.coinAddress) as `0x${string}` | null;
  const households = useSim((s) => s.scenario?.households ?? 0);
  const [shown, setShown] = useState<number | null>(null);
  const local = deployment.chainId === ANVIL_CHAIN_ID;
  const connected = connection.status === 'connected';

  return (
    <section className="panel" aria-labelledby="guide-title">
      <h2 id="guide-title">MetaMask guide</h2>
      <ol>
        <li>
          Add the network: name <em>Anvil</em>, RPC URL <code>{deployment.rpcUrl}</code>, chain id{' '}
          <code>{deployment.chainId}</code>, currency <code>ETH</code>.{' '}
          <button
            type="button"
            disabled={!connected}
            onClick={() => switchChain.mutate({ chainId: deployment.chainId })}
          >
            Add / switch network
          </button>
        </li>
        {local ? (
          <li>
            Import a household account (MetaMask → Add account → Import private key).
            <p className="warn-box" role="note">
              These are Anvil&apos;s public development keys. Everyone knows them: never send real
              funds to these accounts or use them on any other chain.
            </p>
            <label className="inline">
              Household
              <select
                value={shown ?? ''}
                onChange={(e) => setShown(e.target.value === '' ? null : Number(e.target.value))}
              >
                <option value="">choose…</option>
                {Array.from({ length: households }, (_, i) => (
                  <option key={i} value={i}>
                    Household {i}
                  </option>
                ))}
              </select>
            </label>
            <p className="note" data-testid="dev-account-rule">
              Household <em>n</em> is account index <em>n</em> + 1 of Anvil&apos;s dev mnemonic
              (index 0 is the operator, who settles the rounds).
            </p>
            {shown !== null ? (
              <>
                <p className="note" data-testid="dev-account">
                  Household {shown} is dev account index {householdHdIndex(shown)}.
                </p>
                <p className="mono" data-testid="dev-key">
                  {devHouseholdKey(shown)}
                </p>
              </>
            ) : null}
          </li>
        ) : null}
        <li>
          Add the energy coin as a token
          {coin ? (
            <>
              {' '}
              (<code>{coin}</code>, 6 decimals)
            </>
          ) : null}
          .{' '}
          <button
            type="button"
            disabled={!connected || !coin}
            onClick={() =>
              coin &&
              watch.mutate({
                type: 'ERC20',
                options: { address: coin, symbol: 'NRG', decimals: 6 },
              })
            }
          >
            Add coin to wallet
          </button>
          {watch.isSuccess ? (
            <span className="note"> Asked the wallet to track the coin.</span>
          ) : null}
        </li>
      </ol>
    </section>
  );
}
