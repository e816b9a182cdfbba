/**
 * Decision phase (docs/MODEL.md "One simulated hour", steps 3-5): every household forecasts its
 * consumption of the coming hour, decides to buy, sell or sit out against its battery threshold,
 * sizes the order in 100 Wh units, prices it (zero intelligence, or its Q table after the
 * learning days: docs/MODEL.md "Q-learning") and keeps a buy within its coin budget. The
 * households decide in a fresh seeded shuffle every round, which fixes the order ids, so the
 * book's id tie rule favours nobody systematically.
 */
import { averageRecentUse, averageUseWithCurrent, windowFull, type Households } from './households';
import { ziPrice } from './pricing';
import { consumption } from './profiles';
import type { Learners, QState, QTable } from './qlearning';
import type { Rng } from './rng';
import type { LiveParams, Scenario } from './scenario';
import { OrderColumns } from './auctions/orders';
import type { Side, Weather } from './types';
import { DIV_WH, pricePerWhFromCoinsPer100Wh, roundHalfEven } from './units';

/** Where in time a decision is made. */
export interface DecisionHour {
  /** Hour of day of this round (the Q state's hour). */
  readonly hourOfDay: number;
  /** Day and hour of day of the coming hour, whose consumption is forecast. */
  readonly nextDay: number;
  readonly nextHourOfDay: number;
  /** The only weather known: this round's. */
  readonly weather: Weather;
  /** The round's index (the ring slot of its consumption); 0 where absent. */
  readonly round?: number;
  /** True while learners still price with zero intelligence (and only record outcomes). */
  readonly learningPhase: boolean;
}

export interface DecisionStreams {
  /** Shuffles the households every round, which assigns the order ids. */
  readonly orderIds: Rng;
  /** Per household: the consumption draws (two per hour) and the price draws. */
  readonly consumption: readonly Rng[];
  readonly price: readonly Rng[];
}

/**
 * The round's book: at most one order per household, ids 0.. in the order they were made, as
 * columns (auctions/orders.ts: its Order objects are made only when read).
 * `sequence` is that order of households for the round last decided (people.ts places a
 * person's order where its household stands in it).
 */
export type DecisionPhase = ((when: DecisionHour, live: Readonly<LiveParams>) => OrderColumns) & {
  readonly sequence: Int32Array;
};

/** Of `energyWh`, the whole 100 Wh units `coins` pay for at limit `price` (coins per 100 Wh). */
export function affordableWh(coins: number, price: number, energyWh: number): number {
  const unitCost = pricePerWhFromCoinsPer100Wh(price) * DIV_WH;
  if (unitCost <= 0) return energyWh;
  return Math.min(energyWh, Math.floor(coins / unitCost) * DIV_WH);
}

