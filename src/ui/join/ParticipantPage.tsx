import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import {
  createConfig,
  http,
  injected,
  useConnection,
  useDisconnect,
  usePublicClient,
  useSwitchChain,
  useWalletClient,
  WagmiProvider,
} from 'wagmi';
import {
  chainFor,
  createChainReader,
  followLiveMarket,
  releaseHouseholdData,
  submitOrderData,
  takeHouseholdData,
  type FollowedRound,
  type LiveMarket,
} from '../../chain';
import { BASE_PER_COIN } from '../../engine';
import { parseJoinLink, type JoinLink } from '../../store/joinLink';
import { ConnectControls } from '../wallet/ConnectControls';
import { sendToMarket, type SentNote } from '../wallet/sendToMarket';
import { OrderFields } from '../wallet/OrderFields';

/** Base units per Wh of one coin per 100 Wh (the chain's price unit against the page's). */
const PER_COIN_PER_100WH = BASE_PER_COIN / 100;
const POLL_MS = 1_000;
const coins = (base: number): string => (base / BASE_PER_COIN).toFixed(2);
const kWh = (wh: number): string => `${(wh / 1000).toFixed(1)} kWh`;

/**
 * A participant's page, opened from the host's join link (issue 14): the live market from the
 * chain alone (no engine, no worker), a free household to take from this wallet, its books as
 * settled, the round's countdown and an order sent from the wallet.
 */
export function ParticipantPage() {
  const [parsed] = useState(() => parseJoinLink(window.location.search));
  if (!parsed.ok) {
    return (
      <div className="app">
        <h1>Join a class</h1>
        <p role="alert" className="warn-box" data-testid="join-problem">
          This join link cannot be used: {parsed.problem}. Ask the host for the link again.
        </p>
      </div>
    );
  }
  return <Joined link={parsed.link} />;
}

function Joined({ link }: { link: JoinLink }) {
  const config = useMemo(() => {
    const chain = chainFor(link.chainId, link.rpcUrl);
    return createConfig({
      chains: [chain],
      connectors: [injected()],
      transports: { [chain.id]: http(link.rpcUrl) },
      multiInjectedProviderDiscovery: true,
      pollingInterval: 500,
    });
  }, [link]);
  const queryClient = useMemo(() => new QueryClient(), []);
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <div className="app participant">
          <header className="top">
            <h1>Neighbourhood Energy Market: trading as a household</h1>
            <p className="hint">
              Market <span className="mono">{link.market}</span> on chain {link.chainId} at{' '}
              {link.rpcUrl}. Everything here is read from the chain.
            </p>
          </header>
          <Participant link={link} />
        </div>
      </QueryClientProvider>
    </WagmiProvider>
  );
}

/**
 * The market read again every second; the last error, if the chain did not answer. One follower
 * per reader and market, kept across polls and across a change of wallet, so each poll reads
 * only the blocks mined since the last one.
 */
function useLiveMarket(link: JoinLink, account: `0x${string}` | null) {
  const reader = useMemo(() => createChainReader(link.rpcUrl, link.chainId), [link]);
  const follower = useMemo(() => followLiveMarket(reader, link.market), [reader, link.market]);
  const [state, setState] = useState<{ live: LiveMarket | null; error: string | null }>({
    live: null,
    error: null,
  });
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const tick = async (): Promise<void> => {
      try {
        const live = await follower.read(account);
        if (!stopped) setState({ live, error: null });
      } catch (e) {
        if (!stopped)
          setState((s) => ({ live: s.live, error: (e as Error).message.split('\n')[0] ?? '' }));
      }
      if (!stopped) timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [follower, account]);
  return state;
}

function Participant({ link }: { link: JoinLink }) {
  const connection = useConnection();
  const disconnect = useDisconnect();
  const switchChain = useSwitchChain();
  const address = connection.status === 'connected' ? (connection.address ?? null) : null;
  const { live, error } = useLiveMarket(link, address);

  return (
    <main className="participant-main">
      <section className="panel" aria-labelledby="p-wallet">
        <h2 id="p-wallet">Your wallet</h2>
        {!address ? (
          <ConnectControls />
        ) : (
          <p>
            Connected{' '}
            <span className="mono" data-testid="wallet-address">
              {address}
            </span>
            .{' '}
            <button type="button" onClick={() => disconnect.mutate({})}>
              Disconnect
            </button>
          </p>
        )}
        {address && connection.chainId !== link.chainId ? (
          <p className="warn-box">
            Your wallet is on chain {connection.chainId}; the market runs on chain {link.chainId}.{' '}
            <button type="button" onClick={() => switchChain.mutate({ chainId: link.chainId })}>
              Switch to it
            </button>
          </p>
        ) : null}
      </section>
      {error ? (
        <p role="alert" className="warn-box">
          The chain at {link.rpcUrl} did not answer: {error}. Asking again every second.
        </p>
      ) : null}
      {live ? (
        <>
          <RoundPanel live={live} />
          {address ? <Mine live={live} link={link} address={address} /> : null}
          <ScorePanel live={live} />
          <FreeHouseholds live={live} />
          <ResultPanel live={live} />
        </>
      ) : (
        <p className="note">Reading the market from the chain…</p>
      )}
    </main>
  );
}

