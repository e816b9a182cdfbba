/**
 * One round explained: the order book as supply and demand steps with the point where they cross
 * and the price marked, every order with its status and the reason in words, every trade, each
 * household's grid purchases and sales, loyalty and learning change. The round inspector of the
 * page shows this; it is built from what the engine computed (the round, the mechanism's
 * clearing and its explanation, the households before the round), never re-derived.
 *
 * Units as everywhere in the engine: energy in Wh, value in base units, prices in coins per
 * 100 Wh (what orders quote), loyalty as a share (1 = the start).
 */
import type { ClearingResult, FillReason, ReferencePrice } from './auctions/mechanism';
import type { HouseholdState } from './households';
import type { LiveParams, Scenario } from './scenario';
import type { RoundResult } from './simulation';
import type { Order, OrderFill, Side, Weather } from './types';
import { coinsPer100WhFromPricePerWh, LOYALTY_SCALE } from './units';

export type OrderStatus = 'approved' | 'returned' | 'rejected';

export interface ExplainedOrder {
  readonly id: number;
  readonly household: number;
  readonly side: Side;
  readonly energyWh: number;
  /** Limit price, coins per 100 Wh. */
  readonly price: number;
  readonly approvedWh: number;
  readonly returnedWh: number;
  readonly rejectedWh: number;
  /** The order's outcome as loyalty and learning see it: approved if any Wh traded. */
  readonly status: OrderStatus;
  /** Why its untraded rest (or all of it) ended as it did, in the mechanism's terms. */
  readonly reason: FillReason;
  /** The reason in words ("priced out: bid 3 is under the clearing price 4.5"). */
  readonly why: string;
  /** A buy's unfilled Wh, bought from the grid instead. */
  readonly gridWh: number;
}

export interface ExplainedTrade {
  readonly buyer: number;
  readonly seller: number;
  readonly buyOrder: number;
  readonly sellOrder: number;
  readonly energyWh: number;
  /** What the seller received and the buyer paid, coins per 100 Wh (equal but under McAfee). */
  readonly price: number;
  readonly buyerPrice: number;
  /** The same in base units per Wh, as the chain records them. */
  readonly pricePerWh: number;
  readonly buyerPricePerWh: number;
}

/** One order on a curve: its Wh span along the curve and its price. */
export interface BookStep {
  readonly fromWh: number;
  readonly toWh: number;
  readonly price: number;
  readonly household: number;
  readonly order: number;
}

export interface HouseholdChange {
  readonly household: number;
  readonly hasPv: boolean;
  readonly batteryBeforeWh: number;
  readonly batteryAfterWh: number;
  /** Base units. */
  readonly coinsBefore: number;
  readonly coinsAfter: number;
  readonly moneyBefore: number;
  readonly moneyAfter: number;
  /** Shares (1 = the start). */
  readonly loyaltyBefore: number;
  readonly loyaltyAfter: number;
  /** This round, Wh. */
  readonly boughtWh: number;
  readonly soldWh: number;
  readonly gridImportWh: number;
  readonly gridExportWh: number;
  readonly producedWh: number;
  readonly consumedWh: number;
  /** The Q-learning reward its order earned this round (null: no order, or no learning). */
  readonly reward: number | null;
}

export interface RoundExplanation {
  readonly round: number;
  readonly day: number;
  readonly hourOfDay: number;
  readonly weather: Weather;
  readonly mechanism: ClearingResult['mechanism'];
  readonly params: Readonly<LiveParams>;
  readonly learningPhase: boolean;
  readonly learning: boolean;
  /** The mechanism's single price, coins per 100 Wh, when it has one. */
  readonly clearingPrice: number | null;
  readonly buyReference: ReferencePrice | null;
  readonly sellReference: ReferencePrice | null;
  /** Bids by price descending, asks ascending, each order a step. */
  readonly demand: readonly BookStep[];
  readonly supply: readonly BookStep[];
  /** Wh up to which the curves cross (demand at or above supply): what could trade at most. */
  readonly crossWh: number;
  /** The point marked on the curves: the Wh traded and the price shown there (null: none). */
  readonly marked: {
    readonly energyWh: number;
    readonly price: number | null;
    readonly name: string;
  };
  readonly orders: readonly ExplainedOrder[];
  readonly trades: readonly ExplainedTrade[];
  /** Input positions of the orders in their arrival order (the continuous auction). */
  readonly arrivals: readonly number[] | null;
  readonly households: readonly HouseholdChange[];
  readonly tradedWh: number;
  readonly auctioneerSurplus: number;
  /** The round in one sentence. */
  readonly summary: string;
}

