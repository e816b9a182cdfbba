import { memo, startTransition, useEffect, useState, type ReactNode } from 'react';
import { priceText, type ExplainedOrder } from '../../engine';
import type { History } from '../../store/history';
import { useSim, type Inspection } from '../../store/simStore';
import { useDashboardTime } from '../../store/timeView';
import {
  INSPECT_PAGE_ROWS,
  type InspectedArrival,
  type InspectedRound,
  type InspectRows,
  type InspectTable,
  type RowsPage,
} from '../../worker/protocol';
import { hourText } from '../../store/timeWindow';
import { coins, fmt } from '../format';
import { BookChart } from './BookChart';
import { Pager } from './Pager';
import { SettlementView } from './SettlementView';

/**
 * The round inspector: the picked hour's market at work, for every mechanism. The worker
 * recomputes the round by replay (the page keeps no books) and explains it
 * (src/engine/explain.ts); this panel only draws the answer, and checks it against the round the
 * page recorded while the run played.
 */
export function RoundInspector() {
  const picked = useDashboardTime((s) => s.picked);
  const run = useSim((s) => s.run);
  const inspect = useSim((s) => s.inspect);
  const i = useInspection();
  const history = useSim((s) => s.history);
  const selected = useSim((s) => s.selectedHousehold);
  useEffect(() => {
    inspect(picked);
  }, [picked, run, inspect]);
  const drawn = useStages(i.explanation, i.pages);

  if (picked === null) {
    // Only a hint until an hour is picked: a box of the open inspector's height here would push
    // every chart off the first screen of a dashboard nobody has inspected yet. Its first open
    // moves the charts down once; from then on the box keeps its height (styles.css).
    return (
      <section className="panel inspector-hint" aria-labelledby="inspector-title">
        <h2 id="inspector-title">Round inspector</h2>
        <p className="note">
          Pick an hour (click a chart, or use the scrubber above) to see its order book, every order
          and why it traded or not, the trades, and the transaction that settled it on chain.
        </p>
      </section>
    );
  }
  const x = i.explanation;
  const current = x !== null && i.round === picked && drawn === stagesOf(x, i.pages).all;
  return (
    <section
      className="panel inspector"
      aria-labelledby="inspector-title"
      data-testid="inspector"
      data-round={x?.round ?? ''}
      data-ready={current}
    >
      <div className="panel-head">
        <h2 id="inspector-title">
          Round inspector · {hourText(picked)} <span className="unit">(round {picked})</span>
        </h2>
        <button
          type="button"
          aria-label="Close the round inspector"
          onClick={() => useDashboardTime.getState().pick(null, 0)}
        >
          Close
        </button>
      </div>
      {i.error && i.round === picked ? <p className="hint">{i.error}</p> : null}
      <div className={`inspector-body${current ? '' : ' stale'}`}>
        {!x ? <p className="note">Recomputing the round…</p> : null}
        {x ? (
          <Body
            x={x}
            pages={i.pages}
            drawn={drawn}
            onChain={i.onChain}
            ms={i.ms}
            stepped={i.stepped}
            history={history}
            selected={selected}
          />
        ) : null}
      </div>
    </section>
  );
}

/**
 * The inspector draws an answer in stages, each committed in its own task with a frame between
 * them: first the summary, book and settlement, then the orders, then the trades, then the
 * households. Drawn in one commit, a round's tables were one task of DOM updates, layout and
 * paint of 50 - 110 ms on this machine's shared cores (npm run bench, inspector figures); a
 * table not yet at its stage keeps the last answer's rows, greyed with the rest until all are
 * drawn (`data-ready` is true only then).
 *
 * The orders and the trades are themselves drawn ROWS_PER_STAGE rows a stage: a page of 60
 * orders is about 1,400 layout objects, and creating them at the open of a 1,000-household round
 * was one frame of style, layout (text shaping the most) and paint of 60 - 120 ms (Chrome traces
 * of the inspector bench); the rows not yet at their stage keep the last answer's.
 */