/** Seconds to the round's deadline on the chain's clock, ticking between reads. */
function useSecondsLeft(live: LiveMarket): number | null {
  const [, setTick] = useState(0);
  const [readAt] = useState(() => ({ at: Date.now(), chainNow: live.chainNow }));
  if (readAt.chainNow !== live.chainNow) {
    readAt.at = Date.now();
    readAt.chainNow = live.chainNow;
  }
  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), 250);
    return () => clearInterval(id);
  }, []);
  const deadline = live.round?.state.deadline ?? 0;
  if (!live.round || deadline === 0) return null;
  const now = readAt.chainNow + (Date.now() - readAt.at) / 1000;
  return Math.max(0, Math.ceil(deadline - now));
}

function roundWords(r: FollowedRound, left: number | null): string {
  if (r.state.closed) return `round ${r.round} is closed; waiting for the host to open the next`;
  if (r.state.deadline === 0) return `round ${r.round} is open, paused by the host (no deadline)`;
  if (!r.state.open || left === 0) return `round ${r.round}: the deadline has passed`;
  return `round ${r.round} is open, closes in ${left ?? 0} s`;
}

function RoundPanel({ live }: { live: LiveMarket }) {
  const left = useSecondsLeft(live);
  const r = live.round;
  return (
    <section className="panel" aria-labelledby="p-round">
      <h2 id="p-round">The market</h2>
      <p data-testid="live-round">
        {r
          ? `Now: ${roundWords(r, left)}. ${r.seats.length} household(s) seated, ${r.orders.length} order(s) in.`
          : 'No round has been opened for people yet: the host plays the agents until someone takes a household.'}
      </p>
      <p className="hint">
        {live.householdCount} households, {live.settledRounds} rounds settled on chain,{' '}
        {live.takers.size} taken by people.
      </p>
    </section>
  );
}

function FreeHouseholds({ live }: { live: LiveMarket }) {
  const seated = new Set(
    live.round && !live.round.state.closed ? live.round.seats.map((s) => s.household) : [],
  );
  const free: number[] = [];
  for (let i = 0; i < live.householdCount; i++) {
    if (!live.takers.has(i) && !seated.has(i)) free.push(i);
  }
  return (
    <section className="panel" aria-labelledby="p-free">
      <h2 id="p-free">Free households</h2>
      <p data-testid="free-households" data-free={free.join(',')}>
        {free.length === 0
          ? 'Every household is taken.'
          : `${free.length} free: ${free.slice(0, 40).join(', ')}${free.length > 40 ? ', …' : ''}.`}{' '}
        <span className="hint">
          Household n is account n + 1 of the dev mnemonic: import that key to take it.
        </span>
      </p>
    </section>
  );
}

