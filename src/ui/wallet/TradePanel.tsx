import { useEffect, useState } from 'react';
import { usePublicClient, useWalletClient } from 'wagmi';
import { BASE_PER_COIN } from '../../engine';
import {
  orderRefusal,
  releaseHouseholdData,
  submitOrderData,
  takeHouseholdData,
} from '../../chain';
import { useSim } from '../../store/simStore';
import type { PeopleRoundView, PeopleSeatView } from '../../worker/protocol';
import { OrderFields } from './OrderFields';
import { sendToMarket, type SentNote } from './sendToMarket';

const NO_SCORE: PeopleRoundView['score'] = [];

const coins = (base: number): string => (base / BASE_PER_COIN).toFixed(2);
const kWh = (wh: number): string => `${(wh / 1000).toFixed(1)} kWh`;

/** Seconds left on the round's countdown, ticking on the page's clock. */
function useCountdown(view: PeopleRoundView | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, []);
  if (!view || view.phase !== 'open') return null;
  if (view.deadlineAtMs === null) return Math.ceil(view.remainingMs / 1000);
  return Math.max(0, Math.ceil((view.deadlineAtMs - now) / 1000));
}

/**
 * Sends the host's own take-over or hand-back from the connected wallet, as a participant's page
 * does: the chain, not the worker, records who plays, so every participant's page sees the
 * household taken at once. Once mined, the worker is told to read the chain's takers now.
 */
function useTakeSend(address: `0x${string}`) {
  const publicClient = usePublicClient();
  const wallet = useWalletClient();
  const market = useSim((s) => s.chain.marketAddress) as `0x${string}` | null;
  const [note, setNote] = useState<SentNote | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (data: `0x${string}`, done: string): Promise<void> => {
    if (!market || !publicClient || !wallet.data) {
      setNote({ ok: false, text: 'The wallet or the market is not ready yet.' });
      return;
    }
    setBusy(true);
    setNote(null);
    const sent = await sendToMarket(publicClient, wallet.data, address, market, data, done);
    if (sent.ok) useSim.getState().takersChanged();
    setNote(sent);
    setBusy(false);
  };
  return { note, busy, send };
}

/**
 * Trading as your household (issue 14): take it over from its agent (a transaction from your
 * wallet), and each round see its battery, forecast need or surplus, coins and the agent's
 * suggestion, then place a buy or sell as a transaction from your wallet, or let the agent act
 * this round or from now on.
 */
export function TradePanel({ household, address }: { household: number; address: `0x${string}` }) {
  const people = useSim((s) => s.people);
  const view = useSim((s) => s.peopleRound);
  const chainReady = useSim((s) => s.chain.phase === 'ready');
  const taken = people.participants.some((p) => p.household === household);
  const seat = view?.seats.find((x) => x.household === household) ?? null;
  const left = useCountdown(view);
  const takes = useTakeSend(address);

  return (
    <section aria-labelledby="trade-title" className="trade-panel">
      <h3 id="trade-title">Trade as household {household}</h3>
      {people.refused ? (
        <p role="alert" className="warn-box" data-testid="takeover-refused">
          {people.refused}
        </p>
      ) : null}
      {takes.note ? (
        <p
          role={takes.note.ok ? 'status' : 'alert'}
          data-testid="take-note"
          className={takes.note.ok ? '' : 'warn-box'}
        >
          {takes.note.text}
        </p>
      ) : null}
      {!taken ? (
        <p>
          <button
            type="button"
            disabled={!chainReady || takes.busy}
            onClick={() =>
              void takes.send(takeHouseholdData(), `You took household ${household} on chain`)
            }
          >
            Take over household {household}
          </button>{' '}
          <span className="hint">
            {chainReady
              ? 'A transaction from your wallet: its agent stops pricing for it, and each round waits for your order on chain.'
              : 'Taking over needs the chain: orders go on chain.'}
          </span>
        </p>
      ) : (
        <>
          <p data-testid="round-status">
            {view ? (
              <>
                Round {view.round} (day {view.day + 1}, {view.hourOfDay}:00):{' '}
                {view.phase === 'opening' && 'opening on chain…'}
                {view.phase === 'open' &&
                  (view.paused
                    ? `paused by the host, ${left ?? 0} s left`
                    : `open, closes in ${left ?? 0} s`)}
                {view.phase === 'cleared' && 'cleared'}
                {view.phase === 'failed' && 'could not be played with people'}
              </>
            ) : (
              'Waiting for the next round (press Play)…'
            )}
          </p>
          {view?.message ? <p className="warn-box">{view.message}</p> : null}
          {seat && view ? <SeatView seat={seat} view={view} address={address} /> : null}
          <p>
            <button
              type="button"
              disabled={takes.busy}
              onClick={() =>
                void takes.send(releaseHouseholdData(), 'Handed back to the agent on chain')
              }
              data-testid="agent-from-now"
            >
              Let the agent act from now on
            </button>
          </p>
        </>
      )}
    </section>
  );
}