const ROWS_PER_STAGE = 20;

/** Where each table's stages start, and how many stages an answer takes in all. */
interface Stages {
  readonly orders: number;
  readonly trades: number;
  readonly households: number;
  readonly all: number;
}

/** Stages a table of `rows` takes: one, and one more for each further ROWS_PER_STAGE rows. */
const chunks = (rows: number): number => Math.max(1, Math.ceil(rows / ROWS_PER_STAGE));

/** An answer's stages: a round with few orders and trades (exp4's) takes no more than four. */
function stagesOf(x: InspectedRound | null, pages: Inspection['pages']): Stages {
  const orders = 2;
  if (!x) return { orders, trades: 3, households: 4, all: 4 };
  const trades =
    orders + chunks(Math.min(INSPECT_PAGE_ROWS, pageOf(x, pages, 'orders')?.rows.length ?? 0));
  const tradeRows = Math.max(
    pageOf(x, pages, 'trades')?.rows.length ?? 0,
    pageOf(x, pages, 'arrivals')?.rows.length ?? 0,
  );
  const households = trades + chunks(Math.min(INSPECT_PAGE_ROWS, tradeRows));
  return { orders, trades, households, all: households };
}

/**
 * Rows of a table whose stages run from `first` up to `next` to draw at stage `drawn`: all of
 * them before its first stage (the held table keeps what it drew) and at its last, ROWS_PER_STAGE
 * more a stage in between.
 */
function rowsAt(first: number, next: number, drawn: number): number {
  if (drawn < first || drawn >= next - 1) return Infinity;
  return (drawn - first + 1) * ROWS_PER_STAGE;
}

/**
 * The first `upTo` of `rows`, then the rows drawn last at those positions: a table drawn in
 * chunks updates ROWS_PER_STAGE rows a stage and leaves the others as they were until theirs.
 */
function useRowsUpTo<T>(rows: readonly T[], upTo: number): readonly T[] {
  const [last, setLast] = useState<readonly T[]>(upTo >= rows.length ? rows : []);
  if (upTo >= rows.length) {
    if (last !== rows) setLast(rows);
    return rows;
  }
  return [...rows.slice(0, upTo), ...last.slice(upTo, rows.length)];
}

/** How many stages of this answer are drawn: 1 at once, one more after each frame. */
function useStages(x: InspectedRound | null, pages: Inspection['pages']): number {
  const [at, setAt] = useState({ x, pages, drawn: 1 });
  const drawn = at.x === x && at.pages === pages ? at.drawn : 1;
  useEffect(() => {
    if (drawn >= stagesOf(x, pages).all) return;
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = (): void => {
      if (done) return;
      done = true;
      startTransition(() => setAt({ x, pages, drawn: drawn + 1 }));
    };
    // After the next frame (its layout and paint of this stage), not before it. The longer timer
    // is for a page that draws no frames (a hidden tab).
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(next, 0);
    });
    const fallback = setTimeout(next, 200);
    return () => {
      done = true;
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      clearTimeout(fallback);
    };
  }, [x, pages, drawn]);
  return drawn;
}

/**
 * `value` once `show` is true; until then the last value shown (null before any): a table waiting
 * for its stage keeps its rows and is not rendered again.
 */
function useHeld<T>(value: T, show: boolean): T | null {
  const [held, setHeld] = useState<T | null>(show ? value : null);
  if (show && held !== value) setHeld(value);
  return show ? value : held;
}

/**
 * The worker's answers as React state updated in a transition. The store is read through
 * useSyncExternalStore, whose updates React renders at once, in the task that delivered them:
 * drawing a round's book, orders and households that way took 40 - 60 ms of one main-thread task
 * per hour scrubbed in exp4 (npm run bench, inspector figures). A transition renders in slices.
 */
