/**
 * Why no book of a valid scenario is ever silently inexact (docs/ENGINE.md "Exact books").
 *
 * The engine keeps coins, money and energy in Float64Arrays: integers there are exact only below
 * 2^53. Rather than carry BigInts through every hour, the field table refuses the scenarios whose
 * books could leave that range (and the chain's 40-bit energy fields), by bounds that hold for
 * every hour of every run:
 *
 * - coins: they only move between households (and to the auctioneer), so no balance, trade value
 *   or sum of them exceeds the supply, households x initCoins x 10^6 base units;
 * - energy: in one hour a household produces at most P Wh (its panels at the largest area, the
 *   sunniest factor and full noise), consumes at most C Wh (the largest use, the largest weather
 *   factor), takes in at most E = C + 100 Wh of what it ordered (an order is its shortfall rounded
 *   up to 100 Wh; what it buys locally, does not get, or cannot afford all lies within it), buys at
 *   most E + C from the grid (the unfilled part of its order, then a shortfall at consumption) and
 *   sells at most P + E to it (what production, then purchases, push past a full battery);
 * - money: changes only by grid trade, at most import x retail + export x feed-in per hour.
 *
 * Over days x 24 hours, coins and money each stay below 2^52 (so a household's net value, coins
 * plus money, is below 2^53 too) and every cumulative energy figure below 2^40 (and below
 * 2^53 / households, so a neighbourhood's sum of one is exact too). The hourly bounds
 * are checked against real runs by src/engine/bounds.test.ts.
 */
import type { FieldReader } from './fields';

/** Coins and money each get half of the exact range, so their sum is exact as well. */
export const BOOK_LIMIT = 2 ** 52;
/** The chain's energy fields are 40 bits wide (contracts: batteryWh, producedWh, ...). */
export const CHAIN_WH_LIMIT = 2 ** 40 - 1;
const BASE_PER_COIN = 1_000_000;
/** Base units per Wh of one coin (or money) per 100 Wh; prices have at most 4 decimals. */
const PER_WH = 10_000;

/** The most Wh one household can move in one hour, by kind. */
export interface HourlyBounds {
  producedWh: number;
  consumedWh: number;
  /** What it may order (and so take in from trades and direct purchases). */
  orderWh: number;
  gridImportWh: number;
  gridExportWh: number;
}

export function hourlyBounds(get: FieldReader): HourlyBounds {
  const c = Math.max(
    get('consumption.highMin'),
    get('consumption.highMax'),
    get('consumption.lowMin'),
    get('consumption.lowMax'),
    get('consumption.homeNightMin'),
    get('consumption.homeNightMax'),
  );
  const cf = Math.max(
    get('weather.consumptionFactor.sunny'),
    get('weather.consumptionFactor.cloudy'),
    get('weather.consumptionFactor.rainy'),
  );
  const pf = Math.max(
    get('weather.productionFactor.sunny'),
    get('weather.productionFactor.cloudy'),
    get('weather.productionFactor.rainy'),
  );
  const areas = get('pv.areasM2') as readonly number[] | undefined;
  // A laid-out area is rounded to 0.1 m2, so it may lie up to 0.05 m2 above areaMaxM2.
  const area = Math.max(get('pv.areaMaxM2') + 0.1, ...(areas ?? []));
  // Our K_hour peaks at 1; the thesis code's random one at kHourMax.
  const k =
    get('production.kHour') === 'uniform-integer' ? Math.max(1, get('production.kHourMax')) : 1;
  // +1: each is rounded half-even to whole Wh (truncation only lowers them).
  const consumed = Math.ceil(c * 100 * cf) + 1;
  const produced = Math.ceil(100 * area * pf * k * (1 + get('pv.noise'))) + 1;
  const order = consumed + 100;
  // The thesis code's fault (row 33) may export a whole unsold offer, at most a full battery.
  const unsold = get('thesisCode.faults') ? get('batteryCapacityWh') : 0;
  return {
    producedWh: produced,
    consumedWh: consumed,
    orderWh: order,
    gridImportWh: order + consumed,
    gridExportWh: produced + order + unsold,
  };
}

/** Rounds in the run. */
const hours = (get: FieldReader): number => get('days') * 24;

