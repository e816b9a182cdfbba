/**
 * The simulation: the clock, the random streams and the live parameters. One call to step() is
 * one simulated hour t (docs/MODEL.md "One simulated hour"), run as named phases over the
 * households store (households.ts):
 *  1. weather of hour t;
 *  2. produce (produce.ts): production of hour t-1 (its hour of day and weather) into the
 *     battery, overflow sold to the grid at once;
 *  3-5. decide (decide.ts): consumption forecast for hour t+1 (its hour of day, the weather of t),
 *     buy / sell / skip against the battery threshold, limit price (zero intelligence, or the Q
 *     table after the learning days), coin budget;
 *  6. clearing by the scenario's mechanism (docs/MODEL.md "Clearing mechanisms");
 *  7. settle (settle.ts): coins buyer -> seller, unfilled buys from the grid, loyalty and Q
 *     updates; the daily Q decay at the end of each day;
 *  8. consume (consume.ts): consumption of hour t+1 from the battery, any shortfall from the grid.
 *
 * Per household per round, exactly (all integers, Wh):
 *   produced + gridImport + boughtLocally = consumed + (battery change) + gridExport + soldLocally
 * The phases work in place on typed arrays; a round allocates its orders, the mechanism's result
 * and the snapshot it returns.
 */
import { createMechanism } from './auctions';
import type { ClearingResult, Mechanism } from './auctions';
import type { FillColumns } from './auctions/book';
import { OrderColumns } from './auctions/orders';
import { createConsumptionPhase } from './consume';
import { createDecisionPhase } from './decide';
import {
  copyBooks,
  createHouseholds,
  householdStates,
  snapshotHouseholds,
  type HouseholdBooks,
  type Households,
  type HouseholdState,
} from './households';
import { placePeopleOrders, seatOf, type HouseholdSeat, type PersonOrder } from './people';
import { createProductionPhase } from './produce';
import { createLearners, decayLearners } from './qlearning';
import { createRng } from './rng';
import type { Rng } from './rng';
import type { LiveParams, Scenario } from './scenario';
import { liveParamsOf, mechanismParamsOf, validateLiveParams } from './scenario';
import { createSettlementPhase } from './settle';
import { ownGetters, Slab } from './slab';
import type { Order, OrderFill, RoundTotals, Trade, Weather } from './types';
import { BASE_PER_COIN, DIV_WH, roundHalfEven } from './units';
import { createWeather } from './weather';

export type { HouseholdBooks, HouseholdState } from './households';
export type { RoundTotals } from './types';

export interface RoundResult {
  /** 0-based hour index of the run. */
  round: number;
  day: number;
  hourOfDay: number;
  weather: Weather;
  /** Coins per 100 Wh where the mechanism has a uniform price, else null. */
  clearingPrice: number | null;
  /** The round's book (made from `orderColumns` when first read). */
  readonly orders: readonly Order[];
  /**
   * The same orders as columns where the simulation made them (auctions/orders.ts): what a
   * per-round consumer reads without making the round's Order objects (figures.ts).
   */
  readonly orderColumns?: OrderColumns;
  readonly fills: readonly OrderFill[];
  /** The same fills as columns where the mechanism made them (auctions/book.ts FillColumns). */
  readonly fillColumns?: FillColumns;
  trades: readonly Trade[];
  /** Every household's books after the round (made from `books` when first read). */
  readonly households: readonly HouseholdState[];
  /**
   * The same books as columns: what a per-round consumer reads without making a thousand
   * objects a round (figures.ts). Set by the simulation; a round made by hand may leave it out.
   */
  readonly books?: HouseholdBooks;
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

/**
 * A round decided but not yet cleared (begin): the agents' book is made and every household's
 * seat can be read, so people can place their orders before finish clears the round.
 */
export interface OpenRound {
  readonly round: number;
  readonly day: number;
  readonly hourOfDay: number;
  readonly weather: Weather;
  readonly learningPhase: boolean;
  /** The live parameters the round runs under. */
  readonly params: Readonly<LiveParams>;
  /** The agents' book, every household's agent order (people's suggestions among them). */
  readonly agentOrders: readonly Order[];
  /** Household `i`'s battery, forecast, coins, order limits and the agent's suggestion. */
  seat(household: number): HouseholdSeat;
}

export interface Simulation {
  readonly scenario: Scenario;
  /** Rounds simulated so far (the next round's index). */
  readonly round: number;
  readonly totalRounds: number;
  readonly done: boolean;
  /** One round without people: begin() then finish([]). */
  step(): RoundResult;
  /**
   * Phases 1-5 of the next round (weather, production, the agents' decisions); finish clears
   * it. No other step, begin or live change may come in between.
   */
  begin(): OpenRound;
  /**
   * Clears, settles and consumes the round begun, with `people`'s orders in their households'
   * places (people.ts; a PersonOrderError names the first order refused, and the round stays
   * open to finish again). With no people the round is exactly step()'s.
   */
  finish(people: readonly PersonOrder[]): RoundResult;
  /**
   * Validated (a ScenarioError names the field, and nothing changes); effective from the next
   * round. Changes made before a round add up.
   */
  setLiveParams(p: Partial<LiveParams>): void;
  /** What the next round will run under: the last change made, or what is in force. */
  liveParams(): LiveParams;
  households(): readonly HouseholdState[];
}

/**
 * A round's result. A class, not an object literal with getters: a literal with accessors is
 * made property by property in V8's slow path and was about a fifth of a 30-household run's
 * time (docs: BENCHMARKS.md). The households and the fills are made when first read; their
 * getters are the prototype's, defined on each round as own enumerable properties too (one
 * shared accessor, so every round keeps one shape), so a spread of a round copies them as a
 * spread of the literal did.
 */
class Round implements RoundResult {
  readonly clearingPrice: number | null;
  readonly fillColumns: FillColumns | undefined;
  readonly trades: readonly Trade[];
  readonly auctioneerSurplus: number;
  readonly #cleared: ClearingResult;
  #states: HouseholdState[] | null = null;