export function createDecisionPhase(
  s: Scenario,
  h: Households,
  streams: DecisionStreams,
  learners: Learners | null,
): DecisionPhase {
  const n = h.count;
  const cap = h.capacityWh;
  // The battery the decision reads: this round's, or the previous round's (the code's fault).
  const { staleBatteryWh: seenWh, coins, money, loyalty, forecastWh, directBuyWh } = h;
  const { orderIds, consumption: consumptionStreams, price: priceStreams } = streams;
  const { mode, midRangeWh, buyShapes } = s.pricing;
  const midMin = s.pricing.midRangeMinWh;
  const midMax = s.pricing.midRangeMaxWh;
  const shuffled = s.orders.tieOrder === 'shuffled';
  const floorBuys = s.decision.buyRounding === 'floor';
  const buyCoins = s.coins.whenShort === 'buy-cost';
  const moneyPerCoin = s.coins.moneyPerCoin;
  const learn = s.learning;
  const warmupZero = learn.avgConsWarmup === 'zero';
  const codeLookup = learn.lookup === 'thesis-code';
  const faults = s.thesisCode.faults;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // The round's orders are written here and copied out cut to their count.
  const book = new OrderColumns(n);

  /** Fisher-Yates over the households, from the last down. */
  const shuffle = (): void => {
    for (let i = n - 1; i > 0; i--) {
      const j = orderIds.int(i + 1);
      const tmp = order[i] as number;
      order[i] = order[j] as number;
      order[j] = tmp;
    }
  };

  const phase = (when: DecisionHour, live: Readonly<LiveParams>): OrderColumns => {
    const thresholdWh = roundHalfEven(live.batteryThreshold * cap);
    // Household order (the code's fixed dictionary order) or a fresh shuffle fixes the ids.
    if (shuffled) shuffle();
    const hour = when.hourOfDay;
    const smallBelow = midMin ? (midMin[hour] as number) : midRangeWh;
    const largeAbove = midMax ? (midMax[hour] as number) : midRangeWh;
    let count = 0;
    for (let p = 0; p < n; p++) {
      const i = order[p] as number;
      const f = consumption(
        consumptionStreams[i] as Rng,
        when.nextDay,
        when.nextHourOfDay,
        when.weather,
        s,
      );
      forecastWh[i] = f;
      const after = (seenWh[i] as number) - f;
      let side: Side;
      let energyWh: number;
      if (after < 0) {
        side = 'buy';
        // Floored (the code), the rest of the need is met from the grid at consumption.
        energyWh = (floorBuys ? Math.floor(-after / DIV_WH) : Math.ceil(-after / DIV_WH)) * DIV_WH;
        if (energyWh === 0) continue;
      } else {
        const surplus = after - thresholdWh;
        if (surplus < DIV_WH) continue;
        side = 'sell';
        energyWh = Math.floor(surplus / DIV_WH) * DIV_WH;
      }
      let price: number | null = null;
      if (learners) {
        const st = learners.states[i] as QState;
        st.hour = when.hourOfDay;
        st.batteryPct = ((seenWh[i] as number) / cap) * 100;
        const average = (): number =>
          learn.avgConsIncludesCurrent
            ? averageUseWithCurrent(h, i, f, (when.round ?? 0) % h.useWindow, warmupZero)
            : warmupZero && !windowFull(h, i)
              ? 0
              : averageRecentUse(h, i);
        st.avgConsWh = learn.stateConsumption === 'forecast' ? f : average();
        if (!when.learningPhase) {
          const table = learners.tables[i] as QTable;
          // The code's look-up samples side 0 (buy) for everyone and its average consumption,
          // against records that hold the forecast (row 47's faults); fixed, the order's own
          // side and the state as recorded.
          const found = !codeLookup
            ? table.lookup(side, st)
            : faults
              ? table.lookupCode('buy', { ...st, avgConsWh: average() })
              : table.lookupCode(side, st);
          // Clamped to the price list: a price the simple branch's fault keyed by energy (300)
          // would otherwise be bid (the code bids it).
          if (found !== null) price = Math.min(live.priceMax, Math.max(live.priceMin, found));
        }
      }
      if (price === null) {
        price = ziPrice(
          priceStreams[i] as Rng,
          mode,
          side,
          energyWh,
          smallBelow,
          live.priceMin,
          live.priceMax,
          largeAbove,
          buyShapes,
        );
      }
      if (side === 'buy' && buyCoins) {
        // The thesis code: short of coins for the whole bid, buy its whole cost (not the
        // shortfall) with money, then send the order whole.
        const cost = energyWh * pricePerWhFromCoinsPer100Wh(price);
        if ((coins[i] as number) < cost) {
          coins[i] = (coins[i] as number) + cost;
          money[i] = (money[i] as number) - roundHalfEven(cost * moneyPerCoin);
        }
      } else if (side === 'buy') {
        // Coin budget: a buyer never offers more than its coins can pay at its own limit price
        // (the chain would refuse the transfer); the rest of its need goes straight to the grid.
        const affordable = affordableWh(coins[i] as number, price, energyWh);
        if (affordable < energyWh) {
          directBuyWh[i] = energyWh - affordable;
          energyWh = affordable;
          if (energyWh === 0) continue;
        }
      }
      book.id[count] = count;
      book.agent[count] = i;
      book.buy[count] = side === 'buy' ? 1 : 0;
      book.energyWh[count] = energyWh;
      book.price[count] = price;
      book.loyalty[count] = loyalty[i] as number;
      count++;
    }
    return book.head(count);
  };
  return Object.assign(phase, { sequence: order });
}
