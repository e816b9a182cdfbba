/**
 * The order book every mechanism starts from: orders validated, split into 100 Wh unit orders at
 * the order's price, bids sorted by price descending and asks ascending.
 *
 * Deterministic tie rule (documented in docs/ENGINE.md): among equal prices, the `loyalty` tie
 * break puts the higher loyalty first; then the lower order id goes first. All unit orders of
 * one order are contiguous. The engine assigns order ids in a seeded per-round shuffle of the
 * households, so "lower id first" favours nobody systematically.
 *
 * Units are kept run-length encoded (an order with n units is one entry with n units) because
 * unit i of the bids only ever meets unit i of the asks: materialising them would cost
 * allocations for nothing. {@link unitPrices} expands them where a test wants to see them.
 */
import { ownGetters, Slab } from '../slab';
import { DIV_WH, LOYALTY_SCALE } from '../units';
import type { MechanismName, Order, OrderFill, Trade } from '../types';
import { OrderColumns } from './orders';
import type { ClearingExplanation, ClearingResult, FillReason, ReferencePrice } from './mechanism';

/**
 * What orders the equal prices of one side, before the order id: nothing (`id`), higher loyalty
 * first (`loyalty`), or a mechanism's own rule (negative: a first).
 */
export type TieBreak = 'id' | 'loyalty' | ((a: Order, b: Order) => number);

export class OrderBookError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`${field}: got ${JSON.stringify(value)}; allowed: ${allowed}`);
    this.name = 'OrderBookError';
  }
}

/** Checks the invariants every mechanism relies on; throws OrderBookError naming the field. */
export function validateOrders(orders: readonly Order[]): void {
  const ids = new Set<number>();
  orders.forEach((o, i) => {
    const f = `orders[${i}]`;
    if (!Number.isSafeInteger(o.id)) throw new OrderBookError(`${f}.id`, o.id, 'an integer');
    if (ids.has(o.id)) throw new OrderBookError(`${f}.id`, o.id, 'an id unique within the book');
    ids.add(o.id);
    if (!Number.isSafeInteger(o.agent) || o.agent < 0) {
      throw new OrderBookError(`${f}.agent`, o.agent, 'a non-negative integer');
    }
    if (o.side !== 'buy' && o.side !== 'sell') {
      throw new OrderBookError(`${f}.side`, o.side, '"buy" | "sell"');
    }
    if (!Number.isSafeInteger(o.energyWh) || o.energyWh <= 0 || o.energyWh % DIV_WH !== 0) {
      throw new OrderBookError(`${f}.energyWh`, o.energyWh, `a positive multiple of ${DIV_WH}`);
    }
    if (!Number.isSafeInteger(o.price) || o.price < 0 || o.price > 1_000_000) {
      throw new OrderBookError(
        `${f}.price`,
        o.price,
        'an integer in [0, 1000000] (coins per 100 Wh)',
      );
    }
    if (!Number.isSafeInteger(o.loyalty) || o.loyalty <= 0) {
      throw new OrderBookError(
        `${f}.loyalty`,
        o.loyalty,
        `a positive integer in ppm (${LOYALTY_SCALE} = 1.0)`,
      );
    }
  });
}

/** One side of the book after sorting: orders in priority order, with their input positions. */
export interface SortedSide {
  readonly orders: readonly Order[];
  /** Position of each sorted order in the input array. */
  readonly positions: readonly number[];
  /** Total unit orders on this side. */
  readonly units: number;
}

export interface Book {
  readonly bids: SortedSide;
  readonly asks: SortedSide;
}

/** Widest price range sorted by counting (prices are whole coins; the thesis's list is 2..8). */
const BUCKET_RANGE = 4096;

/**
 * One side of a book over the orders' columns: the input positions of its orders in priority
 * order (`at[0..count)`). `at` is the module's scratch, valid until the next book is sorted: a
 * clearing reads it within its own call.
 */
export interface SideAt {
  readonly at: Int32Array;
  readonly count: number;
  /** Total unit orders on this side. */
  readonly units: number;
}

/** A book over columns (what the uniform and loyalty clearings read). */
export interface ColumnBook {
  readonly orders: OrderColumns;
  readonly bids: SideAt;
  readonly asks: SideAt;
}

