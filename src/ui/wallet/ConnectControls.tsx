import { useState } from 'react';
import { useConnect, useConnectors } from 'wagmi';

/**
 * One "Connect wallet" button. Wallets that announce themselves (EIP-6963) come first; the
 * generic injected connector is offered only when there is a window.ethereum and nothing else.
 */
export function ConnectControls() {
  const connectors = useConnectors();
  const connect = useConnect();
  const announced = connectors.filter((c) => c.id !== 'injected');
  const legacy = 'ethereum' in window ? connectors.filter((c) => c.id === 'injected') : [];
  const options = announced.length > 0 ? announced : legacy;
  const [chosen, setChosen] = useState<string | null>(null);
  const connector = options.find((c) => c.uid === chosen) ?? options[0];

  if (!connector) {
    return (
      <p className="note">No wallet found. Install MetaMask (or any EIP-6963 wallet) and reload.</p>
    );
  }
  return (
    <div className="controls">
      {options.length > 1 ? (
        <label className="inline">
          Wallet
          <select value={connector.uid} onChange={(e) => setChosen(e.target.value)}>
            {options.map((c) => (
              <option key={c.uid} value={c.uid}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button
        type="button"
        className="primary"
        disabled={connect.isPending}
        onClick={() => connect.mutate({ connector })}
        title={`Connect ${connector.name}`}
      >
        Connect wallet
      </button>
      {connect.error ? (
        <p className="hint">Could not connect: {connect.error.message.split('\n')[0]}</p>
      ) : null}
    </div>
  );
}