function SeatView({
  seat,
  view,
  address,
}: {
  seat: PeopleSeatView;
  view: PeopleRoundView;
  address: `0x${string}`;
}) {
  const s = seat.suggestion;
  const result = view.results.find((r) => r.household === seat.household);
  return (
    <div data-testid="seat">
      <dl className="seat-figures">
        <dt>Battery</dt>
        <dd data-testid="seat-battery">{kWh(seat.batteryWh)}</dd>
        <dt>{seat.netWh >= 0 ? 'Surplus after the coming hour' : 'Need for the coming hour'}</dt>
        <dd data-testid="seat-net">
          {kWh(Math.abs(seat.netWh))} (forecast use {kWh(seat.forecastWh)})
        </dd>
        <dt>Coins</dt>
        <dd data-testid="seat-coins">{coins(seat.coinBalance)}</dd>
        <dt>Money</dt>
        <dd>{coins(seat.moneyBalance)}</dd>
        <dt>The agent suggests</dt>
        <dd data-testid="seat-suggestion">
          {s
            ? `${s.side} ${s.energyWh / 100} × 100 Wh at ${s.price} coins per 100 Wh`
            : 'sitting this round out'}
        </dd>
      </dl>
      {view.phase === 'open' && !seat.submitted && !seat.passed ? (
        <OrderForm seat={seat} view={view} address={address} />
      ) : null}
      {seat.submitted && view.phase === 'open' ? (
        <p role="status" data-testid="order-placed">
          Your order is on chain; the round clears when it closes.
        </p>
      ) : null}
      {seat.passed && view.phase === 'open' ? (
        <p role="status">The agent acts for you this round.</p>
      ) : null}
      {view.phase === 'cleared' ? (
        <p role="status" data-testid="order-result">
          {result
            ? `Your ${result.side} of ${result.energyWh} Wh at ${result.price}: ${result.approvedWh} Wh traded.`
            : 'You placed no order this round: the agent acted for you.'}
        </p>
      ) : null}
    </div>
  );
}