  constructor(
    readonly round: number,
    readonly day: number,
    readonly hourOfDay: number,
    readonly weather: Weather,
    readonly orderColumns: OrderColumns,
    cleared: ClearingResult,
    readonly books: HouseholdBooks,
    readonly totals: RoundTotals,
    readonly averageUtility: number,
    readonly totalSurplus: number,
    readonly learningPhase: boolean,
    readonly params: Readonly<LiveParams>,
  ) {
    this.#cleared = cleared;
    this.clearingPrice = cleared.clearingPrice;
    this.fillColumns = cleared.fillColumns;
    this.trades = cleared.trades;
    this.auctioneerSurplus = cleared.auctioneerSurplus;
    Object.defineProperties(this, ROUND_GETTERS);
  }

  get orders(): readonly Order[] {
    return this.orderColumns.orders;
  }

  get fills(): readonly OrderFill[] {
    return this.#cleared.fills;
  }

  get households(): readonly HouseholdState[] {
    return (this.#states ??= householdStates(this.books));
  }
}
const ROUND_GETTERS = ownGetters(Round.prototype, ['orders', 'fills', 'households']);

/** A round begun (see {@link OpenRound}); its Order objects are made only when read. */
class Open implements OpenRound {
  constructor(
    readonly round: number,
    readonly day: number,
    readonly hourOfDay: number,
    readonly weather: Weather,
    readonly learningPhase: boolean,
    readonly params: Readonly<LiveParams>,
    readonly agentBook: OrderColumns,
    readonly totals: RoundTotals,
    private readonly store: Households,
  ) {}

  get agentOrders(): readonly Order[] {
    return this.agentBook.orders;
  }

