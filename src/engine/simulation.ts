/**
 * The simulation: one call to step() is one simulated hour t (SPEC.md "One simulated hour"):
 *  1. weather of hour t;
 *  2. production of hour t-1 (its hour of day and weather) into the battery, overflow sold to
 *     the grid at once (money in);
 *  3. consumption forecast for hour t+1 (its hour of day, weather of t);
 *  4. decision buy / sell / skip against the battery threshold;
 *  5. limit price: zero intelligence, or the Q table after the learning days;
 *  6. clearing by the scenario's mechanism;
 *  7. settlement: coins buyer -> seller, unfilled buys from the grid (money out), loyalty and Q
 *     updates (daily Q decay at the end of each day);
 *  8. consumption of hour t+1 from the battery, any shortfall from the grid.
 *
 * Per household per round, exactly (all integers, Wh):
 *   produced + gridImport + boughtLocally = consumed + (battery change) + gridExport + soldLocally
 * Hot-loop state lives in typed arrays; the only per-round allocations are the result objects.
 */
import { createMechanism } from './auctions';
import type { ClearingResult, Mechanism } from './auctions';
import { ziPrice } from './pricing';
import { consumption, production } from './profiles';
import { QTable } from './qlearning';
import type { QState } from './qlearning';
import { createRng } from './rng';
import type { Rng } from './rng';
import type { LiveParams, Scenario } from './scenario';
import { liveParamsOf, validateLiveParams } from './scenario';
import type { Order, OrderFill, Side, Trade, Weather } from './types';
import {
  BASE_PER_COIN,
  DIV_WH,
  LOYALTY_SCALE,
  pricePerWhFromCoinsPer100Wh,
  roundHalfEven,
} from './units';
import { createWeather } from './weather';

export interface HouseholdState {
  index: number;
  hasPv: boolean;
  batteryWh: number;
  /** Base units. */
  coinBalance: number;
  /** Base units; negative when the household has bought more from the grid than it sold. */
  moneyBalance: number;
  /** ppm (LOYALTY_SCALE = 1.0). */
  loyalty: number;
  /** Cumulative since the start of the run. */
  producedWh: number;
  consumedWh: number;
  gridImportWh: number;
  gridExportWh: number;
}

export interface RoundTotals {
  producedWh: number;
  consumedWh: number;
  gridImportWh: number;
  gridExportWh: number;
  tradedWh: number;
}

export interface RoundResult {
  /** 0-based hour index of the run. */
  round: number;
  day: number;
  hourOfDay: number;
  weather: Weather;
  /** Coins per 100 Wh where the mechanism has a uniform price, else null. */
  clearingPrice: number | null;
  orders: readonly Order[];
  fills: readonly OrderFill[];
  trades: readonly Trade[];
  households: readonly HouseholdState[];
  /** This round only. */
  totals: RoundTotals;
  /** Total surplus / traded units (base units per 100 Wh unit); 0 when nothing traded. */
  averageUtility: number;
  /** Sum over trades of energyWh * (bidPerWh - askPerWh), base units. */
  totalSurplus: number;
  /** Base units kept by the auctioneer (non-zero only for mechanisms that are not budget balanced). */
  auctioneerSurplus: number;
  /** True while Q-learning agents still price with zero intelligence. */
  learningPhase: boolean;
  /** The live parameters this round ran under (shared between rounds until they change). */
  params: Readonly<LiveParams>;
}

export interface Simulation {
  readonly scenario: Scenario;
  /** Rounds simulated so far (the next round's index). */
  readonly round: number;
  readonly totalRounds: number;
  readonly done: boolean;
  step(): RoundResult;
  /**
   * Validated (a ScenarioError names the field, and nothing changes); effective from the next
   * round. Changes made before a round add up.
   */
  setLiveParams(p: Partial<LiveParams>): void;
  /** What the next round will run under: the last change made, or what is in force. */
  liveParams(): LiveParams;
  households(): readonly HouseholdState[];
}

export interface SimulationOptions {
  /** Overrides the scenario's mechanism (e.g. a custom one in tests). */
  mechanism?: Mechanism;
}

const EMPTY_WINDOW = -1;

