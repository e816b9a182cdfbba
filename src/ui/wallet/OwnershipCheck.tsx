import { useState } from 'react';
import { verifyMessage } from 'viem';
import { useSignMessage } from 'wagmi';

/** Proves the wallet holds the household's key: it signs a message the page then verifies. */
export function OwnershipCheck({ address }: { address: `0x${string}` }) {
  const sign = useSignMessage();
  const [verdict, setVerdict] = useState<string | null>(null);
  const check = async (): Promise<void> => {
    const message = `I hold the key of ${address} (${new Date().toISOString()})`;
    try {
      const signature = await sign.mutateAsync({ message });
      const ok = await verifyMessage({ address, message, signature });
      setVerdict(
        ok
          ? 'Signature verified: this wallet holds the household key.'
          : 'Signature does not match.',
      );
    } catch (e) {
      setVerdict(`Not signed: ${(e as Error).message.split('\n')[0]}`);
    }
  };
  return (
    <p>
      <button type="button" onClick={() => void check()} disabled={sign.isPending}>
        Verify ownership
      </button>{' '}
      {verdict ? <span data-testid="ownership-verdict">{verdict}</span> : null}
    </p>
  );
}