/** The most base units a household's money can move from 0 over the run. */
export function moneyBound(get: FieldReader): number {
  const h = hourlyBounds(get);
  const perHour =
    h.gridImportWh * Math.round(get('gridRetailPrice') * PER_WH) +
    h.gridExportWh * Math.round(get('gridFeedInPrice') * PER_WH) +
    topUpPerHour(get) * get('coins.moneyPerCoin');
  return hours(get) * perHour;
}

/**
 * The most coin base units a household can buy with money in an hour: the whole cost of its
 * largest order at the highest price (coins.whenShort buy-cost, the thesis code); 0 otherwise.
 */
function topUpPerHour(get: FieldReader): number {
  if (get('coins.whenShort') !== 'buy-cost') return 0;
  return hourlyBounds(get).orderWh * get('priceMax') * PER_WH;
}

/** The coin supply in base units: the endowments, and every coin the run could sell. */
export const coinSupply = (get: FieldReader): number =>
  get('households') * (get('initCoins') * BASE_PER_COIN + hours(get) * topUpPerHour(get));

/** The largest cumulative energy figure a household can reach, Wh. */
export function energyBound(get: FieldReader): number {
  const h = hourlyBounds(get);
  return hours(get) * Math.max(h.producedWh, h.consumedWh, h.gridImportWh, h.gridExportWh);
}

const fmt = (x: number): string => Math.floor(x).toLocaleString('en-US');

/** What the coin supply allows for initCoins, in words. */
export function coinSupplyAllowed(get: FieldReader): string | null {
  if (coinSupply(get) <= BOOK_LIMIT) return null;
  const topUps = hours(get) * topUpPerHour(get);
  const max = Math.max(0, Math.floor((BOOK_LIMIT / get('households') - topUps) / BASE_PER_COIN));
  if (topUps > 0) {
    return `an integer <= ${max} for ${get('households')} households over ${get('days')} days (the coin supply, the endowments plus every coin a household could buy with money, must stay below 2^52 base units so every coin figure is exact), or fewer days`;
  }
  return `an integer <= ${max} for ${get('households')} households (the coin supply, households x initCoins x 10^6 base units, must stay below 2^52 so every coin figure is exact)`;
}

/** What the money bound allows for the grid prices, in words. */
export function moneyAllowed(get: FieldReader): string | null {
  const bound = moneyBound(get);
  if (bound <= BOOK_LIMIT) return null;
  const h = hourlyBounds(get);
  const room =
    BOOK_LIMIT / hours(get) - h.gridExportWh * Math.round(get('gridFeedInPrice') * PER_WH);
  const retail = Math.max(0, Math.floor(room / h.gridImportWh) / PER_WH);
  return `grid prices for which no money balance can pass 2^52 base units in ${hours(get)} hours (a household can buy up to ${fmt(h.gridImportWh)} Wh and sell up to ${fmt(h.gridExportWh)} Wh an hour): a retail price of at most ${retail} with this feed-in price, or fewer days, less use or smaller panels`;
}

/**
 * The largest cumulative energy figure a household may reach: the chain's 40-bit fields, and for
 * more than 8,192 households less, so that a neighbourhood-wide sum of one figure stays exact
 * (below 2^53).
 */
export function energyLimit(get: FieldReader): number {
  return Math.min(CHAIN_WH_LIMIT, Math.floor(Number.MAX_SAFE_INTEGER / get('households')));
}

/** What the chain's energy fields and exact neighbourhood totals allow, in words. */
export function energyAllowed(get: FieldReader): string | null {
  const limit = energyLimit(get);
  if (energyBound(get) <= limit) return null;
  const h = hourlyBounds(get);
  const perHour = Math.max(h.producedWh, h.consumedWh, h.gridImportWh, h.gridExportWh);
  const why =
    limit === CHAIN_WH_LIMIT
      ? "its energy totals must fit the chain's 40-bit fields, 2^40 - 1 Wh"
      : `its energy totals times ${get('households')} households must stay below 2^53 Wh so the neighbourhood's sums are exact`;
  return `an integer <= ${Math.floor(limit / perHour / 24)} for this neighbourhood (a household can move up to ${fmt(perHour)} Wh an hour, and ${why}), or smaller panels or less use`;
}
