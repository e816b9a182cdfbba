import type { Rng } from '../rng';
import type { MechanismName, Order, OrderFill, Trade } from '../types';
import type { FillColumns } from './book';
import type { OrderColumns } from './orders';

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
   * The same fills as columns, where the mechanism makes them (uniform, loyalty: their fill
   * objects are then made only when read); the settlement and the figures read these.
   */
  readonly fillColumns?: FillColumns;
  /**
   * Value kept by the auctioneer (base units), e.g. McAfee's budget surplus. Zero for budget-
   * balanced mechanisms. Never paid to a household.
   */
  readonly auctioneerSurplus: number;
  /**
   * What the thesis code's own settlement reads from its clearing; set only by `thesis-loyal`
   * and `thesis-simple`, absent for every other mechanism (docs/MECHANISMS.md, "The thesis's
   * code").
   */
  readonly code?: CodeClearing;
  /**
   * Why each order fared as it did, in the mechanism's own terms: what the round inspector
   * explains (explain.ts). Set by every mechanism of the registry; read by nothing that moves
   * energy or value.
   */
  readonly explanation?: ClearingExplanation;
}

/**
 * Why an order's untraded rest (or all of it) ended as it did:
 * - `traded`: nothing is left, every Wh traded;
 * - `unopposed`: the other side of the book was empty this hour (returned, not penalised);
 * - `left-over`: returned: acceptable at the side's reference price, but no counterpart was left;
 * - `priced-out`: rejected: a bid under (an ask over) the side's reference price, or nothing
 *   crossed at all (no reference price);
 * - `given-up`: returned by a rule although acceptably priced (McAfee's trade reduction gives up
 *   the marginal orders).
 */
export type FillReason = 'traded' | 'unopposed' | 'left-over' | 'priced-out' | 'given-up';

/** A price an order was judged against, coins per 100 Wh, and its name in words. */
export interface ReferencePrice {
  readonly price: number;
  /** E.g. "the clearing price", "the community rate", "the approval price". */
  readonly name: string;
}

export interface ClearingExplanation {
  /** Per input order, in input order. */
  readonly reasons: readonly FillReason[];
  /** What a bid must reach to be acceptable; null when none applies (nothing crossed). */
  readonly buyReference: ReferencePrice | null;
  /** What an ask must not exceed to be acceptable; null when none applies. */
  readonly sellReference: ReferencePrice | null;
  /** Input positions in the order they arrived (the continuous auction only). */
  readonly arrivals?: readonly number[];
}

/**
 * The facts the thesis code's settlement needs beyond trades and fills. The code's statuses are
 * the fills: `approvedWh` traded, `returnedWh` approved by price but left without a counterpart,
 * `rejectedWh` cut (priced out). An order is either cut whole or approved whole, so `rejectedWh`
 * is 0 or the order's energy. A trade record of an order is a trade in `trades` that names it
 * (one per distinct counterpart and price: the code's summed transaction records).
 */
export interface CodeClearing {
  /** The code's branch: `loyal` (loyaltyDA) or `simple` (simpleDReduceAuction). */
  readonly branch: 'loyal' | 'simple';
  /** Whether the code's faults were reproduced (in the clearing: the off-by-one in k). */
  readonly faults: boolean;
  /**
   * False when one side of the book was empty. The code then clears nothing and updates neither
   * loyalty nor Q (sellers keep their energy, buyers buy from the grid).
   */
  readonly bothSides: boolean;
  /**
   * The code's k: 0-based index of the pair (100 Wh records for loyal, whole orders for simple)
   * whose midpoint sets the approval price; -1 when the first pair does not cross; null when a
   * side is empty.
   */
  readonly k: number | null;
  /**
   * The approval price in whole coins per 100 Wh: floor (loyal) or ceil (simple) of pair k's
   * midpoint. Bids at or above it and asks at or below it are approved. Null when k is -1 or
   * null.
   */
  readonly approvalPrice: number | null;
  /** Trade records per input order, in input order (loyal: loyalty x1.02 for each). */
  readonly records: readonly number[];
  /**
   * The code's `eqAuction`, its "auction utility" (thesis figures 5.4, 5.9, 5.14): the sum over
   * approved orders of energyWh * |price - approvalPrice|, in base units. 0 when nothing was
   * approved.
   */
  readonly utility: number;
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
  /**
   * The same clearing of the same orders given as columns, where the mechanism reads them
   * (uniform, loyalty): the simulation then never makes the round's Order objects. A mechanism
   * without it is given `orders.orders`.
   */
  clearColumns?(orders: OrderColumns, ctx: ClearingContext): ClearingResult;
}
