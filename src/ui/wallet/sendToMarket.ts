import type { PublicClient, WalletClient } from 'viem';
import { refusalFor } from '../../chain';

/** What became of a transaction a person sent to the market, in words for the page. */
export interface SentNote {
  readonly ok: boolean;
  readonly text: string;
}

/**
 * Sends `data` to the market from the person's wallet. The chain is asked first (eth_call), so a
 * refusal comes back with the contract's named error and reads in words for what was asked (an
 * order, a take-over or a hand-back: refusalFor), not as the wallet's opaque failure.
 */
export async function sendToMarket(
  publicClient: PublicClient,
  wallet: WalletClient,
  account: `0x${string}`,
  market: `0x${string}`,
  data: `0x${string}`,
  done: string,
): Promise<SentNote> {
  try {
    await publicClient.call({ account, to: market, data });
    const hash = await wallet.sendTransaction({ to: market, data, account, chain: wallet.chain });
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 250 });
    return receipt.status === 'success'
      ? { ok: true, text: `${done} (tx ${hash.slice(0, 10)}…).` }
      : { ok: false, text: `The transaction ${hash} reverted.` };
  } catch (e) {
    return { ok: false, text: refusalFor(data, e).text };
  }
}