export function createSimulation(scenario: Scenario, opts: SimulationOptions = {}): Simulation {
  const s = scenario;
  const n = s.households;
  const cap = s.batteryCapacityWh;
  const totalRounds = s.days * 24;
  // Scenario-dependent mechanism parameters: the community's default rate is the middle of the
  // price list, so it must see the scenario's range, not the registry's defaults.
  const mechanism =
    opts.mechanism ?? createMechanism(s.auction, { priceMin: s.priceMin, priceMax: s.priceMax });
  const loyaltyAuction = mechanism.name === 'loyalty';
  // Money per Wh from a price per 100 Wh; validation made it exact. Live, so not constants.
  const perWh = (per100Wh: number): number => roundHalfEven((per100Wh * BASE_PER_COIN) / DIV_WH);
  let retailPerWh = perWh(s.gridRetailPrice);
  let feedInPerWh = perWh(s.gridFeedInPrice);
  const ly = s.loyalty;
  const loyaltyFloor = roundHalfEven(ly.floor * LOYALTY_SCALE);
  const loyaltyMax = roundHalfEven(ly.max * LOYALTY_SCALE);
  const learn = s.learning;
  const window = learn.averageConsumptionWindow;

  const root = createRng(s.seed);
  const weather = createWeather(root.fork('weather'), s.weather);
  const idRng = root.fork('order-ids');
  const mechRng = root.fork('mechanism');
  const prodRng: Rng[] = [];
  const consRng: Rng[] = [];
  const priceRng: Rng[] = [];

  const battery = new Float64Array(n);
  const coins = new Float64Array(n);
  const money = new Float64Array(n);
  const loyalty = new Float64Array(n);
  const produced = new Float64Array(n);
  const consumed = new Float64Array(n);
  const imported = new Float64Array(n);
  const exported = new Float64Array(n);
  const forecast = new Float64Array(n);
  const history = new Float64Array(n * window).fill(EMPTY_WINDOW);
  /** Part of a buy need the household's coins cannot cover: bought from the grid directly. */
  const gridBuy = new Float64Array(n);
  const perm = new Int32Array(n);
  const tables: QTable[] = [];
  const qStates: QState[] = [];

  for (let i = 0; i < n; i++) {
    const hh = root.fork('household').fork(i);
    prodRng.push(hh.fork('production'));
    consRng.push(hh.fork('consumption'));
    priceRng.push(hh.fork('price'));
    const init = hh.fork('init');
    battery[i] = s.initEnergyMinWh + init.int(s.initEnergyMaxWh - s.initEnergyMinWh + 1);
    coins[i] = s.initCoins * BASE_PER_COIN;
    loyalty[i] = roundHalfEven(ly.start * LOYALTY_SCALE);
    perm[i] = i;
    if (learn.enabled) tables.push(new QTable(learn));
    qStates.push({ hour: 0, batteryPct: 0, avgConsWh: 0 });
  }

  let live: Readonly<LiveParams> = Object.freeze(liveParamsOf(s));
  let pending: Readonly<LiveParams> | null = null;
  let round = 0;
  let prevWeather: Weather = weather.initial;

  const snapshot = (): HouseholdState[] => {
    const out: HouseholdState[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] = {
        index: i,
        hasPv: (s.pv.areasM2[i] as number) > 0,
        batteryWh: battery[i] as number,
        coinBalance: coins[i] as number,
        moneyBalance: money[i] as number,
        loyalty: loyalty[i] as number,
        producedWh: produced[i] as number,
        consumedWh: consumed[i] as number,
        gridImportWh: imported[i] as number,
        gridExportWh: exported[i] as number,
      };
    }
    return out;
  };

  const avgConsumption = (i: number): number => {
    let sum = 0;
    let count = 0;
    for (let j = i * window; j < (i + 1) * window; j++) {
      const v = history[j] as number;
      if (v !== EMPTY_WINDOW) {
        sum += v;
        count++;
      }
    }
    return count === 0 ? 0 : sum / count;
  };

  const updateLoyalty = (i: number, factor: number): void => {
    if (factor === 1) return;
    const next = roundHalfEven((loyalty[i] as number) * factor);
    loyalty[i] = Math.min(loyaltyMax, Math.max(loyaltyFloor, next));
  };

  function step(): RoundResult {
    if (round >= totalRounds) {
      throw new RangeError(`simulation is done: all ${totalRounds} rounds were simulated`);
    }
    if (pending) {
      live = pending;
      pending = null;
      retailPerWh = perWh(live.gridRetailPrice);
      feedInPerWh = perWh(live.gridFeedInPrice);
    }
    const t = round;
    const hour = t % 24;
    const day = (t - hour) / 24;
    const w = weather.next(t);
    let roundProduced = 0;
    let roundConsumed = 0;
    let roundImport = 0;
    let roundExport = 0;
    let roundTraded = 0;

    // 2. Production of hour t-1.
    const prevHour = (hour + 23) % 24;
    for (let i = 0; i < n; i++) {
      const prod = production(
        prodRng[i] as Rng,
        s.pv.areasM2[i] as number,
        prevHour,
        prevWeather,
        s,
      );
      if (prod === 0) continue;
      produced[i] = (produced[i] as number) + prod;
      roundProduced += prod;
      const level = (battery[i] as number) + prod;
      if (level > cap) {
        const over = level - cap;
        battery[i] = cap;
        exported[i] = (exported[i] as number) + over;
        money[i] = (money[i] as number) + over * feedInPerWh;
        roundExport += over;
      } else battery[i] = level;
    }

    // 3-5. Forecast, decision and price.
    const nextHour = (hour + 1) % 24;
    const nextDay = (t + 1 - nextHour) / 24;
    const thresholdWh = roundHalfEven(live.batteryThreshold * cap);
    const learning = learn.enabled && day < learn.learningDays;
    for (let i = n - 1; i > 0; i--) {
      const j = idRng.int(i + 1);
      const tmp = perm[i] as number;
      perm[i] = perm[j] as number;
      perm[j] = tmp;
    }
    const orders: Order[] = [];
    for (let p = 0; p < n; p++) {
      const i = perm[p] as number;
      const f = consumption(consRng[i] as Rng, nextDay, nextHour, w, s);
      forecast[i] = f;
      const after = (battery[i] as number) - f;
      let side: Side;
      let energyWh: number;
      if (after < 0) {
        side = 'buy';
        energyWh = Math.ceil(-after / DIV_WH) * DIV_WH;
      } else {
        const surplus = after - thresholdWh;
        if (surplus < DIV_WH) continue;
        side = 'sell';
        energyWh = Math.floor(surplus / DIV_WH) * DIV_WH;
      }
      let price: number | null = null;
      if (learn.enabled) {
        const st = qStates[i] as QState;
        st.hour = hour;
        st.batteryPct = ((battery[i] as number) / cap) * 100;
        st.avgConsWh = avgConsumption(i);
        if (!learning) {
          const found = (tables[i] as QTable).lookup(side, st);
          if (found !== null) price = Math.min(live.priceMax, Math.max(live.priceMin, found));
        }
      }
      if (price === null) {
        price = ziPrice(
          priceRng[i] as Rng,
          s.pricing.mode,
          side,
          energyWh,
          s.pricing.midRangeWh,
          live.priceMin,
          live.priceMax,
        );
      }
      if (side === 'buy') {
        // Coin budget: a buyer never offers more than its coins can pay at its own limit price
        // (the chain would refuse the transfer); the rest of its need goes straight to the grid.
        const unitCost = pricePerWhFromCoinsPer100Wh(price) * DIV_WH;
        const affordable =
          unitCost > 0 ? Math.floor((coins[i] as number) / unitCost) * DIV_WH : energyWh;
        if (affordable < energyWh) {
          gridBuy[i] = energyWh - affordable;
          energyWh = affordable;
          if (energyWh === 0) continue;
        }
      }
      orders.push({
        id: orders.length,
        agent: i,
        side,
        energyWh,
        price,
        loyalty: loyalty[i] as number,
      });
    }

    // 6. Clearing.
    const result: ClearingResult = mechanism.clear(orders, { rng: mechRng, round: t });

    // 7. Settlement.
    let totalSurplus = 0;
    for (const tr of result.trades) {
      coins[tr.buyer] =
        (coins[tr.buyer] as number) - tr.energyWh * (tr.buyerPricePerWh ?? tr.pricePerWh);
      coins[tr.seller] = (coins[tr.seller] as number) + tr.energyWh * tr.pricePerWh;
      battery[tr.buyer] = (battery[tr.buyer] as number) + tr.energyWh;
      battery[tr.seller] = (battery[tr.seller] as number) - tr.energyWh;
      roundTraded += tr.energyWh;
      const bid = orders[tr.buyOrder] as Order;
      const ask = orders[tr.sellOrder] as Order;
      totalSurplus += (tr.energyWh * (bid.price - ask.price) * BASE_PER_COIN) / DIV_WH;
    }
    let hasBuy = false;
    let hasSell = false;
    for (const o of orders) {
      if (o.side === 'buy') hasBuy = true;
      else hasSell = true;
    }
    for (let j = 0; j < orders.length; j++) {
      const o = orders[j] as Order;
      const fill = result.fills[j] as OrderFill;
      const i = o.agent;
      if (o.side === 'buy') {
        const unfilled = o.energyWh - fill.approvedWh;
        if (unfilled > 0) {
          battery[i] = (battery[i] as number) + unfilled;
          imported[i] = (imported[i] as number) + unfilled;
          money[i] = (money[i] as number) - unfilled * retailPerWh;
          roundImport += unfilled;
        }
      }
      // Loyalty and learning see one outcome per order: traded if any unit traded, else
      // returned if any unit was returned, else rejected. No counterpart side: not penalised.
      const unopposed = o.side === 'buy' ? !hasSell : !hasBuy;
      let factor: number;
      let reward: number;
      if (fill.approvedWh > 0) {
        factor = ly.tradedFactor;
        reward = learn.rewardTraded;
      } else if (fill.returnedWh > 0) {
        factor = unopposed ? 1 : ly.returnedFactor;
        reward = learn.rewardReturned;
      } else {
        factor = ly.rejectedFactor;
        reward = learn.rewardRejected;
      }
      if (learn.enabled) {
        const multiplier = loyaltyAuction ? (loyalty[i] as number) / LOYALTY_SCALE : 1;
        (tables[i] as QTable).update(o.side, qStates[i] as QState, o.price, multiplier, reward);
      }
      updateLoyalty(i, factor);
    }

    // 8. Consumption of hour t+1. Bought energy meets consumption before it has to fit the
    // battery, so only what remains above capacity afterwards is exported.
    for (let i = 0; i < n; i++) {
      const direct = gridBuy[i] as number;
      if (direct > 0) {
        gridBuy[i] = 0;
        battery[i] = (battery[i] as number) + direct;
        imported[i] = (imported[i] as number) + direct;
        money[i] = (money[i] as number) - direct * retailPerWh;
        roundImport += direct;
      }
      let level = battery[i] as number;
      const c = forecast[i] as number;
      if (level >= c) level -= c;
      else {
        const short = c - level;
        level = 0;
        imported[i] = (imported[i] as number) + short;
        money[i] = (money[i] as number) - short * retailPerWh;
        roundImport += short;
      }
      if (level > cap) {
        const over = level - cap;
        level = cap;
        exported[i] = (exported[i] as number) + over;
        money[i] = (money[i] as number) + over * feedInPerWh;
        roundExport += over;
      }
      battery[i] = level;
      consumed[i] = (consumed[i] as number) + c;
      roundConsumed += c;
      history[i * window + (t % window)] = c;
    }

    if (learn.enabled && hour === 23) for (const q of tables) q.decay(learn.decayFactor);

    prevWeather = w;
    round = t + 1;
    const units = roundTraded / DIV_WH;
    return {
      round: t,
      day,
      hourOfDay: hour,
      weather: w,
      clearingPrice: result.clearingPrice,
      orders,
      fills: result.fills,
      trades: result.trades,
      households: snapshot(),
      totals: {
        producedWh: roundProduced,
        consumedWh: roundConsumed,
        gridImportWh: roundImport,
        gridExportWh: roundExport,
        tradedWh: roundTraded,
      },
      averageUtility: units > 0 ? totalSurplus / units : 0,
      totalSurplus,
      auctioneerSurplus: result.auctioneerSurplus,
      learningPhase: learning,
      params: live,
    };
  }

  return {
    scenario: s,
    get round() {
      return round;
    },
    totalRounds,
    get done() {
      return round >= totalRounds;
    },
    step,
    setLiveParams(p) {
      pending = validateLiveParams(pending ?? live, p);
    },
    liveParams: () => ({ ...(pending ?? live) }),
    households: snapshot,
  };
}
