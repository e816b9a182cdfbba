import { coinsPer100WhFromPricePerWh, priceText, type RoundExplanation } from '../../engine';
import type { RoundOnChain } from '../../worker/protocol';
import { fmt } from '../format';

const perWh = (p: number): string =>
  `${fmt(p, 0)} / Wh (${priceText(coinsPer100WhFromPricePerWh(p))} coins / 100 Wh)`;

/**
 * The settlement transaction that carried the round, and the round's records read back from the
 * chain's events beside the engine's, marked equal or not (the worker compares them field by
 * field: src/chain/readback.ts).
 */
export function SettlementView({
  x,
  onChain,
}: {
  x: RoundExplanation;
  onChain: RoundOnChain | null;
}) {
  if (!onChain) return <p className="note">Reading this round back from the chain…</p>;
  if (onChain.state !== 'settled' || !onChain.settled) {
    return (
      <p className="note" data-testid="chain-round-state" data-state={onChain.state}>
        {onChain.message}
      </p>
    );
  }
  const { tx, record, trades } = onChain.settled;
  const equal = onChain.differences.length === 0;
  const last = tx.firstRound !== null ? tx.firstRound + tx.rounds - 1 : null;
  return (
    <div data-testid="chain-round-state" data-state="settled">
      <h4>The transaction that carried it</h4>
      <table className="kv">
        <tbody>
          <tr>
            <th scope="row">Hash</th>
            <td className="mono" data-testid="settle-tx-hash">
              {tx.hash}
            </td>
          </tr>
          <tr>
            <th scope="row">Block</th>
            <td data-testid="settle-tx-block">{tx.blockNumber}</td>
          </tr>
          <tr>
            <th scope="row">Gas used</th>
            <td data-testid="settle-tx-gas" data-gas={tx.gasUsed}>
              {fmt(Number(tx.gasUsed), 0)}
            </td>
          </tr>
          <tr>
            <th scope="row">Carried</th>
            <td data-testid="settle-tx-carried" data-rounds={tx.rounds} data-trades={tx.trades}>
              {tx.rounds} rounds{last !== null ? ` (${tx.firstRound}–${last})` : ''}, {tx.trades}{' '}
              trades
            </td>
          </tr>
          <tr>
            <th scope="row">Gas per trade</th>
            <td>{tx.gasPerTrade === null ? 'no trade in it' : fmt(tx.gasPerTrade, 0)}</td>
          </tr>
        </tbody>
      </table>
      <h4>
        This round on chain{' '}
        <span className={equal ? 'reconciled' : 'err'} data-testid="chain-equal" data-equal={equal}>
          {equal ? '✓ equal to the engine’s' : '✗ differs from the engine’s'}
        </span>
      </h4>
      <table>
        <thead>
          <tr>
            <th />
            <th>engine</th>
            <th>chain (events)</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Clearing price</th>
            <td>{x.clearingPrice === null ? 'none' : priceText(x.clearingPrice)}</td>
            <td>{record.clearingPricePerWh === 0 ? 'none' : perWh(record.clearingPricePerWh)}</td>
          </tr>
          <tr>
            <th scope="row">Trades</th>
            <td>{x.trades.length}</td>
            <td>{record.trades}</td>
          </tr>
          <tr>
            <th scope="row">Price range</th>
            <td>
              {x.params.priceMin} – {x.params.priceMax}
            </td>
            <td>
              {priceText(coinsPer100WhFromPricePerWh(record.priceMinPerWh))} –{' '}
              {priceText(coinsPer100WhFromPricePerWh(record.priceMaxPerWh))}
            </td>
          </tr>
        </tbody>
      </table>
      {trades.length > 0 ? (
        <table data-testid="chain-trades">
          <thead>
            <tr>
              <th>#</th>
              <th>buyer</th>
              <th>seller</th>
              <th>Wh</th>
              <th>price / Wh</th>
              <th>buyer paid / Wh</th>
            </tr>
          </thead>
          <tbody>
            {trades.map((t, i) => (
              <tr key={t.logIndex}>
                <td>{i + 1}</td>
                <td>{t.buyer}</td>
                <td>{t.seller}</td>
                <td>{t.energyWh}</td>
                <td>{fmt(t.pricePerWh, 0)}</td>
                <td>{fmt(t.buyerPricePerWh, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {equal ? null : (
        <ul className="err" data-testid="chain-differences">
          {onChain.differences.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