// Scratch of the sort, reused by every book (the engine is single-threaded per worker): each
// side's places, the places of each price's bucket, and the keys and places of one bucket.
// Shared by every clearing: columns are only ever handed out fresh, never reused.
const fillSlab = new Slab();
const approvedSlab = new Slab();
let bidAt = new Int32Array(1024);
let askAt = new Int32Array(1024);
const starts = new Int32Array(BUCKET_RANGE + 1);
const next = new Int32Array(BUCKET_RANGE);
let keys = new Float64Array(1024);
let placed = new Int32Array(1024);

/**
 * One side in priority order: price first (bids descending, asks ascending), then the tie rule,
 * then the id. Prices are integers in a short list, so the side is bucketed by price in one
 * stable pass and only each price's bucket is sorted by the rest of the rule, which gives
 * exactly the order of one stable sort by the whole rule (the clearing's sort was a fifth of a
 * 1,000-household run's time). A bucket needs no sort at all under the `id` rule when its ids
 * ascend in input order, as the engine's always do.
 */
function sideAt(c: OrderColumns, wantBuy: number, tie: TieBreak, at: Int32Array): SideAt {
  const { buy, price, energyWh, id } = c;
  const n = c.count;
  let count = 0;
  let units = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    if (buy[i] === wantBuy) {
      const p = price[i] as number;
      count++;
      units += (energyWh[i] as number) / DIV_WH;
      if (p < lo) lo = p;
      if (p > hi) hi = p;
    }
  }
  const dir = wantBuy === 1 ? -1 : 1;
  const integral = count > 0 && Number.isSafeInteger(lo) && Number.isSafeInteger(hi);
  if (count < 2 || !integral || hi - lo >= BUCKET_RANGE) {
    const all: number[] = [];
    for (let i = 0; i < n; i++) if (buy[i] === wantBuy) all.push(i);
    if (count >= 2) {
      const rest = restOf(c, tie);
      all.sort((ia, ib) => {
        const pa = price[ia] as number;
        const pb = price[ib] as number;
        return pa !== pb ? dir * (pa - pb) : rest(ia, ib);
      });
    }
    for (let j = 0; j < count; j++) at[j] = all[j] as number;
    return { at, count, units };
  }
  // Bucket b holds the b-th price in priority order; starts[b] is its first place.
  const width = hi - lo + 1;
  const top = dir < 0 ? hi : lo;
  starts.fill(0, 0, width + 1);
  for (let i = 0; i < n; i++) {
    if (buy[i] === wantBuy) (starts[dir * ((price[i] as number) - top) + 1] as number)++;
  }
  for (let b = 0; b < width; b++) {
    const from = starts[b] as number;
    starts[b + 1] = (starts[b + 1] as number) + from;
    next[b] = from;
  }
  for (let i = 0; i < n; i++) {
    if (buy[i] !== wantBuy) continue;
    const b = dir * ((price[i] as number) - top);
    at[next[b] as number] = i;
    next[b] = (next[b] as number) + 1;
  }
  for (let b = 0; b < width; b++) {
    const from = starts[b] as number;
    const to = starts[b + 1] as number;
    if (to - from < 2) continue;
    const ascending = idsAscend(id, at, from, to);
    if (tie === 'id' && ascending) continue;
    if (tie === 'loyalty' && ascending && byLoyaltyKeys(c.loyalty, at, from, to)) continue;
    const rest = restOf(c, tie);
    const bucket = Array.from(at.subarray(from, to)).sort(rest);
    for (let j = from; j < to; j++) at[j] = bucket[j - from] as number;
  }
  return { at, count, units };
}

/** Among equal prices, over input positions: the tie rule, then the lower id. */
function restOf(c: OrderColumns, tie: TieBreak): (ia: number, ib: number) => number {
  const { id, loyalty } = c;
  return (ia, ib) => {
    const t =
      tie === 'id'
        ? 0
        : tie === 'loyalty'
          ? (loyalty[ib] as number) - (loyalty[ia] as number)
          : tie(c.orders[ia] as Order, c.orders[ib] as Order);
    return t || (id[ia] as number) - (id[ib] as number);
  };
}

const IN_BUCKET = 2 ** 21;
const LOYALTY_KEYS = 2 ** 31;

/**
 * Sorts at[from..to) (ids ascending) by loyalty descending, stable, through one numeric key
 * per order, (2^31 - loyalty) * 2^21 + its place: exact in a double, sorted natively without a
 * comparator. False (and nothing moved) when a loyalty or the bucket is too large for the key.
 */