/** What explainRound reads: the round, its clearing, and the households before it. */
export interface RoundInput {
  readonly result: RoundResult;
  readonly cleared: ClearingResult;
  readonly before: readonly HouseholdState[];
}

/** A price as words show it: at most three decimals, no trailing zeros. */
export function priceText(p: number): string {
  return String(Math.round(p * 1000) / 1000);
}

const whText = (wh: number): string => `${wh.toLocaleString('en-US')} Wh`;

function curve(orders: readonly Order[], side: Side): BookStep[] {
  const dir = side === 'buy' ? -1 : 1;
  const mine = orders.filter((o) => o.side === side);
  mine.sort((a, b) => dir * (a.price - b.price) || a.id - b.id);
  const out: BookStep[] = [];
  let at = 0;
  for (const o of mine) {
    out.push({
      fromWh: at,
      toWh: at + o.energyWh,
      price: o.price,
      household: o.agent,
      order: o.id,
    });
    at += o.energyWh;
  }
  return out;
}

/** Wh up to which demand is at or above supply: where the curves cross. */
function crossing(demand: readonly BookStep[], supply: readonly BookStep[]): number {
  let at = 0;
  let i = 0;
  let j = 0;
  while (i < demand.length && j < supply.length) {
    const d = demand[i] as BookStep;
    const s = supply[j] as BookStep;
    if (d.price < s.price) break;
    at = Math.min(d.toWh, s.toWh);
    if (d.toWh === at) i++;
    if (s.toWh === at) j++;
  }
  return at;
}

function whyText(
  o: Order,
  f: OrderFill,
  reason: FillReason,
  ref: ReferencePrice | null,
  best: { bid: number | null; ask: number | null },
): string {
  const buy = o.side === 'buy';
  const rest = (() => {
    switch (reason) {
      case 'traded':
        return `traded all ${whText(o.energyWh)}`;
      case 'unopposed':
        return buy ? 'no sellers this hour' : 'no buyers this hour';
      case 'left-over':
        return buy
          ? 'no seller left at an acceptable price'
          : 'no buyer left at an acceptable price';
      case 'given-up':
        return "given up by McAfee's trade reduction: the marginal orders never trade, so no trader's own price sets the price";
      case 'priced-out':
        if (ref) {
          return buy
            ? `priced out: bid ${priceText(o.price)} is under ${ref.name} ${priceText(ref.price)}`
            : `priced out: ask ${priceText(o.price)} is over ${ref.name} ${priceText(ref.price)}`;
        }
        return best.bid !== null && best.ask !== null
          ? `priced out: nothing crossed, the best bid ${priceText(best.bid)} is under the best ask ${priceText(best.ask)}`
          : 'priced out: nothing crossed';
    }
  })();
  if (f.approvedWh > 0 && reason !== 'traded') {
    return `${whText(f.approvedWh)} of ${whText(o.energyWh)} traded; the rest: ${rest}`;
  }
  return rest;
}

function statusOf(f: OrderFill): OrderStatus {
  if (f.approvedWh > 0) return 'approved';
  return f.returnedWh > 0 ? 'returned' : 'rejected';
}