function Mine({
  live,
  link,
  address,
}: {
  live: LiveMarket;
  link: JoinLink;
  address: `0x${string}`;
}) {
  const publicClient = usePublicClient();
  const wallet = useWalletClient();
  const [note, setNote] = useState<SentNote | null>(null);
  const [busy, setBusy] = useState(false);
  const mine = live.mine;
  const send = async (data: `0x${string}`, done: string): Promise<void> => {
    if (!publicClient || !wallet.data) {
      setNote({ ok: false, text: 'The wallet is not ready yet.' });
      return;
    }
    setBusy(true);
    setNote(await sendToMarket(publicClient, wallet.data, address, link.market, data, done));
    setBusy(false);
  };
  const r = live.round;
  const seat = mine === null || !r ? null : (r.seats.find((s) => s.household === mine) ?? null);
  const submitted = mine !== null && r ? r.orders.find((o) => o.household === mine) : undefined;

  if (mine === null) {
    return (
      <section className="panel" aria-labelledby="p-mine">
        <h2 id="p-mine">Your household</h2>
        <p className="note" data-testid="not-a-household">
          This account is not one of the market's households: import a free household's key.
        </p>
        {r && !r.state.closed ? (
          <OrderForm
            round={r}
            maxWh={null}
            onSend={(d) => void send(d, 'Order placed on chain')}
            busy={busy}
          />
        ) : null}
        <Note note={note} />
      </section>
    );
  }
  const takenByMe = live.takers.has(mine);
  const b = live.books;
  return (
    <section className="panel" aria-labelledby="p-mine">
      <h2 id="p-mine">Your household: {mine}</h2>
      {b ? (
        <dl className="seat-figures" data-testid="my-books">
          <dt>Battery</dt>
          <dd data-testid="my-battery">{kWh(b.batteryWh)}</dd>
          <dt>Coins</dt>
          <dd data-testid="my-coins" data-base-units={b.coinBalance}>
            {coins(b.coinBalance)}
          </dd>
          <dt>Money</dt>
          <dd data-testid="my-money" data-base-units={b.moneyBalance}>
            {coins(b.moneyBalance)}
          </dd>
          <dt>Money + coins</dt>
          <dd data-testid="my-worth">{coins(b.moneyBalance + b.coinBalance)}</dd>
        </dl>
      ) : null}
      <p className="hint">As settled on chain through round {live.settledRounds - 1}.</p>
      {takenByMe ? (
        <p>
          You play household {mine}; each round waits for your order.{' '}
          <button
            type="button"
            disabled={busy}
            data-testid="release"
            onClick={() => void send(releaseHouseholdData(), 'Handed back to the agent')}
          >
            Let the agent act from now on
          </button>
        </p>
      ) : (
        <p>
          <button
            type="button"
            disabled={busy}
            data-testid="take"
            onClick={() => void send(takeHouseholdData(), `You took household ${mine}`)}
          >
            Take household {mine}
          </button>{' '}
          <span className="hint">From the next round the host opens, it waits for your order.</span>
        </p>
      )}
      {submitted ? (
        <p role="status" data-testid="my-order">
          Your order in round {submitted.round}: {submitted.side} {submitted.amountWh} Wh at{' '}
          {submitted.pricePerWh / PER_COIN_PER_100WH} coins per 100 Wh, on chain.
        </p>
      ) : seat && r ? (
        <OrderForm
          round={r}
          maxWh={{ buy: seat.maxBuyWh, sell: seat.maxSellWh }}
          onSend={(d) => void send(d, 'Order placed on chain')}
          busy={busy}
        />
      ) : null}
      <Note note={note} />
    </section>
  );
}

/**
 * This household's score: its money plus coins on chain against its agent's in its place on the
 * same seed, which the host's engine replays and posts on chain (ScoresPosted) after each round
 * people play. The two compare only at one round: the chain's books trail the host by the
 * settler's batches, so until the chain has settled the round of the newest score, that score is
 * shown as the host's.
 */
function ScorePanel({ live }: { live: LiveMarket }) {
  const b = live.books;
  if (live.mine === null || !b) return null;
  const s = live.score;
  const worth = b.moneyBalance + b.coinBalance;
  const settled = s !== null && s.rounds === live.settledRounds;
  return (
    <section
      className="panel"
      aria-labelledby="p-score"
      data-testid="my-score"
      data-rounds={s?.rounds ?? ''}
      data-settled={settled ? 'true' : 'false'}
    >
      <h2 id="p-score">Your score against the agent</h2>
      {!s ? (
        <p className="note">
          No score yet: the host posts one on chain after each round people play.
        </p>
      ) : settled ? (
        <>
          <dl className="seat-figures">
            <dt>Your money + coins (on chain, after {s.rounds} rounds)</dt>
            <dd data-testid="score-you" data-base-units={worth}>
              {coins(worth)}
            </dd>
            <dt>The agent's in your place (same seed, same round)</dt>
            <dd data-testid="score-agent" data-base-units={s.agent}>
              {coins(s.agent)}
            </dd>
            <dt>Difference</dt>
            <dd data-testid="score-difference" data-base-units={worth - s.agent}>
              {worth - s.agent >= 0 ? '+' : ''}
              {coins(worth - s.agent)}
            </dd>
          </dl>
          {s.you !== worth ? (
            <p className="warn-box" data-testid="score-disagrees">
              The host's engine has {coins(s.you)} for you after these rounds, the chain's books{' '}
              {coins(worth)}: they should agree (the host's page reconciles the two).
            </p>
          ) : null}
        </>
      ) : (
        <p className="note" data-testid="score-ahead">
          The host's newest score is after {s.rounds} rounds, the chain has settled{' '}
          {live.settledRounds}: there you had {coins(s.you)} against the agent's {coins(s.agent)} (
          {s.you - s.agent >= 0 ? '+' : ''}
          {coins(s.you - s.agent)}). Your books here are compared with it once the chain has settled
          that round.
        </p>
      )}
    </section>
  );
}