function useInspection(): Inspection {
  const [i, setI] = useState(() => useSim.getState().inspection);
  useEffect(() => {
    setI(useSim.getState().inspection);
    return useSim.subscribe((s, prev) => {
      if (s.inspection !== prev.inspection) startTransition(() => setI(s.inspection));
    });
  }, []);
  return i;
}

/**
 * The inspector's content for one answer. Picking the next hour only greys it (the wrapper's
 * class) until the worker answers, so it is not drawn again for the pick itself.
 */
const Body = memo(function Body({
  x,
  pages,
  drawn,
  onChain,
  ms,
  stepped,
  history,
  selected,
}: {
  x: InspectedRound;
  pages: Inspection['pages'];
  /** Stages of this answer drawn so far (see stagesOf). */
  drawn: number;
  onChain: Inspection['onChain'];
  ms: number;
  stepped: number;
  history: History;
  selected: number;
}) {
  const at = stagesOf(x, pages);
  const ordersUpTo = rowsAt(at.orders, at.trades, drawn);
  const tradesUpTo = rowsAt(at.trades, at.households, drawn);
  return (
    <>
      <Header x={x} ms={ms} stepped={stepped} history={history} />
      <div className="inspector-grid">
        <div>
          <h3>Order book</h3>
          <BookChart x={x} />
        </div>
        <div>
          <h3>Settlement on chain</h3>
          <SettlementView x={x} onChain={onChain} />
        </div>
      </div>
      <Held value={tablesOf(x, pages)} show={drawn >= at.orders} also={ordersUpTo}>
        {(t) => <Orders x={t.x} pages={t.pages} upTo={ordersUpTo} />}
      </Held>
      <Held value={tablesOf(x, pages)} show={drawn >= at.trades} also={tradesUpTo}>
        {(t) => <Trades x={t.x} pages={t.pages} upTo={tradesUpTo} />}
      </Held>
      <Held value={tablesOf(x, pages)} show={drawn >= at.households} also={selected}>
        {(t) => <Households x={t.x} pages={t.pages} selected={selected} />}
      </Held>
    </>
  );
});

interface Tables {
  readonly x: InspectedRound;
  readonly pages: Inspection['pages'];
}
/** One object per answer and pages, so a held table sees the same value until the next. */
const tablesCache = new WeakMap<InspectedRound, Tables>();
function tablesOf(x: InspectedRound, pages: Inspection['pages']): Tables {
  const t = tablesCache.get(x);
  if (t?.pages === pages) return t;
  const made = { x, pages };
  tablesCache.set(x, made);
  return made;
}

/**
 * Draws `children(value)` at its stage; until then the last value drawn, not rendered again
 * unless `also` (what else the table shows, such as the selected household) changes.
 */
function Held({
  value,
  show,
  also,
  children,
}: {
  value: Tables;
  show: boolean;
  also?: unknown;
  children: (t: Tables) => ReactNode;
}) {
  const t = useHeld(value, show);
  return t ? <HeldTable t={t} also={also} draw={children} /> : null;
}

/** Memoised on the held value (the render function is made anew on each render). */
const HeldTable = memo(
  function HeldTable({ t, draw }: { t: Tables; also: unknown; draw: (t: Tables) => ReactNode }) {
    return draw(t);
  },
  (a, b) => a.t === b.t && Object.is(a.also, b.also),
);