export function OrderForm({
  seat,
  view,
  address,
}: {
  seat: PeopleSeatView;
  view: PeopleRoundView;
  address: `0x${string}`;
}) {
  const suggestion = seat.suggestion;
  const [side, setSide] = useState<'buy' | 'sell'>(
    suggestion?.side ?? (seat.maxSellWh > 0 ? 'sell' : 'buy'),
  );
  const [units, setUnits] = useState(String(Math.max(1, (suggestion?.energyWh ?? 100) / 100)));
  const [price, setPrice] = useState(
    String(suggestion?.price ?? Math.round((view.priceMin + view.priceMax) / 2)),
  );
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [sending, setSending] = useState(false);
  const publicClient = usePublicClient();
  const wallet = useWalletClient();
  const limit = side === 'buy' ? seat.maxBuyWh : seat.maxSellWh;

  const place = async (): Promise<void> => {
    const energyWh = Number(units) * 100;
    const p = Number(price);
    if (!Number.isInteger(Number(units)) || Number(units) <= 0 || !Number.isInteger(p)) {
      setNote({
        ok: false,
        text: 'Amount: a whole number of 100 Wh units above zero; price: whole coins per 100 Wh.',
      });
      return;
    }
    const market = view.market as `0x${string}` | null;
    if (!market || !publicClient || !wallet.data) {
      setNote({ ok: false, text: 'The wallet or the market is not ready yet.' });
      return;
    }
    setSending(true);
    setNote(null);
    try {
      const data = submitOrderData({ round: view.round, side, energyWh, price: p });
      // Asked of the chain first: a refusal comes back with the contract's named error.
      await publicClient.call({ account: address, to: market, data });
      const hash = await wallet.data.sendTransaction({ to: market, data, account: address });
      const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 250 });
      setNote(
        receipt.status === 'success'
          ? { ok: true, text: `Order placed on chain (tx ${hash.slice(0, 10)}…).` }
          : { ok: false, text: `The order's transaction ${hash} reverted.` },
      );
    } catch (e) {
      setNote({ ok: false, text: orderRefusal(e).text });
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      aria-label="Your order"
      onSubmit={(ev) => {
        ev.preventDefault();
        void place();
      }}
    >
      <fieldset>
        <legend>Your order for round {view.round}</legend>
        <OrderFields
          side={side}
          onSide={setSide}
          units={units}
          onUnits={setUnits}
          price={price}
          onPrice={setPrice}
        />
        <p className="hint">
          This round: {side} at most {limit / 100} × 100 Wh; prices {view.priceMin} to{' '}
          {view.priceMax} coins per 100 Wh.
        </p>
        <button type="submit" disabled={sending} data-testid="order-submit">
          {sending ? 'Sending…' : 'Place order'}
        </button>{' '}
        <button
          type="button"
          onClick={() => useSim.getState().passRound(seat.household)}
          data-testid="agent-this-round"
        >
          Let the agent act this round
        </button>
      </fieldset>
      {note ? (
        <p
          role={note.ok ? 'status' : 'alert'}
          data-testid="order-note"
          className={note.ok ? '' : 'warn-box'}
        >
          {note.text}
        </p>
      ) : null}
    </form>
  );
}

export function RoundSeconds() {
  const seconds = useSim((s) => s.people.roundSeconds);
  const [text, setText] = useState(String(seconds));
  useEffect(() => setText(String(seconds)), [seconds]);
  return (
    <p>
      <label>
        Seconds a round waits for people{' '}
        <input
          type="number"
          min={2}
          max={600}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => useSim.getState().setRoundSeconds(Number(text))}
          data-testid="round-seconds"
        />
      </label>
    </p>
  );
}

/** The host's table: every participant's money plus coins against the agent on the same seed. */
export function ScoreTable() {
  // A selector must return the same value while nothing changed: one empty list, not a new one.
  const score = useSim((s) => s.peopleRound?.score ?? NO_SCORE);
  if (score.length === 0) return null;
  return (
    <table aria-label="Participants" data-testid="score-table">
      <thead>
        <tr>
          <th scope="col">Household</th>
          <th scope="col">Account</th>
          <th scope="col">Orders</th>
          <th scope="col">Money + coins</th>
          <th scope="col">The agent's, same seed</th>
          <th scope="col">Difference</th>
        </tr>
      </thead>
      <tbody>
        {score.map((p) => (
          <tr key={p.household} data-household={p.household} data-you={p.you} data-agent={p.agent}>
            <td>{p.household}</td>
            <td className="mono">{p.account ? `${p.account.slice(0, 8)}…` : 'agent again'}</td>
            <td>{p.orders}</td>
            <td>{coins(p.you)}</td>
            <td>{coins(p.agent)}</td>
            <td>{coins(p.you - p.agent)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * An account that owns no household may still try an order while a round is open: the market,
 * not the page, refuses it (NotAHousehold), and the page says so in words.
 */
export function StrangerOrder({ address }: { address: `0x${string}` }) {
  const view = useSim((s) => s.peopleRound);
  if (!view || view.phase !== 'open') return null;
  const seat: PeopleSeatView = {
    household: -1,
    account: address,
    batteryWh: 0,
    forecastWh: 0,
    netWh: 0,
    coinBalance: 0,
    moneyBalance: 0,
    maxBuyWh: 0,
    maxSellWh: 0,
    suggestion: null,
    submitted: false,
    passed: false,
  };
  return <OrderForm seat={seat} view={view} address={address} />;
}