function byLoyaltyKeys(loyalty: Float64Array, at: Int32Array, from: number, to: number): boolean {
  const n = to - from;
  if (n >= IN_BUCKET) return false;
  if (n > keys.length) {
    keys = new Float64Array(2 * n);
    placed = new Int32Array(2 * n);
  }
  for (let j = 0; j < n; j++) {
    const p = at[from + j] as number;
    const l = loyalty[p] as number;
    if (!Number.isSafeInteger(l) || l < 0 || l >= LOYALTY_KEYS) return false;
    keys[j] = (LOYALTY_KEYS - l) * IN_BUCKET + j;
    placed[j] = p;
  }
  const k = keys.subarray(0, n).sort();
  for (let j = 0; j < n; j++) at[from + j] = placed[(k[j] as number) % IN_BUCKET] as number;
  return true;
}

function idsAscend(id: Float64Array, at: Int32Array, from: number, to: number): boolean {
  for (let j = from + 1; j < to; j++) {
    if ((id[at[j - 1] as number] as number) >= (id[at[j] as number] as number)) return false;
  }
  return true;
}

/** The book over columns; its sides are scratch until the next book (see {@link SideAt}). */
export function sortBook(c: OrderColumns, tie: TieBreak): ColumnBook {
  if (c.count > bidAt.length) {
    bidAt = new Int32Array(2 * c.count);
    askAt = new Int32Array(2 * c.count);
  }
  return { orders: c, bids: sideAt(c, 1, tie, bidAt), asks: sideAt(c, 0, tie, askAt) };
}

function sortedSide(orders: readonly Order[], s: SideAt): SortedSide {
  const positions = new Array<number>(s.count);
  const sorted = new Array<Order>(s.count);
  for (let j = 0; j < s.count; j++) {
    const p = s.at[j] as number;
    positions[j] = p;
    sorted[j] = orders[p] as Order;
  }
  return { orders: sorted, positions, units: s.units };
}

export function buildBook(orders: readonly Order[], tie: TieBreak): Book {
  const b = sortBook(OrderColumns.of(orders), tie);
  return { bids: sortedSide(orders, b.bids), asks: sortedSide(orders, b.asks) };
}

/** Price of unit i (1-based) of a side over columns, or undefined past its end. */
export function unitPriceAt(c: OrderColumns, s: SideAt, i: number): number | undefined {
  let seen = 0;
  for (let j = 0; j < s.count; j++) {
    const p = s.at[j] as number;
    seen += (c.energyWh[p] as number) / DIV_WH;
    if (i <= seen) return c.price[p] as number;
  }
  return undefined;
}

/** {@link breakevenIndex} over columns. */
export function breakevenAt(book: ColumnBook): number {
  const { bids, asks } = book;
  const { price, energyWh } = book.orders;
  let k = 0;
  let bi = 0;
  let ai = 0;
  let bLeft = bids.count > 0 ? (energyWh[bids.at[0] as number] as number) / DIV_WH : 0;
  let aLeft = asks.count > 0 ? (energyWh[asks.at[0] as number] as number) / DIV_WH : 0;
  while (bi < bids.count && ai < asks.count) {
    if ((price[bids.at[bi] as number] as number) < (price[asks.at[ai] as number] as number)) break;
    const m = Math.min(bLeft, aLeft);
    k += m;
    bLeft -= m;
    aLeft -= m;
    if (bLeft === 0 && ++bi < bids.count)
      bLeft = (energyWh[bids.at[bi] as number] as number) / DIV_WH;
    if (aLeft === 0 && ++ai < asks.count)
      aLeft = (energyWh[asks.at[ai] as number] as number) / DIV_WH;
  }
  return k;
}

/**
 * {@link matchUnits} over columns: `priceOf` takes the bid's and the ask's input positions and
 * gives the seller's base units per Wh (the uniform and loyalty clearings: the buyer pays the
 * same).
 */
