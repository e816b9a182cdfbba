/**
 * The engine's shared vocabulary. Every module of the engine, the chain layer, the worker and the
 * CLI speak these types. Units: energy in integer Wh, value in integer base units (see units.ts),
 * order prices in whole coins per 100 Wh, trade prices in base units per Wh.
 */

export type Weather = 'sunny' | 'cloudy' | 'rainy';
export type Side = 'buy' | 'sell';

/** Every clearing mechanism the engine knows: derived from the registry in auctions/index.ts. */
export type { MechanismName } from './auctions';

/** One order handed to the auctioneer for one hour. */
export interface Order {
  /** Unique within the round. */
  readonly id: number;
  /** Household index (0-based). */
  readonly agent: number;
  readonly side: Side;
  /** A positive multiple of the trading unit (100 Wh). */
  readonly energyWh: number;
  /** Limit price in whole coins per 100 Wh, from the scenario's price list. */
  readonly price: number;
  /** The household's loyalty at order time, fixed point (LOYALTY_SCALE = 1.0). */
  readonly loyalty: number;
  /** Placed by a person who took over the household (people.ts); absent for the agent's. */
  readonly person?: true;
}

/** Energy that changed hands between two orders at one price. */
export interface Trade {
  readonly buyOrder: number;
  readonly sellOrder: number;
  readonly buyer: number;
  readonly seller: number;
  readonly energyWh: number;
  /** Base units per Wh; the trade's value is exactly energyWh * pricePerWh. */
  readonly pricePerWh: number;
  /**
   * Base units per Wh the buyer pays when it differs from what the seller receives (McAfee's
   * reduced rounds); the difference stays with the auctioneer. Absent: the buyer pays pricePerWh.
   */
  readonly buyerPricePerWh?: number;
}

/** How an order fared, per unit, summed back to Wh: approved + returned + rejected = energyWh. */
export interface OrderFill {
  readonly id: number;
  readonly approvedWh: number;
  readonly returnedWh: number;
  readonly rejectedWh: number;
}

/** Energy flows of one round, summed over households (Wh). */
export interface RoundTotals {
  producedWh: number;
  consumedWh: number;
  gridImportWh: number;
  gridExportWh: number;
  tradedWh: number;
}
