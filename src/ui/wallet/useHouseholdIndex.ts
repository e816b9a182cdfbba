import { useReadContract } from 'wagmi';
import { energyMarketAbi as marketAbi } from '../../chain';

export type HouseholdIndex =
  | { readonly status: 'loading' }
  | { readonly status: 'household'; readonly index: number }
  | { readonly status: 'other' };

/** Which household (if any) the market registered under this account, read from the chain. */
export function useHouseholdIndex(market: `0x${string}`, account: `0x${string}`): HouseholdIndex {
  const q = useReadContract({
    address: market,
    abi: marketAbi,
    functionName: 'indexOf',
    args: [account],
    query: { retry: false },
  });
  if (q.isPending) return { status: 'loading' };
  if (q.data === undefined) return { status: 'other' };
  return { status: 'household', index: Number(q.data) };
}