export function matchAt(
  book: ColumnBook,
  k: number,
  priceOf: (bid: number, ask: number) => number,
): { trades: Trade[]; approved: Float64Array } {
  const c = book.orders;
  const { id, agent, energyWh } = c;
  const approved = approvedSlab.take(c.count);
  const trades: Trade[] = [];
  const { bids, asks } = book;
  let bi = 0;
  let ai = 0;
  let bLeft = bids.count > 0 ? (energyWh[bids.at[0] as number] as number) / DIV_WH : 0;
  let aLeft = asks.count > 0 ? (energyWh[asks.at[0] as number] as number) / DIV_WH : 0;
  let left = k;
  while (left > 0) {
    const bp = bids.at[bi] as number;
    const ap = asks.at[ai] as number;
    const m = Math.min(bLeft, aLeft, left);
    trades.push({
      buyOrder: id[bp] as number,
      sellOrder: id[ap] as number,
      buyer: agent[bp] as number,
      seller: agent[ap] as number,
      energyWh: m * DIV_WH,
      pricePerWh: priceOf(bp, ap),
    });
    approved[bp] = (approved[bp] as number) + m;
    approved[ap] = (approved[ap] as number) + m;
    left -= m;
    bLeft -= m;
    aLeft -= m;
    if (bLeft === 0 && ++bi < bids.count)
      bLeft = (energyWh[bids.at[bi] as number] as number) / DIV_WH;
    if (aLeft === 0 && ++ai < asks.count)
      aLeft = (energyWh[asks.at[ai] as number] as number) / DIV_WH;
  }
  return { trades, approved };
}

/** {@link fillColumnsFor} over columns. */
export function fillColumnsAt(
  book: ColumnBook,
  approvedUnits: Float64Array,
  referencePrice: number | null,
): FillColumns {
  const { buy, price, energyWh } = book.orders;
  const n = book.orders.count;
  const buf = fillSlab.take(3 * n);
  const approvedWh = buf.subarray(0, n);
  const returnedWh = buf.subarray(n, 2 * n);
  const rejectedWh = buf.subarray(2 * n, 3 * n);
  const noBids = book.bids.count === 0;
  const noAsks = book.asks.count === 0;
  for (let i = 0; i < n; i++) {
    const isBuy = buy[i] === 1;
    const approved = (approvedUnits[i] as number) * DIV_WH;
    const rest = (energyWh[i] as number) - approved;
    let acceptable: boolean;
    if (isBuy ? noAsks : noBids) acceptable = true;
    else if (referencePrice === null) acceptable = false;
    else
      acceptable = isBuy
        ? (price[i] as number) >= referencePrice
        : (price[i] as number) <= referencePrice;
    approvedWh[i] = approved;
    returnedWh[i] = acceptable ? rest : 0;
    rejectedWh[i] = acceptable ? 0 : rest;
  }
  return { approvedWh, returnedWh, rejectedWh };
}

/** Prices of the unit orders of one side, in priority order (b_1 >= b_2 >= ... or s_1 <= ...). */
export function unitPrices(s: SortedSide): number[] {
  const out: number[] = [];
  for (const o of s.orders) for (let u = 0; u < o.energyWh / DIV_WH; u++) out.push(o.price);
  return out;
}

/** Price of unit i (1-based) of a side, or undefined past its end. */
export function unitPrice(s: SortedSide, i: number): number | undefined {
  let seen = 0;
  for (const o of s.orders) {
    seen += o.energyWh / DIV_WH;
    if (i <= seen) return o.price;
  }
  return undefined;
}

/**
 * The breakeven index k: the largest k with b_k >= s_k (0 when no unit trades). Because bids
 * descend and asks ascend, b_i >= s_i holds exactly for i <= k.
 */
export function breakevenIndex(book: Book): number {
  const { bids, asks } = book;
  let k = 0;
  let bi = 0;
  let ai = 0;
  let bLeft = bids.orders[0] ? bids.orders[0].energyWh / DIV_WH : 0;
  let aLeft = asks.orders[0] ? asks.orders[0].energyWh / DIV_WH : 0;
  while (bi < bids.orders.length && ai < asks.orders.length) {
    const b = bids.orders[bi] as Order;
    const a = asks.orders[ai] as Order;
    if (b.price < a.price) break;
    const m = Math.min(bLeft, aLeft);
    k += m;
    bLeft -= m;
    aLeft -= m;
    if (bLeft === 0 && ++bi < bids.orders.length)
      bLeft = (bids.orders[bi] as Order).energyWh / DIV_WH;
    if (aLeft === 0 && ++ai < asks.orders.length)
      aLeft = (asks.orders[ai] as Order).energyWh / DIV_WH;
  }
  return k;
}

/**
 * The range of equilibrium prices [max(s_k, b_{k+1}), min(b_k, s_{k+1})] (thesis table 4.2);
 * a missing b_{k+1} / s_{k+1} does not bound the range. Null when k = 0.
 */