export function explainRound(scenario: Scenario, input: RoundInput): RoundExplanation {
  const { result: r, cleared, before } = input;
  const x = cleared.explanation;
  const orders = r.orders;
  let bestBid: number | null = null;
  let bestAsk: number | null = null;
  for (const o of orders) {
    if (o.side === 'buy') bestBid = bestBid === null ? o.price : Math.max(bestBid, o.price);
    else bestAsk = bestAsk === null ? o.price : Math.min(bestAsk, o.price);
  }
  const learning = scenario.learning.enabled;
  const rewardOf = new Map<number, number>();
  const explained = orders.map((o, i): ExplainedOrder => {
    const f = r.fills[i] as OrderFill;
    const reason = x?.reasons[i] ?? (f.approvedWh === o.energyWh ? 'traded' : 'left-over');
    const ref = (o.side === 'buy' ? x?.buyReference : x?.sellReference) ?? null;
    const status = statusOf(f);
    if (learning) {
      const l = scenario.learning;
      rewardOf.set(
        o.agent,
        status === 'approved'
          ? l.rewardTraded
          : status === 'returned'
            ? l.rewardReturned
            : l.rewardRejected,
      );
    }
    return {
      id: o.id,
      household: o.agent,
      side: o.side,
      energyWh: o.energyWh,
      price: o.price,
      approvedWh: f.approvedWh,
      returnedWh: f.returnedWh,
      rejectedWh: f.rejectedWh,
      status,
      reason,
      why: whyText(o, f, reason, ref, { bid: bestBid, ask: bestAsk }),
      gridWh: o.side === 'buy' ? o.energyWh - f.approvedWh : 0,
    };
  });

  const trades = r.trades.map((t): ExplainedTrade => ({
    buyer: t.buyer,
    seller: t.seller,
    buyOrder: t.buyOrder,
    sellOrder: t.sellOrder,
    energyWh: t.energyWh,
    price: coinsPer100WhFromPricePerWh(t.pricePerWh),
    buyerPrice: coinsPer100WhFromPricePerWh(t.buyerPricePerWh ?? t.pricePerWh),
    pricePerWh: t.pricePerWh,
    buyerPricePerWh: t.buyerPricePerWh ?? t.pricePerWh,
  }));
  const tradedWh = trades.reduce((s, t) => s + t.energyWh, 0);
  const bought = new Map<number, number>();
  const sold = new Map<number, number>();
  for (const t of trades) {
    bought.set(t.buyer, (bought.get(t.buyer) ?? 0) + t.energyWh);
    sold.set(t.seller, (sold.get(t.seller) ?? 0) + t.energyWh);
  }

  const households = r.households.map((after): HouseholdChange => {
    const b = before[after.index] ?? after;
    return {
      household: after.index,
      hasPv: after.hasPv,
      batteryBeforeWh: b.batteryWh,
      batteryAfterWh: after.batteryWh,
      coinsBefore: b.coinBalance,
      coinsAfter: after.coinBalance,
      moneyBefore: b.moneyBalance,
      moneyAfter: after.moneyBalance,
      loyaltyBefore: b.loyalty / LOYALTY_SCALE,
      loyaltyAfter: after.loyalty / LOYALTY_SCALE,
      boughtWh: bought.get(after.index) ?? 0,
      soldWh: sold.get(after.index) ?? 0,
      gridImportWh: after.gridImportWh - b.gridImportWh,
      gridExportWh: after.gridExportWh - b.gridExportWh,
      producedWh: after.producedWh - b.producedWh,
      consumedWh: after.consumedWh - b.consumedWh,
      reward: rewardOf.get(after.index) ?? null,
    };
  });

  const demand = curve(orders, 'buy');
  const supply = curve(orders, 'sell');
  const buyReference = x?.buyReference ?? null;
  const sellReference = x?.sellReference ?? null;
  const markedPrice = r.clearingPrice ?? buyReference?.price ?? null;
  const markedName =
    r.clearingPrice !== null
      ? cleared.mechanism === 'community'
        ? 'the community rate'
        : 'the clearing price'
      : (buyReference?.name ?? 'no price');
  return {
    round: r.round,
    day: r.day,
    hourOfDay: r.hourOfDay,
    weather: r.weather,
    mechanism: cleared.mechanism,
    params: r.params,
    learningPhase: r.learningPhase,
    learning,
    clearingPrice: r.clearingPrice,
    buyReference,
    sellReference,
    demand,
    supply,
    crossWh: crossing(demand, supply),
    marked: { energyWh: tradedWh, price: markedPrice, name: markedName },
    orders: explained,
    trades,
    arrivals: x?.arrivals ? [...x.arrivals] : null,
    households,
    tradedWh,
    auctioneerSurplus: cleared.auctioneerSurplus,
    summary: summaryOf(explained, trades.length, tradedWh, markedPrice, markedName),
  };
}

function summaryOf(
  orders: readonly ExplainedOrder[],
  tradeCount: number,
  tradedWh: number,
  price: number | null,
  name: string,
): string {
  const buyers = orders.filter((o) => o.side === 'buy').length;
  const sellers = orders.length - buyers;
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const book = `${count(buyers, 'buyer', 'buyers')} and ${count(sellers, 'seller', 'sellers')}`;
  if (tradeCount > 0) {
    const at = price !== null ? ` at ${name} ${priceText(price)}` : '';
    return `${count(tradeCount, 'trade', 'trades')}, ${whText(tradedWh)}${at}; ${book} in the book.`;
  }
  if (orders.length === 0) return 'No trade: no household sent an order this hour.';
  if (sellers === 0)
    return `No trade: ${count(buyers, 'buyer', 'buyers')} waiting, no sellers this hour.`;
  if (buyers === 0)
    return `No trade: ${count(sellers, 'seller', 'sellers')} offering, no buyers this hour.`;
  const first = orders.find((o) => o.reason === 'priced-out');
  return `No trade: ${book}; ${first ? first.why : 'nothing matched'}.`;
}
