/**
 * People's orders in the decision phase (issue 14, docs/ENGINE.md "Orders placed by people"): a
 * person who took over a household places its order instead of the agent. The agent still
 * decides for every household first, so every random stream draws exactly as in a run without
 * people and the agent's order stands as the person's suggestion; a person's order then takes
 * the household's place in the round's book. A household whose person placed nothing keeps the
 * agent's order (the agent acts for it this round).
 *
 * Limits, so an order stays physical: a household sells at most what its battery holds beyond
 * the coming hour's forecast use, and buys at most what fits its battery after that use, both in
 * whole 100 Wh units. A buy its coins cannot pay for at its own limit price is cut to what they
 * can (the decision phase's coin budget); a shortfall at consumption comes from the grid.
 */
import { affordableWh } from './decide';
import type { Households } from './households';
import type { PersonOrder } from './runFile';
import type { LiveParams } from './scenario';
import type { Order } from './types';
import { DIV_WH } from './units';

export type { PersonOrder } from './runFile';

/** What a person sees of their household in an open round, and the bounds of their order. */
export interface HouseholdSeat {
  readonly household: number;
  /** After this hour's production. */
  readonly batteryWh: number;
  /** Forecast consumption of the coming hour. */
  readonly forecastWh: number;
  /** Positive: surplus beyond the forecast; negative: the need the battery cannot cover. */
  readonly netWh: number;
  /** Base units. */
  readonly coinBalance: number;
  /** Base units. */
  readonly moneyBalance: number;
  readonly maxBuyWh: number;
  readonly maxSellWh: number;
  /** The agent's order for this household this round; null when it would sit out. */
  readonly suggestion: Order | null;
}

/** A person's order the engine cannot take: `field` names what is wrong, the message what is allowed. */
export class PersonOrderError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'PersonOrderError';
  }
}

/** Household `i`'s seat in the round being decided (after production and the forecast). */
export function seatOf(h: Households, i: number, agentOrders: readonly Order[]): HouseholdSeat {
  const battery = h.batteryWh[i] as number;
  const forecast = h.forecastWh[i] as number;
  const net = battery - forecast;
  return {
    household: i,
    batteryWh: battery,
    forecastWh: forecast,
    netWh: net,
    coinBalance: h.coins[i] as number,
    moneyBalance: h.money[i] as number,
    maxBuyWh: Math.max(0, Math.ceil((h.capacityWh - net) / DIV_WH) * DIV_WH),
    maxSellWh: Math.max(0, Math.floor(net / DIV_WH) * DIV_WH),
    suggestion: agentOrders.find((o) => o.agent === i) ?? null,
  };
}

function check(
  h: Households,
  o: PersonOrder,
  k: number,
  round: number,
  live: Readonly<LiveParams>,
  seen: Set<number>,
  agentOrders: readonly Order[],
): void {
  const at = `people[${k}]`;
  const n = h.count;
  if (o.round !== round) {
    throw new PersonOrderError(
      `${at}.round`,
      `${at}.round: got ${o.round}; allowed: ${round} (the round being decided)`,
    );
  }
  if (!Number.isInteger(o.household) || o.household < 0 || o.household >= n) {
    throw new PersonOrderError(
      `${at}.household`,
      `${at}.household: got ${o.household}; allowed: an integer in [0, ${n - 1}]`,
    );
  }
  if (seen.has(o.household)) {
    throw new PersonOrderError(
      `${at}.household`,
      `${at}.household: got ${o.household} again; allowed: one order per household per round`,
    );
  }
  seen.add(o.household);
  if (o.side !== 'buy' && o.side !== 'sell') {
    throw new PersonOrderError(
      `${at}.side`,
      `${at}.side: got ${String(o.side)}; allowed: buy or sell`,
    );
  }
  const seat = seatOf(h, o.household, agentOrders);
  const limit = o.side === 'buy' ? seat.maxBuyWh : seat.maxSellWh;
  if (
    !Number.isInteger(o.energyWh) ||
    o.energyWh <= 0 ||
    o.energyWh % DIV_WH !== 0 ||
    o.energyWh > limit
  ) {
    throw new PersonOrderError(
      `${at}.energyWh`,
      `${at}.energyWh: got ${o.energyWh}; allowed: a positive multiple of ${DIV_WH} Wh up to ${limit} Wh (household ${o.household}'s ${o.side} limit this round)`,
    );
  }
  if (!Number.isInteger(o.price) || o.price < live.priceMin || o.price > live.priceMax) {
    throw new PersonOrderError(
      `${at}.price`,
      `${at}.price: got ${o.price}; allowed: an integer in [${live.priceMin}, ${live.priceMax}] coins per 100 Wh (the round's price range)`,
    );
  }
}

/**
 * The round's book with people's orders in their households' places: `sequence` is the round's
 * decision order (it fixes the order ids), `agentOrders` the agents' book. Validates every
 * person's order first (a PersonOrderError names the first one wrong; nothing changes). Each
 * person's order is marked `person: true`; ids are renumbered in decision order.
 */
export function placePeopleOrders(
  h: Households,
  sequence: Int32Array,
  agentOrders: readonly Order[],
  people: readonly PersonOrder[],
  round: number,
  live: Readonly<LiveParams>,
): Order[] {
  const seen = new Set<number>();
  people.forEach((o, k) => check(h, o, k, round, live, seen, agentOrders));
  const byPerson = new Map(people.map((o) => [o.household, o]));
  const byAgent = new Map(agentOrders.map((o) => [o.agent, o]));
  const book: Order[] = [];
  for (const i of sequence) {
    const p = byPerson.get(i);
    if (!p) {
      const a = byAgent.get(i);
      if (a) book.push(a.id === book.length ? a : { ...a, id: book.length });
      continue;
    }
    // The agent's coin budget cut was for the agent's order; a person's buy is cut to what the
    // coins pay at its own price, and any real shortfall comes from the grid at consumption.
    h.directBuyWh[i] = 0;
    let energyWh = p.energyWh;
    if (p.side === 'buy') {
      energyWh = affordableWh(h.coins[i] as number, p.price, energyWh);
      if (energyWh === 0) continue;
    }
    book.push({
      id: book.length,
      agent: i,
      side: p.side,
      energyWh,
      price: p.price,
      loyalty: h.loyalty[i] as number,
      person: true,
    });
  }
  return book;
}