  seat(i: number): HouseholdSeat {
    const n = this.store.count;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new RangeError(`seat: household ${i}; allowed: an integer in [0, ${n - 1}]`);
    }
    return seatOf(this.store, i, this.agentOrders);
  }
}

export interface SimulationOptions {
  /** Overrides the scenario's mechanism (e.g. a custom one in tests). */
  mechanism?: Mechanism;
}

export function createSimulation(scenario: Scenario, opts: SimulationOptions = {}): Simulation {
  const s = scenario;
  const n = s.households;
  const totalRounds = s.days * 24;
  // Scenario-dependent mechanism parameters: the community's default rate is the middle of the
  // price list, so it must see the scenario's range, not the registry's defaults.
  const mechanism = opts.mechanism ?? createMechanism(s.auction, mechanismParamsOf(s));
  const learn = s.learning;

  // The random streams, each derived from the seed by its label (rng.ts): no consumer's draws
  // shift another's, so every mechanism sees the same weather, production and demand.
  const root = createRng(s.seed);
  const weather = createWeather(root.fork('weather'), s.weather);
  const orderIds = root.fork('order-ids');
  const mechanismStream = root.fork('mechanism');
  const productionStreams: Rng[] = [];
  const consumptionStreams: Rng[] = [];
  const priceStreams: Rng[] = [];
  const initStreams: Rng[] = [];
  for (let i = 0; i < n; i++) {
    const hh = root.fork('household').fork(i);
    productionStreams.push(hh.fork('production'));
    consumptionStreams.push(hh.fork('consumption'));
    priceStreams.push(hh.fork('price'));
    initStreams.push(hh.fork('init'));
  }

  const households = createHouseholds(s, initStreams);
  const learners = createLearners(s);
  const produce = createProductionPhase(s, households, productionStreams);
  const decide = createDecisionPhase(
    s,
    households,
    { orderIds, consumption: consumptionStreams, price: priceStreams },
    learners,
  );
  const settle = createSettlementPhase(s, households, learners, mechanism.name === 'loyalty');
  const consume = createConsumptionPhase(households);

  // Money per Wh from a price per 100 Wh; validation made it exact. Live, so not constants.
  const perWh = (per100Wh: number): number => roundHalfEven((per100Wh * BASE_PER_COIN) / DIV_WH);
  let live: Readonly<LiveParams> = Object.freeze(liveParamsOf(s));
  let pending: Readonly<LiveParams> | null = null;
  let retailPerWh = perWh(live.gridRetailPrice);
  let feedInPerWh = perWh(live.gridFeedInPrice);
  let round = 0;
  const booksSlab = new Slab();
  let prevWeather: Weather = weather.initial;
  // The thesis code's hours (rows 3, 11): production and consumption of this round's own hour.
  const produceCurrent = s.production.hour === 'current';
  const consumeCurrent = s.consumption.hour === 'current';
  const keepStale = households.staleBatteryWh !== households.batteryWh;

  /** The round begun and not finished: what finish needs of begin. */
  let open: Open | null = null;

  function begin(): OpenRound {
    if (open) throw new Error(`round ${open.round} was begun and not finished`);
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
    const totals: RoundTotals = {
      producedWh: 0,
      consumedWh: 0,
      gridImportWh: 0,
      gridExportWh: 0,
      tradedWh: 0,
    };
    const learningPhase = learn.enabled && day < learn.learningDays;
    const nextHour = (hour + 1) % 24;

    if (keepStale) households.staleBatteryWh.set(households.batteryWh);
    if (produceCurrent) produce(hour, w, feedInPerWh, totals);
    else produce((hour + 23) % 24, prevWeather, feedInPerWh, totals);
    const agentBook = decide(
      {
        hourOfDay: hour,
        round: t,
        nextDay: consumeCurrent ? day : (t + 1 - nextHour) / 24,
        nextHourOfDay: consumeCurrent ? hour : nextHour,
        weather: w,
        learningPhase,
      },
      live,
    );
    open = new Open(t, day, hour, w, learningPhase, live, agentBook, totals, households);
    return open;
  }

  function finish(people: readonly PersonOrder[]): RoundResult {
    if (!open) throw new Error('finish: no round was begun');
    const { round: t, day, hourOfDay: hour, weather: w, learningPhase, agentBook, totals } = open;
    const orders =
      people.length === 0
        ? agentBook
        : OrderColumns.of(
            placePeopleOrders(households, decide.sequence, agentBook.orders, people, t, live),
          );
    open = null;
    const ctx = { rng: mechanismStream, round: t };
    const cleared = mechanism.clearColumns
      ? mechanism.clearColumns(orders, ctx)
      : mechanism.clear(orders.orders, ctx);
    const totalSurplus = settle(orders, cleared, retailPerWh, totals, feedInPerWh);
    consume(t, retailPerWh, feedInPerWh, totals);
    if (learners && hour === 23) decayLearners(learners, learn.decayFactor);

    prevWeather = w;
    round = t + 1;
    const units = totals.tradedWh / DIV_WH;
    const books = copyBooks(households, booksSlab);
    return new Round(
      t,
      day,
      hour,
      w,
      orders,
      cleared,
      books,
      totals,
      units > 0 ? totalSurplus / units : 0,
      totalSurplus,
      learningPhase,
      live,
    );
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
    step: () => {
      begin();
      return finish([]);
    },
    begin,
    finish,
    setLiveParams(p) {
      if (open)
        throw new Error(`round ${open.round} was begun: change the parameters after it finishes`);
      pending = validateLiveParams(pending ?? live, p, s);
    },
    liveParams: () => ({ ...(pending ?? live) }),
    households: () => snapshotHouseholds(households),
  };
}
