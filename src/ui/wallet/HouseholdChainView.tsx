import { useEffect, useMemo, useRef } from 'react';
import { useReadContract } from 'wagmi';
import { formatBaseUnits, LOYALTY_SCALE } from '../../engine';
import { useSim } from '../../store/simStore';
import { throttled } from '../../store/throttle';
import { fmt } from '../format';
import { energyCoinAbi as coinAbi, energyMarketAbi as marketAbi } from '../../chain';
import { HouseholdTrades } from './HouseholdTrades';

interface Props {
  readonly market: `0x${string}`;
  readonly index: number;
  readonly title: string;
}

/** One household's books as the chain records them (never the engine's view), live as rounds settle. */
export function HouseholdChainView({ market, index, title }: Props) {
  const confirmed = useSim((s) => s.chain.confirmed);
  const books = useReadContract({
    address: market,
    abi: marketAbi,
    functionName: 'household',
    args: [BigInt(index)],
  });
  const coin = useReadContract({ address: market, abi: marketAbi, functionName: 'coin' });
  const account = books.data?.account;
  const balance = useReadContract({
    address: coin.data,
    abi: coinAbi,
    functionName: 'balanceOf',
    args: account ? [account] : undefined,
    query: { enabled: Boolean(coin.data && account) },
  });
  const refetch = useRef({ books: books.refetch, balance: balance.refetch });
  refetch.current = { books: books.refetch, balance: balance.refetch };
  // At most one read a second, in a task of its own: at full speed a confirmation arrives with
  // nearly every worker message, and two contract reads started inside that message's task made
  // it 65 - 103 ms at 1,000 households (npm run bench, page1000's traces). The last confirmation
  // is always read, so the view ends equal to the chain.
  const request = useMemo(
    () =>
      throttled(1000, () => {
        void refetch.current.books();
        void refetch.current.balance();
      }),
    [],
  );
  useEffect(() => request(), [confirmed, request]);

  const h = books.data;
  return (
    <div aria-label={title} role="region" data-testid="household-chain-view">
      <h3>{title}</h3>
      {books.error ? (
        <p className="hint">Could not read the market: {books.error.message.split('\n')[0]}</p>
      ) : null}
      {h ? (
        <table>
          <tbody>
            <tr>
              <th scope="row">Account</th>
              <td className="mono">{h.account}</td>
            </tr>
            <tr>
              <th scope="row">Coin balance</th>
              <td data-testid="chain-coin-balance" data-base-units={balance.data?.toString() ?? ''}>
                {balance.data !== undefined ? `${formatBaseUnits(balance.data)} coins` : '…'}
              </td>
            </tr>
            <tr>
              <th scope="row">Money balance</th>
              <td>{formatBaseUnits(h.moneyBalance)} money</td>
            </tr>
            <tr>
              <th scope="row">Battery</th>
              <td>{fmt(Number(h.batteryWh) / 1000, 3)} kWh</td>
            </tr>
            <tr>
              <th scope="row">Produced / consumed</th>
              <td>
                {fmt(Number(h.producedWh) / 1000, 1)} / {fmt(Number(h.consumedWh) / 1000, 1)} kWh
              </td>
            </tr>
            <tr>
              <th scope="row">Grid import / export</th>
              <td>
                {fmt(Number(h.gridImportWh) / 1000, 1)} / {fmt(Number(h.gridExportWh) / 1000, 1)}{' '}
                kWh
              </td>
            </tr>
            <tr>
              <th scope="row">Loyalty</th>
              <td>{fmt(Number(h.loyaltyPpm) / LOYALTY_SCALE, 4)}</td>
            </tr>
          </tbody>
        </table>
      ) : (
        <p className="note">Reading the chain…</p>
      )}
      <h4>Trades (from the market's events)</h4>
      <HouseholdTrades index={index} />
    </div>
  );
}
