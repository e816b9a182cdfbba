import { useEffect, useRef } from 'react';
import { useSim } from '../../store/simStore';
import { useDashboardTime } from '../../store/timeView';
import { hourText } from '../../store/timeWindow';
import { useInView } from '../charts/useInView';
import { coins, fmt } from '../format';

/** How often the list is read again from the chain while rounds keep settling. */
const REFRESH_MS = 3_000;

const short = (hash: string): string => `${hash.slice(0, 10)}…${hash.slice(-6)}`;
const perTrade = (gas: number, trades: number): string => (trades > 0 ? fmt(gas / trades, 0) : '–');

/**
 * The chain's work in view: what settlement costs as it goes (transactions, gas per trade for
 * the last settlement and for the run), how far the chain lags, the current market's settlement
 * transactions, and every market the page opened on this chain since it loaded, with what each
 * holds (every load, Apply and Reset opens a fresh one). Figures come from the worker's settler
 * as it goes; the lists are read back from the chain's events and storage.
 */
export function ChainWorkPanel() {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const chain = useSim((s) => s.chain);
  const work = useSim((s) => s.chainWork);
  const read = useSim((s) => s.readChainWork);
  const total = useSim((s) => s.totalRounds);
  const last = useRef(0);
  const confirmed = chain.confirmed;
  const number = chain.marketNumber;
  // Read again when new rounds are confirmed or a market opens, at most every REFRESH_MS, and
  // only while the panel is on screen.
  useEffect(() => {
    if (!inView || chain.phase === 'off') return;
    const wait = Math.max(0, last.current + REFRESH_MS - performance.now());
    const t = setTimeout(() => {
      last.current = performance.now();
      read();
    }, wait);
    return () => clearTimeout(t);
  }, [inView, confirmed, number, chain.phase, read]);

  const gas = Number(chain.gasUsed);
  const behind = Math.max(0, chain.simulated - chain.confirmed);
  const lb = chain.lastBatch;
  return (
    <section
      ref={ref}
      className="panel chain-work"
      aria-labelledby="chain-work-title"
      data-testid="chain-work"
    >
      <div className="panel-head">
        <h2 id="chain-work-title">The chain’s work</h2>
        <button type="button" onClick={() => read()} disabled={chain.phase === 'off'}>
          Read again from the chain
        </button>
      </div>
      {chain.phase === 'off' || chain.phase === 'error' ? (
        <p className="note">{chain.message ?? 'No chain.'}</p>
      ) : null}
      <dl className="figures" data-testid="chain-figures">
        <div>
          <dt>Settlement transactions</dt>
          <dd data-testid="chain-transactions">{chain.transactions}</dd>
        </div>
        <div>
          <dt>Trades settled</dt>
          <dd data-testid="chain-trades-settled">{chain.trades}</dd>
        </div>
        <div>
          <dt>Gas per trade, run</dt>
          <dd data-testid="gas-per-trade-run">{perTrade(gas, chain.trades)}</dd>
        </div>
        <div>
          <dt>Gas per trade, last settlement</dt>
          <dd data-testid="gas-per-trade-last">
            {lb ? perTrade(Number(lb.gasUsed), lb.trades) : '–'}
            {lb ? (
              <span className="unit">
                {' '}
                ({lb.rounds} rounds, {lb.trades} trades, {fmt(Number(lb.gasUsed), 0)} gas)
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Chain lags by</dt>
          <dd
            data-testid="chain-lag-rounds"
            data-rounds={behind}
            data-max-behind={chain.maxBehind}
            data-held={chain.maxBehind > 0 && behind >= chain.maxBehind}
          >
            {behind} rounds
            {behind > 0 ? (
              <span className="unit"> (oldest waiting {fmt(chain.lagMs / 1000, 1)} s)</span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Lag bound</dt>
          <dd data-testid="chain-lag-bound" data-max-behind={chain.maxBehind}>
            {chain.maxBehind > 0 ? `${chain.maxBehind} rounds` : '–'}
            {chain.maxBehind > 0 ? (
              <span className="unit">
                {behind >= chain.maxBehind
                  ? ' (reached: the simulation waits for the chain)'
                  : ' (the simulation waits for the chain there)'}
              </span>
            ) : null}
          </dd>
        </div>
      </dl>
      {work?.error ? <p className="hint">{work.error}</p> : null}
      <h3 data-testid="chain-tx-heading">
        Settlement transactions of this market{' '}
        <span className="unit">
          {work
            ? `(${work.transactionCount}${work.transactionCount > work.transactions.length ? `, the last ${work.transactions.length}` : ''})`
            : ''}
        </span>
      </h3>
      {work && work.transactions.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="chain-tx-list">
            <thead>
              <tr>
                <th>transaction</th>
                <th>block</th>
                <th>rounds</th>
                <th>trades</th>
                <th>gas</th>
                <th>gas per trade</th>
              </tr>
            </thead>
            <tbody>
              {work.transactions.map((t) => (
                <tr key={t.hash} data-hash={t.hash} data-gas={t.gasUsed}>
                  <td className="mono" title={t.hash}>
                    {short(t.hash)}
                  </td>
                  <td>{t.blockNumber}</td>
                  <td>
                    {t.firstRound === null ? (
                      'books only'
                    ) : (
                      <button
                        type="button"
                        className="link"
                        title={`Inspect round ${t.firstRound}`}
                        onClick={() => useDashboardTime.getState().pick(t.firstRound ?? 0, total)}
                      >
                        {t.rounds} from {hourText(t.firstRound)}
                      </button>
                    )}
                  </td>
                  <td>{t.trades}</td>
                  <td>{fmt(Number(t.gasUsed), 0)}</td>
                  <td>{t.gasPerTrade === null ? '–' : fmt(t.gasPerTrade, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="note">No settlement transaction yet.</p>
      )}
      <h3>Markets opened on this chain since the page loaded</h3>
      <p className="note">
        Every load, Apply and Reset opens a fresh market (fresh books); the earlier ones keep what
        they settled.
      </p>
      {work && work.markets.length > 0 ? (
        <div className="table-wrap">
          <table data-testid="chain-markets">
            <thead>
              <tr>
                <th>#</th>
                <th>market</th>
                <th>run</th>
                <th>opened</th>
                <th>rounds settled</th>
                <th>households</th>
                <th>coins</th>
              </tr>
            </thead>
            <tbody>
              {work.markets.map((m) => (
                <tr
                  key={m.address}
                  className={m.current ? 'selected' : undefined}
                  data-market={m.address}
                  data-current={m.current}
                  data-settled={m.holdings?.settledRounds ?? ''}
                >
                  <td>{m.number}</td>
                  <td className="mono">
                    {m.address}
                    {m.current ? <span className="unit"> (this run)</span> : null}
                  </td>
                  <td>{m.label}</td>
                  <td>{fmt(m.openedAtMs / 1000, 0)} s after load</td>
                  <td>{m.holdings?.settledRounds ?? '?'}</td>
                  <td>{m.holdings?.households ?? '?'}</td>
                  <td>{m.holdings ? fmt(coins(Number(m.holdings.coinSupply)), 0) : '?'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="note">No market opened yet.</p>
      )}
    </section>
  );
}
