import { useState } from 'react';
import type { TradeOnChain } from '../../chain';
import { coinsPer100WhFromPricePerWh, priceText } from '../../engine';
import { INSPECT_PAGE_ROWS, type InspectedRound, type RoundOnChain } from '../../worker/protocol';
import { fmt } from '../format';
import { Pager } from './Pager';

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
  x: InspectedRound;
  onChain: RoundOnChain | null;
}) {
  // While the picked round is read back, the last settled round stays in view, greyed and
  // marked as reading: its tables are then updated in place by the next answer rather than
  // removed and drawn again twice on every hour scrubbed.
  const [shown, setShown] = useState<{ x: InspectedRound; onChain: RoundOnChain } | null>(null);
  if (onChain?.settled && onChain.state === 'settled' && shown?.onChain !== onChain) {
    setShown({ x, onChain });
  }
  if (!onChain) {
    return shown ? (
      <Settled x={shown.x} onChain={shown.onChain} reading={x.round} />
    ) : (
      <p className="note">Reading this round back from the chain…</p>
    );
  }
  if (onChain.state !== 'settled' || !onChain.settled) {
    return (
      <p className="note" data-testid="chain-round-state" data-state={onChain.state}>
        {onChain.message}
      </p>
    );
  }
  return <Settled x={x} onChain={onChain} reading={null} />;
}

/** A settled round's transaction and records; `reading`: another round is being read back. */
function Settled({
  x,
  onChain,
  reading,
}: {
  x: InspectedRound;
  onChain: RoundOnChain;
  reading: number | null;
}) {
  if (!onChain.settled) return null;
  const { tx, record, trades } = onChain.settled;
  const equal = onChain.differences.length === 0;
  const last = tx.firstRound !== null ? tx.firstRound + tx.rounds - 1 : null;
  return (
    <div
      data-testid="chain-round-state"
      data-state={reading === null ? 'settled' : 'reading'}
      className={reading === null ? undefined : 'stale'}
    >
      {reading !== null ? (
        <p className="note">
          Reading round {reading} back from the chain… (round {x.round} shown meanwhile)
        </p>
      ) : null}
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
            <td>{x.tradeCount}</td>
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
      {trades.length > 0 ? <ChainTrades trades={trades} /> : null}
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

/** The round's trades as the chain's events list them, a page at a time. */
function ChainTrades({ trades }: { trades: readonly TradeOnChain[] }) {
  // Back to the first page when another round's trades come (kept, not remounted: see keys).
  const [at, setAt] = useState({ of: trades, offset: 0 });
  const offset = at.of === trades ? at.offset : 0;
  const page = {
    offset,
    total: trades.length,
    rows: trades.slice(offset, offset + INSPECT_PAGE_ROWS),
  };
  return (
    <>
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
          {page.rows.map((t, i) => (
            <tr key={i}>
              <td>{offset + i + 1}</td>
              <td>{t.buyer}</td>
              <td>{t.seller}</td>
              <td>{t.energyWh}</td>
              <td>{fmt(t.pricePerWh, 0)}</td>
              <td>{fmt(t.buyerPricePerWh, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager noun="chain trades" page={page} go={(o) => setAt({ of: trades, offset: o })} />
    </>
  );
}