function Header({
  x,
  ms,
  stepped,
  history,
}: {
  x: InspectedRound;
  ms: number;
  stepped: number;
  history: History;
}) {
  // The replay's round against what the page recorded while the run played.
  const recorded =
    x.round < history.length &&
    history.round.tradedWh[x.round] === x.tradedWh &&
    history.tradeCount[x.round] === x.tradeCount;
  return (
    <>
      <p className="inspector-summary" data-testid="inspector-summary">
        {x.summary}
      </p>
      <p className="note">
        {x.mechanism} · {x.weather} · price list {x.params.priceMin}–{x.params.priceMax} · battery
        threshold {fmt(x.params.batteryThreshold * 100, 0)} %
        {x.learning
          ? x.learningPhase
            ? ' · Q-learning: still learning (zero intelligence)'
            : ' · Q-learning: pricing from its table'
          : ''}
        {x.auctioneerSurplus > 0
          ? ` · auctioneer kept ${fmt(coins(x.auctioneerSurplus), 2)} coins`
          : ''}
      </p>
      <p className="note" data-testid="inspector-recomputed" data-recorded={recorded}>
        Recomputed by replaying the run (
        {stepped > 0 ? `${stepped} rounds stepped` : 'kept from the last replay'}, {fmt(ms, 0)} ms
        in the worker);{' '}
        {recorded
          ? '✓ equal to the round recorded while the run played (traded energy, trades).'
          : '✗ differs from the round recorded while the run played.'}
      </p>
    </>
  );
}

/** The page of a worker-side table to show: the one paged to, else the explanation's first. */
function pageOf<K extends InspectTable>(
  x: InspectedRound,
  pages: Inspection['pages'],
  table: K,
): RowsPage<InspectRows[K]> | null {
  // Each table's page holds that table's rows; the record types cannot say so per key.
  return (pages[table] ?? x.pages[table]) as RowsPage<InspectRows[K]> | null;
}

const goTo =
  (table: InspectTable) =>
  (offset: number): void =>
    useSim.getState().inspectRows(table, offset);

function Orders({
  x,
  pages,
  upTo,
}: {
  x: InspectedRound;
  pages: Inspection['pages'];
  /** Rows of this answer drawn so far (rowsAt). */
  upTo: number;
}) {
  const page = pageOf(x, pages, 'orders') ?? x.pages.orders;
  const rows = useRowsUpTo(page.rows, upTo);
  return (
    <details open>
      <summary>
        <h3>
          Orders <span className="unit">({x.orderCount})</span>
        </h3>
      </summary>
      {page.total === 0 ? (
        <p className="note">No household sent an order this hour.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="inspector-orders">
            <thead>
              <tr>
                <th>household</th>
                <th>side</th>
                <th>Wh</th>
                <th>price</th>
                <th>status</th>
                <th>traded / returned / rejected Wh</th>
                <th>why</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o, n) => (
                // By position, not order id: the next hour's rows reuse these elements (their
                // text and attributes set) rather than removing and creating every row.
                <OrderRow key={n} o={o} />
              ))}
            </tbody>
          </table>
          <Pager noun="orders" page={page} go={goTo('orders')} />
        </div>
      )}
    </details>
  );
}

/** Memoised: a row kept from the last answer while others are drawn is not rendered again. */
const OrderRow = memo(function OrderRow({ o }: { o: ExplainedOrder }) {
  return (
    <tr
      data-household={o.household}
      data-side={o.side}
      data-status={o.status}
      data-reason={o.reason}
    >
      <td>{o.household}</td>
      <td>{o.side}</td>
      <td>{o.energyWh}</td>
      <td>{priceText(o.price)}</td>
      <td className={`status-${o.status}`}>{o.status}</td>
      <td>
        {o.approvedWh} / {o.returnedWh} / {o.rejectedWh}
        {o.gridWh > 0 ? <span className="unit"> ({o.gridWh} Wh from the grid)</span> : null}
      </td>
      <td className="why">{o.why}</td>
    </tr>
  );
});

