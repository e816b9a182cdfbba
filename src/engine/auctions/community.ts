import type { Order, OrderFill, Trade } from '../types';
import { pricePerWhFromCoinsPer100Wh } from '../units';
import { explainFills, reference } from './book';
import type { ClearingContext, ClearingResult, Mechanism } from './mechanism';

/**
 * Community netting: the cooperative model the thesis proposes as future work (chapter 7,
 * table 7.1, after TransactiveGrid). The community agrees on one fixed rate; every member whose
 * order accepts that rate takes part; sellers are served in order of production (the largest
 * offer first, which is how table 7.1 settles 0x2's 55 kWh before 0x4's 40 kWh) and buyers in
 * address order; each member's credit (sold) and debit (bought) is carried from round to round
 * and netted every `nettingPeriodRounds` rounds.
 *
 * Settlement on chain: the engine pays every trade when it happens, through the same path as the
 * other mechanisms, so the coin balances at each netting point equal what a deferred netting would
 * pay then (the sum of a period's trade values per member is exactly its netted balance). The
 * ledger below is the community's view of the same flows: positions that build up over a period
 * and are cleared to zero at its end, the history of nettings kept for the record.
 *
 * Individual rationality: a member whose limit is worse than the rate does not take part (a bid
 * below the rate, an ask above it); those orders are rejected. Eligible units left without a
 * counterpart are returned.
 */

export interface CommunityOptions {
  /** The community's fixed rate, coins per 100 Wh (may be fractional, e.g. 5.5). */
  readonly rateCoinsPer100Wh: number;
  /** Rounds between nettings (24 = daily). The thesis suggests quarterly; runs here are shorter. */
  readonly nettingPeriodRounds: number;
}

export const DEFAULT_COMMUNITY_OPTIONS: CommunityOptions = {
  rateCoinsPer100Wh: 5,
  nettingPeriodRounds: 24,
};

export interface LedgerEntry {
  readonly agent: number;
  /** Energy this member delivered to the community since the last netting. */
  readonly creditWh: number;
  /** Energy this member drew from the community since the last netting. */
  readonly debitWh: number;
  /** Credit minus debit valued at the rate, base units (positive: the community owes them). */
  readonly balance: number;
}

export interface Netting {
  /** The round after which the ledger was netted. */
  readonly round: number;
  readonly entries: readonly LedgerEntry[];
}

export interface CommunityMechanism extends Mechanism {
  readonly options: CommunityOptions;
  /** Open positions since the last netting, by agent index ascending. Sums to zero. */
  ledger(): readonly LedgerEntry[];
  /** Every netting done so far, oldest first. */
  nettings(): readonly Netting[];
}

function checkOptions(options: CommunityOptions): void {
  const { rateCoinsPer100Wh: rate, nettingPeriodRounds: period } = options;
  // Zero is a community that shares its energy free of charge; a scenario whose price list is
  // [0, 0] gets it as the middle of that list.
  if (!Number.isFinite(rate) || rate < 0) {
    throw new RangeError(`community rateCoinsPer100Wh: got ${rate}, allowed: a number >= 0`);
  }
  if (!Number.isInteger(period) || period < 1) {
    throw new RangeError(`community nettingPeriodRounds: got ${period}, allowed: an integer >= 1`);
  }
}

/** Sellers by offered energy descending (production order), then agent, then order id. */
function productionOrder(a: Order, b: Order): number {
  return b.energyWh - a.energyWh || a.agent - b.agent || a.id - b.id;
}

function addressOrder(a: Order, b: Order): number {
  return a.agent - b.agent || a.id - b.id;
}

/** Registry parameters (all optional): the params the engine passes for this scenario. */
export type CommunityParams = Readonly<Record<string, number | string | boolean>>;

function numberParam(params: CommunityParams, key: string): number | undefined {
  const v = params[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new RangeError(`community ${key}: got ${JSON.stringify(v)}, allowed: a finite number`);
  }
  return v;
}

/**
 * From registry params: `communityRate` (coins per 100 Wh), `nettingPeriodRounds`; without a
 * rate, the middle of the scenario's price list (`priceMin`, `priceMax`), else the default.
 */