export function equilibriumRange(book: Book, k: number): [number, number] | null {
  if (k === 0) return null;
  const bk = unitPrice(book.bids, k) as number;
  const sk = unitPrice(book.asks, k) as number;
  const bk1 = unitPrice(book.bids, k + 1);
  const sk1 = unitPrice(book.asks, k + 1);
  return [Math.max(sk, bk1 ?? -Infinity), Math.min(bk, sk1 ?? Infinity)];
}

/** What one run of matched units trades at: the seller's price, and the buyer's where it differs. */
export interface PairPrice {
  /** Base units per Wh the seller receives. */
  readonly pricePerWh: number;
  /** Base units per Wh the buyer pays, when it differs (McAfee's reduced trades). */
  readonly buyerPricePerWh?: number;
}

/**
 * Walks the first k units of both sides in priority order, recording one trade per run of units
 * that one bid order and one ask order trade with each other, priced by the mechanism's
 * `priceOf`. Returns the trades and the approved units per input position.
 */
export function matchUnits<P extends PairPrice>(
  book: Book,
  k: number,
  orderCount: number,
  priceOf: (bid: Order, ask: Order) => P,
): { trades: (Trade & P)[]; approved: Float64Array } {
  // Units counted in doubles, exact to 2^53: an order may hold far more than 2^31 units (a 3e11 Wh
  // book given to `clear` wrapped to negative counts in 32 bits).
  const approved = approvedSlab.take(orderCount);
  const trades: (Trade & P)[] = [];
  const { bids, asks } = book;
  let bi = 0;
  let ai = 0;
  let bLeft = bids.orders[0] ? bids.orders[0].energyWh / DIV_WH : 0;
  let aLeft = asks.orders[0] ? asks.orders[0].energyWh / DIV_WH : 0;
  let left = k;
  while (left > 0) {
    const b = bids.orders[bi] as Order;
    const a = asks.orders[ai] as Order;
    const m = Math.min(bLeft, aLeft, left);
    // Both prices are constant over a run of units between one bid order and one ask order, so
    // a run is one trade.
    trades.push({
      buyOrder: b.id,
      sellOrder: a.id,
      buyer: b.agent,
      seller: a.agent,
      energyWh: m * DIV_WH,
      ...priceOf(b, a),
    });
    const bp = bids.positions[bi] as number;
    const ap = asks.positions[ai] as number;
    approved[bp] = (approved[bp] as number) + m;
    approved[ap] = (approved[ap] as number) + m;
    left -= m;
    bLeft -= m;
    aLeft -= m;
    if (bLeft === 0 && ++bi < bids.orders.length)
      bLeft = (bids.orders[bi] as Order).energyWh / DIV_WH;
    if (aLeft === 0 && ++ai < asks.orders.length)
      aLeft = (asks.orders[ai] as Order).energyWh / DIV_WH;
  }
  return { trades, approved };
}

/** Every order's fill as three columns in input order (Wh): what the settlement reads. */
export interface FillColumns {
  readonly approvedWh: Float64Array;
  readonly returnedWh: Float64Array;
  readonly rejectedWh: Float64Array;
}

/**
 * Statuses of every order, per unit summed back to Wh. Units not traded are `returned` when the
 * order's price was acceptable at the reference price (there was simply no counterpart left) and
 * `rejected` when priced out. With no counterpart side at all, every unit is returned (the
 * no-buyer / no-seller edge cases of docs/MODEL.md "Clearing mechanisms", not penalised).
 */
export function fillColumnsFor(
  orders: readonly Order[],
  approvedUnits: Float64Array,
  referencePrice: number | null,
  book: Book,
): FillColumns {
  const n = orders.length;
  const buf = fillSlab.take(3 * n);
  const approvedWh = buf.subarray(0, n);
  const returnedWh = buf.subarray(n, 2 * n);
  const rejectedWh = buf.subarray(2 * n, 3 * n);
  const noBids = book.bids.orders.length === 0;
  const noAsks = book.asks.orders.length === 0;
  for (let i = 0; i < n; i++) {
    const o = orders[i] as Order;
    const approved = (approvedUnits[i] as number) * DIV_WH;
    const rest = o.energyWh - approved;
    let acceptable: boolean;
    if (o.side === 'buy' ? noAsks : noBids) acceptable = true;
    else if (referencePrice === null) acceptable = false;
    else acceptable = o.side === 'buy' ? o.price >= referencePrice : o.price <= referencePrice;
    approvedWh[i] = approved;
    returnedWh[i] = acceptable ? rest : 0;
    rejectedWh[i] = acceptable ? 0 : rest;
  }
  return { approvedWh, returnedWh, rejectedWh };
}