function Trades({
  x,
  pages,
  upTo,
}: {
  x: InspectedRound;
  pages: Inspection['pages'];
  /** Rows of this answer drawn so far (rowsAt), of the trades and of the arrivals. */
  upTo: number;
}) {
  const page = pageOf(x, pages, 'trades') ?? x.pages.trades;
  const arrivals = pageOf(x, pages, 'arrivals');
  const rows = useRowsUpTo(page.rows, upTo);
  const arrived = useRowsUpTo(arrivals?.rows ?? NO_ARRIVALS, upTo);
  return (
    <details open>
      <summary>
        <h3>
          Trades{' '}
          <span className="unit">
            ({x.tradeCount}, {fmt(x.tradedWh, 0)} Wh)
          </span>
        </h3>
      </summary>
      {arrivals ? (
        <>
          <h4>Arrivals, in order (continuous auction)</h4>
          <ol className="arrivals" data-testid="inspector-arrivals" start={arrivals.offset + 1}>
            {arrived.map((o, n) => (
              <li key={n}>
                household {o.household} {o.side === 'buy' ? 'bids' : 'asks'} {priceText(o.price)}{' '}
                for {o.energyWh} Wh
                {o.tradedWh > 0 ? ` · ${o.tradedWh} Wh traded` : ''}
              </li>
            ))}
          </ol>
          <Pager noun="arrivals" page={arrivals} go={goTo('arrivals')} />
        </>
      ) : null}
      {page.total === 0 ? (
        <p className="note">No trade this hour.</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="inspector-trades">
            <thead>
              <tr>
                <th>#</th>
                <th>buyer</th>
                <th>seller</th>
                <th>Wh</th>
                <th>price</th>
                <th>bid / ask</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t, n) => (
                <tr key={n} data-wh={t.energyWh}>
                  <td>{page.offset + n + 1}</td>
                  <td>{t.buyer}</td>
                  <td>{t.seller}</td>
                  <td>{t.energyWh}</td>
                  <td>
                    {priceText(t.price)}
                    {t.buyerPrice !== t.price ? ` (buyer paid ${priceText(t.buyerPrice)})` : ''}
                  </td>
                  <td>
                    {priceText(t.bid)} / {priceText(t.ask)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager noun="trades" page={page} go={goTo('trades')} />
        </div>
      )}
    </details>
  );
}

const NO_ARRIVALS: readonly InspectedArrival[] = [];

function Households({
  x,
  pages,
  selected,
}: {
  x: InspectedRound;
  pages: Inspection['pages'];
  selected: number;
}) {
  const page = pageOf(x, pages, 'households') ?? x.pages.households;
  // Closed by default: its rows are drawn only once it is opened, not on every hour scrubbed.
  const [open, setOpen] = useState(false);
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h3>
          Households{' '}
          <span className="unit">
            (grid, coins, loyalty and learning; {page.total} with something this hour)
          </span>
        </h3>
      </summary>
      {open ? (
        <div className="table-wrap">
          <table data-testid="inspector-households">
            <thead>
              <tr>
                <th>household</th>
                <th>bought / sold Wh</th>
                <th>grid import / export Wh</th>
                <th>battery Wh</th>
                <th>coins</th>
                <th>loyalty</th>
                {x.learning ? <th>Q reward</th> : null}
              </tr>
            </thead>
            <tbody>
              {page.rows.map((h, n) => (
                <tr key={n} className={h.household === selected ? 'selected' : undefined}>
                  <td>
                    {h.household}
                    {h.hasPv ? ' ☀' : ''}
                  </td>
                  <td>
                    {h.boughtWh} / {h.soldWh}
                  </td>
                  <td>
                    {h.gridImportWh} / {h.gridExportWh}
                  </td>
                  <td>
                    {h.batteryBeforeWh} → {h.batteryAfterWh}
                  </td>
                  <td>
                    {fmt(coins(h.coinsBefore), 2)} → {fmt(coins(h.coinsAfter), 2)}
                  </td>
                  <td>
                    {fmt(h.loyaltyBefore, 4)} → {fmt(h.loyaltyAfter, 4)}
                  </td>
                  {x.learning ? <td>{h.reward === null ? '–' : fmt(h.reward, 2)}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
          <Pager noun="households" page={page} go={goTo('households')} />
        </div>
      ) : null}
    </details>
  );
}