function Note({ note }: { note: SentNote | null }) {
  if (!note) return null;
  return (
    <p
      role={note.ok ? 'status' : 'alert'}
      data-testid="order-note"
      className={note.ok ? '' : 'warn-box'}
    >
      {note.text}
    </p>
  );
}

/**
 * An order for `round`. It stays on the page once the round closes: a late order is still
 * sent, and the chain's refusal (RoundAlreadyClosed, DeadlinePassed) is what the person reads.
 */
function OrderForm({
  round,
  maxWh,
  onSend,
  busy,
}: {
  round: FollowedRound;
  maxWh: { buy: number; sell: number } | null;
  onSend: (data: `0x${string}`) => void;
  busy: boolean;
}) {
  const priceMin = Math.ceil(round.state.priceMinPerWh / PER_COIN_PER_100WH);
  const priceMax = Math.floor(round.state.priceMaxPerWh / PER_COIN_PER_100WH);
  const [side, setSide] = useState<'buy' | 'sell'>(
    maxWh && maxWh.sell > 0 && maxWh.buy === 0 ? 'sell' : 'buy',
  );
  const [units, setUnits] = useState('1');
  const [price, setPrice] = useState(String(Math.round((priceMin + priceMax) / 2)));
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (): void => {
    const u = Number(units);
    const p = Number(price);
    if (!Number.isInteger(u) || u <= 0 || !Number.isInteger(p)) {
      setProblem(
        'Amount: a whole number of 100 Wh units above zero; price: whole coins per 100 Wh.',
      );
      return;
    }
    setProblem(null);
    onSend(submitOrderData({ round: round.round, side, energyWh: u * 100, price: p }));
  };
  return (
    <form
      aria-label="Your order"
      onSubmit={(ev) => {
        ev.preventDefault();
        submit();
      }}
    >
      <fieldset>
        <legend>Your order for round {round.round}</legend>
        <OrderFields
          side={side}
          onSide={setSide}
          units={units}
          onUnits={setUnits}
          price={price}
          onPrice={setPrice}
        />
        <p className="hint">
          {maxWh
            ? `This round: buy at most ${maxWh.buy / 100}, sell at most ${maxWh.sell / 100} × 100 Wh; `
            : ''}
          prices {priceMin} to {priceMax} coins per 100 Wh.
        </p>
        <button type="submit" disabled={busy} data-testid="order-submit">
          {busy ? 'Sending…' : 'Place order'}
        </button>
        {problem ? <p className="warn-box">{problem}</p> : null}
      </fieldset>
    </form>
  );
}

function ResultPanel({ live }: { live: LiveMarket }) {
  const res = live.result;
  if (!res) return null;
  const people = new Set(res.round.orders.map((o) => o.household));
  const who = (i: number): string => `household ${i}${people.has(i) ? ' (a person)' : ''}`;
  return (
    <section className="panel" aria-labelledby="p-result">
      <h2 id="p-result">Round {res.round.round}: the result</h2>
      <ul data-testid="result-orders">
        {res.round.orders.map((o) => (
          <li key={o.household}>
            People's order: household {o.household}{' '}
            {o.side === 'buy' ? 'bids to buy' : 'asks to sell'} {o.amountWh} Wh at{' '}
            {o.pricePerWh / PER_COIN_PER_100WH} coins per 100 Wh
          </li>
        ))}
      </ul>
      {res.trades === null ? (
        <p className="hint" data-testid="result-trades">
          Not settled on chain yet: its trades show once the host's settler sends them.
        </p>
      ) : (
        <table aria-label="Trades" data-testid="result-trades">
          <thead>
            <tr>
              <th scope="col">Buyer</th>
              <th scope="col">Seller</th>
              <th scope="col">Energy</th>
              <th scope="col">Price (coins per 100 Wh)</th>
            </tr>
          </thead>
          <tbody>
            {res.trades.map((t) => (
              <tr
                key={t.logIndex}
                data-person={people.has(t.buyer) || people.has(t.seller) ? 'true' : 'false'}
              >
                <td>{who(t.buyer)}</td>
                <td>{who(t.seller)}</td>
                <td>{t.energyWh} Wh</td>
                <td>{t.pricePerWh / PER_COIN_PER_100WH}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