/**
 * A clearing whose fills are columns: the fill objects and the explanation are made when first
 * read (the round inspector reads them; a round of a run must not pay for them). A class, not
 * an object literal with getters, which V8 makes in its slow path at a cost a round of 30
 * households notices (docs: BENCHMARKS.md); the getters are also each instance's own
 * enumerable properties (slab.ts ownGetters), so a spread copies them as it did the literal's.
 */
export class ColumnClearing implements ClearingResult {
  readonly auctioneerSurplus = 0;
  readonly #orders: OrderColumns;
  readonly #explain: (orders: readonly Order[], fills: readonly OrderFill[]) => ClearingExplanation;
  #fills: OrderFill[] | undefined;
  #explanation: ClearingExplanation | undefined;

  constructor(
    readonly mechanism: MechanismName,
    readonly clearingPrice: number | null,
    readonly trades: readonly Trade[],
    readonly fillColumns: FillColumns,
    orders: OrderColumns,
    explain: (orders: readonly Order[], fills: readonly OrderFill[]) => ClearingExplanation,
  ) {
    this.#orders = orders;
    this.#explain = explain;
    Object.defineProperties(this, CLEARING_GETTERS);
  }

  get fills(): readonly OrderFill[] {
    return (this.#fills ??= fillsOfIds(this.#orders.id, this.fillColumns));
  }

  get explanation(): ClearingExplanation {
    return (this.#explanation ??= this.#explain(this.#orders.orders, this.fills));
  }
}
const CLEARING_GETTERS = ownGetters(ColumnClearing.prototype, ['fills', 'explanation']);

/** The fills as objects, one per order in input order (what ClearingResult.fills holds). */
export function fillsOf(orders: readonly Order[], c: FillColumns): OrderFill[] {
  return fillsOfIds(
    orders.map((o) => o.id),
    c,
  );
}

function fillsOfIds(ids: ArrayLike<number>, c: FillColumns): OrderFill[] {
  const out: OrderFill[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    out[i] = {
      id: ids[i] as number,
      approvedWh: c.approvedWh[i] as number,
      returnedWh: c.returnedWh[i] as number,
      rejectedWh: c.rejectedWh[i] as number,
    };
  }
  return out;
}

/** The fill objects' columns (for a mechanism that made objects only). */
export function columnsOf(fills: readonly OrderFill[]): FillColumns {
  const n = fills.length;
  const c = {
    approvedWh: new Float64Array(n),
    returnedWh: new Float64Array(n),
    rejectedWh: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const f = fills[i] as OrderFill;
    c.approvedWh[i] = f.approvedWh;
    c.returnedWh[i] = f.returnedWh;
    c.rejectedWh[i] = f.rejectedWh;
  }
  return c;
}

/** {@link fillColumnsFor} as objects. */
export function fillsFor(
  orders: readonly Order[],
  approvedUnits: Float64Array,
  referencePrice: number | null,
  book: Book,
): OrderFill[] {
  return fillsOf(orders, fillColumnsFor(orders, approvedUnits, referencePrice, book));
}

/**
 * The explanation of a clearing from its fills: nothing left is `traded`, a rejected rest
 * `priced-out`, a returned rest with the other side empty `unopposed`, else `left-over`, or
 * `given-up` for the orders a rule removed (`givenUp`: order ids). Each mechanism passes the
 * reference prices its own statuses were judged by.
 */
export function explainFills(
  orders: readonly Order[],
  fills: readonly OrderFill[],
  buyReference: ReferencePrice | null,
  sellReference: ReferencePrice | null = buyReference,
  givenUp?: ReadonlySet<number>,
): ClearingExplanation {
  let buys = false;
  let sells = false;
  for (const o of orders) {
    if (o.side === 'buy') buys = true;
    else sells = true;
  }
  const reasons = orders.map((o, i): FillReason => {
    const f = fills[i] as OrderFill;
    if (f.returnedWh === 0 && f.rejectedWh === 0) return 'traded';
    if (f.rejectedWh > 0) return 'priced-out';
    if (o.side === 'buy' ? !sells : !buys) return 'unopposed';
    return givenUp?.has(o.id) ? 'given-up' : 'left-over';
  });
  return { reasons, buyReference, sellReference };
}

/** A reference price, or null when there is none. */
export function reference(price: number | null, name: string): ReferencePrice | null {
  return price === null || !Number.isFinite(price) ? null : { price, name };
}
