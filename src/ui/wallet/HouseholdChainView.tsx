import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { usePublicClient, useReadContract } from 'wagmi';
import { coinsPer100WhFromPricePerWh, formatBaseUnits, LOYALTY_SCALE } from '../../engine';
import { useSim } from '../../store/simStore';
import { fmt } from '../format';
import { energyCoinAbi as coinAbi, energyMarketAbi as marketAbi } from '../../chain';

/** How far back the trade list looks, so a long run does not scan the whole chain. */
const TRADE_LOOKBACK_BLOCKS = 2000n;

interface Props {
  readonly market: `0x${string}`;
  readonly index: number;
  readonly title: string;
}

/** One household's books as the chain records them (never the engine's view), live as rounds settle. */
export function HouseholdChainView({ market, index, title }: Props) {
  const confirmed = useSim((s) => s.chain.confirmed);
  const client = usePublicClient();
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
  const trades = useQuery({
    queryKey: ['trades', market, index, confirmed],
    enabled: Boolean(client),
    queryFn: async () => {
      if (!client) return [];
      const latest = await client.getBlockNumber();
      const logs = await client.getContractEvents({
        address: market,
        abi: marketAbi,
        eventName: 'Trade',
        fromBlock: latest > TRADE_LOOKBACK_BLOCKS ? latest - TRADE_LOOKBACK_BLOCKS : 0n,
      });
      const me = BigInt(index);
      return logs
        .filter((l) => l.args.buyer === me || l.args.seller === me)
        .slice(-8)
        .reverse();
    },
  });
  const { refetch: refetchBooks } = books;
  const { refetch: refetchBalance } = balance;
  useEffect(() => {
    void refetchBooks();
    void refetchBalance();
  }, [confirmed, refetchBooks, refetchBalance]);

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
      <h4>Recent trades (from the market's events)</h4>
      {trades.data && trades.data.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>Round</th>
              <th>Side</th>
              <th>Energy</th>
              <th>Price</th>
            </tr>
          </thead>
          <tbody>
            {trades.data.map((t) => (
              <tr key={`${t.transactionHash}-${t.logIndex}`}>
                <td>{t.args.round?.toString()}</td>
                <td>{t.args.buyer === BigInt(index) ? 'bought' : 'sold'}</td>
                <td>{t.args.energyWh?.toString()} Wh</td>
                <td>
                  {t.args.pricePerWh !== undefined
                    ? `${fmt(coinsPer100WhFromPricePerWh(Number(t.args.pricePerWh)), 2)} coins / 100 Wh`
                    : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="note">No trades settled for this household yet.</p>
      )}
    </div>
  );
}