export function communityOptionsFromParams(params: CommunityParams): CommunityOptions {
  const rate = numberParam(params, 'communityRate');
  const period = numberParam(params, 'nettingPeriodRounds');
  const min = numberParam(params, 'priceMin');
  const max = numberParam(params, 'priceMax');
  return {
    rateCoinsPer100Wh:
      rate ??
      (min !== undefined && max !== undefined
        ? (min + max) / 2
        : DEFAULT_COMMUNITY_OPTIONS.rateCoinsPer100Wh),
    nettingPeriodRounds: period ?? DEFAULT_COMMUNITY_OPTIONS.nettingPeriodRounds,
  };
}

export function createCommunity(params: CommunityParams = {}): CommunityMechanism {
  return createCommunityMechanism(communityOptionsFromParams(params));
}

export function createCommunityMechanism(
  overrides: Partial<CommunityOptions> = {},
): CommunityMechanism {
  const options: CommunityOptions = { ...DEFAULT_COMMUNITY_OPTIONS, ...overrides };
  checkOptions(options);
  const rate = options.rateCoinsPer100Wh;
  const pricePerWh = pricePerWhFromCoinsPer100Wh(rate);
  const open = new Map<number, { creditWh: number; debitWh: number; balance: number }>();
  const history: Netting[] = [];
  let roundsSinceNetting = 0;

  const snapshot = (): LedgerEntry[] =>
    [...open.entries()].sort(([a], [b]) => a - b).map(([agent, e]) => ({ agent, ...e }));

  const post = (agent: number, creditWh: number, debitWh: number): void => {
    const e = open.get(agent) ?? { creditWh: 0, debitWh: 0, balance: 0 };
    e.creditWh += creditWh;
    e.debitWh += debitWh;
    e.balance += (creditWh - debitWh) * pricePerWh;
    open.set(agent, e);
  };

  const clear = (orders: readonly Order[], ctx: ClearingContext): ClearingResult => {
    const approved = new Map<number, number>();
    const eligible = (o: Order): boolean => (o.side === 'buy' ? o.price >= rate : o.price <= rate);
    const sellers = orders.filter((o) => o.side === 'sell' && eligible(o)).sort(productionOrder);
    const buyers = orders.filter((o) => o.side === 'buy' && eligible(o)).sort(addressOrder);

    const trades: Trade[] = [];
    let b = 0;
    let bought = 0;
    for (const seller of sellers) {
      let left = seller.energyWh;
      while (left > 0 && b < buyers.length) {
        const buyer = buyers[b] as Order;
        const energyWh = Math.min(left, buyer.energyWh - bought);
        trades.push({
          buyOrder: buyer.id,
          sellOrder: seller.id,
          buyer: buyer.agent,
          seller: seller.agent,
          energyWh,
          pricePerWh,
        });
        post(seller.agent, energyWh, 0);
        post(buyer.agent, 0, energyWh);
        left -= energyWh;
        bought += energyWh;
        approved.set(seller.id, (approved.get(seller.id) ?? 0) + energyWh);
        approved.set(buyer.id, (approved.get(buyer.id) ?? 0) + energyWh);
        if (bought === buyer.energyWh) {
          b++;
          bought = 0;
        }
      }
    }

    const fills: OrderFill[] = orders.map((o) => {
      const approvedWh = approved.get(o.id) ?? 0;
      const left = o.energyWh - approvedWh;
      return eligible(o)
        ? { id: o.id, approvedWh, returnedWh: left, rejectedWh: 0 }
        : { id: o.id, approvedWh, returnedWh: 0, rejectedWh: left };
    });

    roundsSinceNetting++;
    if (roundsSinceNetting >= options.nettingPeriodRounds) {
      history.push({ round: ctx.round, entries: snapshot() });
      open.clear();
      roundsSinceNetting = 0;
    }

    return {
      mechanism: 'community',
      clearingPrice: rate,
      trades,
      fills,
      auctioneerSurplus: 0,
      explanation: explainFills(orders, fills, reference(rate, 'the community rate')),
    };
  };

  return {
    name: 'community',
    options,
    clear,
    ledger: snapshot,
    nettings: () => history.slice(),
  };
}
