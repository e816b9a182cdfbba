import type { Rng } from '../rng';
import type { MechanismName, Order, OrderFill, Trade } from '../types';

/** What a mechanism may use besides the book: a seeded stream and the round number. */
export interface ClearingContext {
  readonly rng: Rng;
  readonly round: number;
}

export interface ClearingResult {
  readonly mechanism: MechanismName;
  /** The uniform clearing price in coins per 100 Wh where the mechanism has one, else null. */
  readonly clearingPrice: number | null;
  readonly trades: readonly Trade[];
  /** One entry per input order, in input order. */
  readonly fills: readonly OrderFill[];
  /**
   * Value kept by the auctioneer (base units), e.g. McAfee's budget surplus. Zero for budget-
   * balanced mechanisms. Never paid to a household.
   */
  readonly auctioneerSurplus: number;
}

/**
 * One double-auction mechanism. Implementations live one per file beside this one and must keep
 * individual rationality (no trade above a buyer's limit or below a seller's), conserve energy
 * (traded Wh never exceed either side's order), and be deterministic given the context's stream.
 * A mechanism may keep state between rounds (community netting carries a ledger), so the
 * engine creates one instance per simulation.
 */
export interface Mechanism {
  readonly name: MechanismName;
  clear(orders: readonly Order[], ctx: ClearingContext): ClearingResult;
}
