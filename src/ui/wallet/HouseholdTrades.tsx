import { useEffect, useRef, useState } from 'react';
import { coinsPer100WhFromPricePerWh, formatBaseUnits, priceText } from '../../engine';
import { useSim } from '../../store/simStore';
import { useDashboardTime } from '../../store/timeView';
import { dayAndHour } from '../../store/timeWindow';

/** Read again at most this often while rounds settle. */
const REFRESH_MS = 2_000;
/** Rows before "Show all". */
const ROWS = 100;

/**
 * A household's trades as the market's `Trade` events record them (read in the worker, from
 * the chain, never from the engine): when (day and hour), bought or sold, the counterparty, the
 * energy, the price and the coins that moved. A row's hour opens in the round inspector.
 */
export function HouseholdTrades({ index }: { index: number }) {
  const confirmed = useSim((s) => s.chain.confirmed);
  const read = useSim((s) => s.readHouseholdTrades);
  const list = useSim((s) => s.householdTrades[index]);
  const total = useSim((s) => s.totalRounds);
  const [all, setAll] = useState(false);
  const last = useRef(0);
  useEffect(() => {
    const wait = Math.max(0, last.current + REFRESH_MS - performance.now());
    const t = setTimeout(() => {
      last.current = performance.now();
      read(index);
    }, wait);
    return () => clearTimeout(t);
  }, [index, confirmed, read]);

  if (!list) return <p className="note">Reading the market’s trade events…</p>;
  if (list.error) return <p className="hint">{list.error}</p>;
  if (list.trades.length === 0) {
    return <p className="note">No trades settled for this household yet.</p>;
  }
  // Newest first.
  const rows = [...list.trades].reverse();
  const shown = all ? rows : rows.slice(0, ROWS);
  return (
    <div className="table-wrap">
      <table data-testid="household-trades" data-count={list.trades.length}>
        <thead>
          <tr>
            <th>day, hour</th>
            <th>side</th>
            <th>counterparty</th>
            <th>Wh</th>
            <th>price</th>
            <th>coins</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((t) => {
            const bought = t.buyer === index;
            const { day, hour } = dayAndHour(t.round);
            const paid = t.energyWh * (bought ? t.buyerPricePerWh : t.pricePerWh);
            return (
              <tr
                key={`${t.transactionHash}-${t.logIndex}`}
                data-round={t.round}
                data-side={bought ? 'buy' : 'sell'}
                data-counterparty={bought ? t.seller : t.buyer}
                data-wh={t.energyWh}
                data-price-per-wh={bought ? t.buyerPricePerWh : t.pricePerWh}
              >
                <td>
                  <button
                    type="button"
                    className="link"
                    title={`Inspect round ${t.round}`}
                    onClick={() => useDashboardTime.getState().pick(t.round, total)}
                  >
                    day {day}, {String(hour).padStart(2, '0')}:00
                  </button>
                </td>
                <td>{bought ? 'bought' : 'sold'}</td>
                <td>household {bought ? t.seller : t.buyer}</td>
                <td>{t.energyWh}</td>
                <td>
                  {priceText(
                    coinsPer100WhFromPricePerWh(bought ? t.buyerPricePerWh : t.pricePerWh),
                  )}{' '}
                  coins / 100 Wh
                </td>
                <td>
                  {bought ? '−' : '+'}
                  {formatBaseUnits(BigInt(paid))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {shown.length < rows.length ? (
        <button type="button" onClick={() => setAll(true)}>
          Show all {rows.length} trades
        </button>
      ) : null}
    </div>
  );
}
