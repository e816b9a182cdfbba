/**
 * Round figures: every per-round or cumulative figure that more than one consumer shows (the
 * CLI's CSVs and tables, the page's charts, the comparison, the run summary), defined once.
 *
 * - `roundFigures(r)`: one round's order counts and Wh, returned / rejected Wh, trade value and
 *   prices, solar share and the thesis's energy print.
 * - `createFiguresCollector()`: the same summed since round 0 (`soFar`), for "so far" figures.
 * - The definitions themselves, for consumers that hold only totals: `meanPrice`, `solarShare`,
 *   `thesisSolarPrint` (both in words: `ENERGY_PRINT_DEFINITIONS`; both from sums:
 *   `energyPrints`), `averageUtility`, `priceBin`, and `comparisonRow` / `gini` for the
 *   comparison table.
 *
 * Units: energy in Wh, value in base units, prices in coins per 100 Wh (what the thesis and the
 * page quote), shares in 0..1. A figure with nothing to measure (no trade, no consumption) is
 * null, never NaN or 0, so a consumer chooses how to show "none".
 */
import type { MechanismName } from './auctions';
import type { RunSummary } from './metrics';
import type { Scenario } from './scenario';
import type { RoundResult } from './simulation';
import { BASE_PER_COIN, LOYALTY_SCALE, coinsPer100WhFromPricePerWh } from './units';

// ---------------------------------------------------------------------------------------------
// The definitions
// ---------------------------------------------------------------------------------------------

/** Volume-weighted mean price in coins per 100 Wh of `valueBase` paid for `energyWh`. */
export function meanPrice(valueBase: number, energyWh: number): number | null {
  return energyWh > 0 ? coinsPer100WhFromPricePerWh(valueBase / energyWh) : null;
}

/**
 * The solar share of consumption: `1 - gridImport / consumption`, the share of the energy used
 * that did not come from the outer grid. It can fall below 0 over a short span when energy
 * bought from the grid went into batteries rather than into that span's consumption.
 */
export function solarShare(consumedWh: number, gridImportWh: number): number | null {
  return consumedWh > 0 ? 1 - gridImportWh / consumedWh : null;
}

/**
 * The thesis's own energy print (tables 5.2-5.4, as its published code computes it): solar
 * production over "total energy", where the total is grid purchases plus all PV production
 * (exported energy included), not consumption. Its carbon print is `1 - thesisSolarPrint`.
 */
export function thesisSolarPrint(producedWh: number, gridImportWh: number): number | null {
  const total = gridImportWh + producedWh;
  return total > 0 ? producedWh / total : null;
}

/**
 * Both energy prints in words, for every place that shows them beside each other (summary.json,
 * rounds.csv's columns, the comparison table): ours is a share of consumption, the thesis's a
 * share of production plus grid purchases. They are different quantities and never compared
 * with each other's figures.
 */
export const ENERGY_PRINT_DEFINITIONS = {
  solarShare:
    'ours: 1 - gridImportWh / consumedWh, the share of the energy consumed that was not bought from the outer grid',
  carbonShare: 'ours: 1 - solarShare = gridImportWh / consumedWh',
  thesisTotalWh:
    "the thesis's 'total energy' (tables 5.2-5.4, as its code computes it): gridImportWh + producedWh, all PV production (exports included) plus grid purchases; not consumption",
  thesisSolarPrint:
    "the thesis's solar print (tables 5.2-5.4, as its code computes it): producedWh / (gridImportWh + producedWh), all PV production (exports included) over grid purchases plus production",
  thesisCarbonPrint:
    "the thesis's carbon print: gridImportWh / (gridImportWh + producedWh) = 1 - thesisSolarPrint",
} as const;

/**
 * Both prints of a span from its sums (a round, a run, the rounds so far): the figures behind
 * rounds.csv's cumulative columns and the comparison row.
 */
export interface EnergyPrints {
  /** {@link solarShare} (ours). */
  solarShare: number | null;
  /** {@link thesisSolarPrint} (the thesis's tables 5.2-5.4). */
  thesisSolarPrint: number | null;
}

export function energyPrints(
  so: Readonly<Pick<FiguresSoFar, 'producedWh' | 'consumedWh' | 'gridImportWh'>>,
): EnergyPrints {
  return {
    solarShare: solarShare(so.consumedWh, so.gridImportWh),
    thesisSolarPrint: thesisSolarPrint(so.producedWh, so.gridImportWh),
  };
}

/**
 * Mean over trading rounds of each round's surplus per traded 100 Wh unit (base units per
 * 100 Wh): the thesis's "average utility" of a run, or of the rounds so far.
 */
export function averageUtility(utilitySum: number, tradingRounds: number): number | null {
  return tradingRounds > 0 ? utilitySum / tradingRounds : null;
}

/** Width of a price histogram bin, coins per 100 Wh: the thesis's "most used price 3-4". */
export const PRICE_BIN_COINS = 1;

/**
 * The price histogram's one bin rule: a trade at `coinsPer100Wh` falls in bin
 * `floor(coinsPer100Wh / PRICE_BIN_COINS)`, so bin b holds prices in
 * [b * PRICE_BIN_COINS, (b + 1) * PRICE_BIN_COINS). Trades carry base units per Wh: convert with
 * units.coinsPer100WhFromPricePerWh.
 */
export function priceBin(coinsPer100Wh: number): number {
  return Math.floor(coinsPer100Wh / PRICE_BIN_COINS);
}

// ---------------------------------------------------------------------------------------------
// One round
// ---------------------------------------------------------------------------------------------

export interface RoundFigures {
  buyOrders: number;
  sellOrders: number;
  /** Wh asked for by buy orders (bids) and offered by sell orders (asks). */
  bidWh: number;
  askWh: number;
  tradeCount: number;
  tradedWh: number;
  /** Order Wh that found no counterpart at an acceptable price, and Wh priced out. */
  returnedWh: number;
  rejectedWh: number;
  /** Base units sellers received, and buyers paid (more only under McAfee's reduced rounds). */
  tradeValue: number;
  buyerTradeValue: number;
  /** Coins per 100 Wh over the round's trades (seller side); null when nothing traded. */
  minTradePrice: number | null;
  maxTradePrice: number | null;
  meanTradePrice: number | null;
  meanBuyerPrice: number | null;
  /** This round's {@link solarShare} and {@link thesisSolarPrint}. */
  solarShare: number | null;
  thesisSolarPrint: number | null;
}

export function roundFigures(r: RoundResult): RoundFigures {
  let buyOrders = 0;
  let sellOrders = 0;
  let bidWh = 0;
  let askWh = 0;
  if (r.orderColumns) {
    // The columns, where the simulation made them: the round's Order objects stay unmade.
    const { buy, energyWh } = r.orderColumns;
    for (let j = 0; j < buy.length; j++) {
      if (buy[j] === 1) {
        buyOrders++;
        bidWh += energyWh[j] as number;
      } else {
        sellOrders++;
        askWh += energyWh[j] as number;
      }
    }
  } else {
    for (const o of r.orders) {
      if (o.side === 'buy') {
        buyOrders++;
        bidWh += o.energyWh;
      } else {
        sellOrders++;
        askWh += o.energyWh;
      }
    }
  }
  let returnedWh = 0;
  let rejectedWh = 0;
  if (r.fillColumns) {
    const { returnedWh: ret, rejectedWh: rej } = r.fillColumns;
    for (let i = 0; i < ret.length; i++) {
      returnedWh += ret[i] as number;
      rejectedWh += rej[i] as number;
    }
  } else {
    for (const f of r.fills) {
      returnedWh += f.returnedWh;
      rejectedWh += f.rejectedWh;
    }
  }
  let min = Infinity;
  let max = -Infinity;
  let tradedWh = 0;
  let tradeValue = 0;
  let buyerTradeValue = 0;
  for (const t of r.trades) {
    if (t.pricePerWh < min) min = t.pricePerWh;
    if (t.pricePerWh > max) max = t.pricePerWh;
    tradedWh += t.energyWh;
    tradeValue += t.energyWh * t.pricePerWh;
    buyerTradeValue += t.energyWh * (t.buyerPricePerWh ?? t.pricePerWh);
  }
  const traded = r.trades.length > 0;
  const { consumedWh, gridImportWh, producedWh } = r.totals;
  return {
    buyOrders,
    sellOrders,
    bidWh,
    askWh,
    tradeCount: r.trades.length,
    tradedWh,
    returnedWh,
    rejectedWh,
    tradeValue,
    buyerTradeValue,
    minTradePrice: traded ? coinsPer100WhFromPricePerWh(min) : null,
    maxTradePrice: traded ? coinsPer100WhFromPricePerWh(max) : null,
    meanTradePrice: meanPrice(tradeValue, tradedWh),
    meanBuyerPrice: meanPrice(buyerTradeValue, tradedWh),
    solarShare: solarShare(consumedWh, gridImportWh),
    thesisSolarPrint: thesisSolarPrint(producedWh, gridImportWh),
  };
}

// ---------------------------------------------------------------------------------------------
// Since round 0
// ---------------------------------------------------------------------------------------------

/** Sums since the start of the run (Wh, base units, counts). */
export interface FiguresSoFar {
  rounds: number;
  /** Rounds with at least one trade. */
  tradingRounds: number;
  producedWh: number;
  consumedWh: number;
  gridImportWh: number;
  gridExportWh: number;
  tradedWh: number;
  /** Trades (matched buyer-seller pairs) over every round. */
  trades: number;
  tradeValue: number;
  buyerTradeValue: number;
  /** Sum over rounds of RoundResult.totalSurplus and of auctioneerSurplus, base units. */
  totalSurplus: number;
  auctioneerSurplus: number;
  /** Sum over trading rounds of RoundResult.averageUtility (see {@link averageUtility}). */
  utilitySum: number;
  /**
   * The same over the trading rounds of the learning phase alone (RoundResult.learningPhase), so
   * a run with learning splits its utility into learning and exploitation.
   */
  learningUtilitySum: number;
  learningTradingRounds: number;
  /** Sum over households of moneyBalance after the last round, base units. */
  moneyBalance: number;
}

export interface FiguresCollector {
  /** Adds a round; returns its figures. Rounds must come in order, each once. */
  add(r: RoundResult): RoundFigures;
  /** The sums so far (a live view: read, do not keep). */
  readonly soFar: Readonly<FiguresSoFar>;
}

function emptyFiguresSoFar(): FiguresSoFar {
  return {
    rounds: 0,
    tradingRounds: 0,
    producedWh: 0,
    consumedWh: 0,
    gridImportWh: 0,
    gridExportWh: 0,
    tradedWh: 0,
    trades: 0,
    tradeValue: 0,
    buyerTradeValue: 0,
    totalSurplus: 0,
    auctioneerSurplus: 0,
    utilitySum: 0,
    learningUtilitySum: 0,
    learningTradingRounds: 0,
    moneyBalance: 0,
  };
}

export function createFiguresCollector(): FiguresCollector {
  const s = emptyFiguresSoFar();
  return {
    soFar: s,
    add(r) {
      const f = roundFigures(r);
      s.rounds++;
      s.producedWh += r.totals.producedWh;
      s.consumedWh += r.totals.consumedWh;
      s.gridImportWh += r.totals.gridImportWh;
      s.gridExportWh += r.totals.gridExportWh;
      s.tradedWh += r.totals.tradedWh;
      s.trades += f.tradeCount;
      s.tradeValue += f.tradeValue;
      s.buyerTradeValue += f.buyerTradeValue;
      s.totalSurplus += r.totalSurplus;
      s.auctioneerSurplus += r.auctioneerSurplus;
      if (f.tradeCount > 0) {
        s.tradingRounds++;
        s.utilitySum += r.averageUtility;
        if (r.learningPhase) {
          s.learningTradingRounds++;
          s.learningUtilitySum += r.averageUtility;
        }
      }
      let money = 0;
      if (r.books) for (const m of r.books.money) money += m;
      else for (const h of r.households) money += h.moneyBalance;
      s.moneyBalance = money;
      return f;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The comparison table's row
// ---------------------------------------------------------------------------------------------

/** One mechanism's line of the comparison table (the CLI's `compare` and the page's view). */
export interface ComparisonRow {
  mechanism: MechanismName;
  /** {@link solarShare} of the run so far (0 before anything was consumed). */
  solarShare: number;
  /** {@link thesisSolarPrint} of the run so far (null before anything was produced or bought). */
  thesisSolarPrint: number | null;
  consumedKWh: number;
  producedKWh: number;
  gridImportKWh: number;
  gridExportKWh: number;
  tradedKWh: number;
  /** Volume-weighted mean of what sellers received, coins per 100 Wh; null if nothing traded. */
  meanPrice: number | null;
  /** The same for what buyers paid: above meanPrice only under McAfee (the auctioneer's cut). */
  meanBuyerPrice: number | null;
  /** Sum over traded units of bid - ask, coins. */
  totalSurplus: number;
  /** Kept by the auctioneer (McAfee's reduced rounds), coins. */
  auctioneerSurplus: number;
  /** Gini of the households' coin gains over the run (see {@link gini}). */
  giniCoins: number | null;
  /** Mean over trading rounds of surplus per traded 100 Wh unit, coins (0 before a trade). */
  averageUtility: number;
  tradingRounds: number;
  /** Rounds the row covers (the table updates live in the page, mid-run). */
  rounds: number;
}

/**
 * Gini of coin gains. Gains sum to zero (coins only move between households), so the textbook
 * Gini (mean absolute difference over twice the mean) is undefined. This is the normalisation of
 * Raffinetti, Siletti and Vernizzi (2015) for attributes with negative values: the mean absolute
 * difference over twice the mean absolute value, within [0, 1]; 0 when everyone gained the same
 * (for zero-sum gains: one winner and n - 1 equal losers give 0.5). Null when nobody traded.
 */
export function gini(values: readonly number[]): number | null {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const absTotal = sorted.reduce((s, v) => s + Math.abs(v), 0);
  if (n === 0 || absTotal === 0) return null;
  // Sum over all ordered pairs of |x_i - x_j| = 2 * sum_i (2i - n - 1) x_(i), i 1-based.
  let pairs = 0;
  sorted.forEach((v, i) => {
    pairs += (2 * (i + 1) - n - 1) * v;
  });
  return (2 * pairs) / (2 * n * absTotal);
}

/**
 * The comparison row of a run so far: energy, surplus and utility from its summary (the
 * households' books), prices and the auctioneer's cut from its sums.
 */
export function comparisonRow(
  mechanism: MechanismName,
  so: Readonly<FiguresSoFar>,
  summary: RunSummary,
): ComparisonRow {
  const e = summary.energy;
  const u = summary.utility;
  return {
    mechanism,
    solarShare: e.solarShare,
    thesisSolarPrint: summary.thesisPrint.solar,
    consumedKWh: e.consumedWh / 1000,
    producedKWh: e.producedWh / 1000,
    gridImportKWh: e.gridImportWh / 1000,
    gridExportKWh: e.gridExportWh / 1000,
    tradedKWh: e.localTradedWh / 1000,
    meanPrice: meanPrice(so.tradeValue, e.localTradedWh),
    meanBuyerPrice: meanPrice(so.buyerTradeValue, e.localTradedWh),
    totalSurplus: u.totalSurplus / BASE_PER_COIN,
    auctioneerSurplus: so.auctioneerSurplus / BASE_PER_COIN,
    giniCoins: gini(summary.households.map((h) => h.coinDelta)),
    averageUtility: u.averagePerTradingRound / BASE_PER_COIN,
    tradingRounds: u.tradingRounds,
    rounds: summary.rounds,
  };
}

// ---------------------------------------------------------------------------------------------
// A run's figures as one flat record
// ---------------------------------------------------------------------------------------------

/**
 * Every run figure a sweep records and the replication report reads, in column order, each with
 * its definition. Energy in kWh, value in coins or money (1 money = 1 coin), prices in coins per
 * 100 Wh, loyalty as a factor (1 = the usual start). Null where there is nothing to measure.
 */
export const RUN_FIGURE_DEFINITIONS = {
  rounds: 'hours simulated',
  consumedKWh: 'energy consumed by all households',
  producedKWh: 'PV production, exports included',
  gridImportKWh: 'energy bought from the outer grid',
  gridExportKWh: 'energy sold to the outer grid (battery overflow)',
  tradedKWh: 'energy traded between households',
  thesisTotalKWh: ENERGY_PRINT_DEFINITIONS.thesisTotalWh,
  solarShare: ENERGY_PRINT_DEFINITIONS.solarShare,
  thesisSolarPrint: ENERGY_PRINT_DEFINITIONS.thesisSolarPrint,
  meanPrice: 'volume-weighted mean of what sellers received, coins per 100 Wh',
  meanBuyerPrice: 'volume-weighted mean of what buyers paid, coins per 100 Wh',
  modalPriceBin:
    'the 1-coin price bin with the most traded units (bin b: prices in [b, b + 1)); the thesis\'s "most used price"',
  modalPriceShare: 'share of the traded units that fell in the modal bin',
  totalSurplus: 'sum over traded units of bid - ask, coins',
  auctioneerSurplus: 'kept by the auctioneer (McAfee), coins',
  averageUtility: 'mean over trading rounds of surplus per traded 100 Wh, coins',
  learningUtility:
    'averageUtility over the trading rounds of the learning phase (null without learning)',
  exploitationUtility:
    'averageUtility over the trading rounds after the learning phase (null without learning)',
  tradingRounds: 'rounds with at least one trade',
  trades: 'matched buyer-seller pairs over the run',
  giniCoins: "Gini of the households' coin gains (figures.gini)",
  meanLoyalty: "mean of the households' loyalty at the end",
  medianLoyalty: "median of the households' loyalty at the end",
  maxLoyalty: 'highest loyalty at the end',
  loyaltyAboveStartShare: 'share of households whose loyalty ended above loyalty.start',
  loyaltyOutliers:
    'households whose loyalty ended above 10 x the median (ours: the thesis\'s "very high ... compared to others")',
  prosumerMoneyMean: 'mean money balance of households with PV at the end (negative: spent)',
  consumerMoneyMean: 'mean money balance of households without PV at the end (negative: spent)',
  moneySpentRatio:
    'consumerMoneyMean / prosumerMoneyMean: how many times more consumers spent (null unless both spent)',
  prosumerCoinGainMean: 'mean coin gain in local trades of households with PV',
  consumerCoinGainMean: 'mean coin gain in local trades of households without PV',
} as const;

export type RunFigureKey = keyof typeof RUN_FIGURE_DEFINITIONS;
export const RUN_FIGURE_KEYS = Object.freeze(
  Object.keys(RUN_FIGURE_DEFINITIONS),
) as readonly RunFigureKey[];
export type RunFigures = Record<RunFigureKey, number | null>;

const meanOf = (xs: readonly number[]): number | null =>
  xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : null;

function medianOf(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/**
 * A run's figures from its sums and its summary (Run.soFar, Run.summary()); the scenario says
 * where loyalty started and whether it learns (the utility split is null otherwise).
 */
export function runFigures(
  so: Readonly<FiguresSoFar>,
  summary: RunSummary,
  scenario: Pick<Scenario, 'auction' | 'loyalty' | 'learning'>,
): RunFigures {
  const opts = { loyaltyStart: scenario.loyalty.start, learning: scenario.learning.enabled };
  const row = comparisonRow(scenario.auction, so, summary);
  const e = summary.energy;
  const hs = summary.households;
  const loyalty = hs.map((h) => h.loyalty / LOYALTY_SCALE);
  const median = medianOf(loyalty);
  const pv = hs.filter((h) => h.hasPv);
  const noPv = hs.filter((h) => !h.hasPv);
  const prosumerMoney = meanOf(pv.map((h) => h.moneyBalance / BASE_PER_COIN));
  const consumerMoney = meanOf(noPv.map((h) => h.moneyBalance / BASE_PER_COIN));
  const units = Object.values(summary.prices.histogram).reduce((a, b) => a + b, 0);
  const modal = summary.prices.modal;
  const exploitationRounds = so.tradingRounds - so.learningTradingRounds;
  return {
    rounds: summary.rounds,
    consumedKWh: row.consumedKWh,
    producedKWh: row.producedKWh,
    gridImportKWh: row.gridImportKWh,
    gridExportKWh: row.gridExportKWh,
    tradedKWh: row.tradedKWh,
    thesisTotalKWh: (e.gridImportWh + e.producedWh) / 1000,
    solarShare: solarShare(e.consumedWh, e.gridImportWh),
    thesisSolarPrint: row.thesisSolarPrint,
    meanPrice: row.meanPrice,
    meanBuyerPrice: row.meanBuyerPrice,
    modalPriceBin: modal,
    modalPriceShare:
      modal === null || units === 0 ? null : (summary.prices.histogram[String(modal)] ?? 0) / units,
    totalSurplus: row.totalSurplus,
    auctioneerSurplus: row.auctioneerSurplus,
    averageUtility: toCoins(averageUtility(so.utilitySum, so.tradingRounds)),
    learningUtility: opts.learning
      ? toCoins(averageUtility(so.learningUtilitySum, so.learningTradingRounds))
      : null,
    exploitationUtility: opts.learning
      ? toCoins(averageUtility(so.utilitySum - so.learningUtilitySum, exploitationRounds))
      : null,
    tradingRounds: so.tradingRounds,
    trades: so.trades,
    giniCoins: row.giniCoins,
    meanLoyalty: meanOf(loyalty),
    medianLoyalty: median,
    maxLoyalty: loyalty.length > 0 ? Math.max(...loyalty) : null,
    loyaltyAboveStartShare:
      loyalty.length > 0
        ? loyalty.filter((l) => l > opts.loyaltyStart).length / loyalty.length
        : null,
    loyaltyOutliers: median === null ? null : loyalty.filter((l) => l > 10 * median).length,
    prosumerMoneyMean: prosumerMoney,
    consumerMoneyMean: consumerMoney,
    moneySpentRatio:
      prosumerMoney !== null && consumerMoney !== null && prosumerMoney < 0 && consumerMoney < 0
        ? consumerMoney / prosumerMoney
        : null,
    prosumerCoinGainMean: meanOf(pv.map((h) => h.coinDelta / BASE_PER_COIN)),
    consumerCoinGainMean: meanOf(noPv.map((h) => h.coinDelta / BASE_PER_COIN)),
  };
}

const toCoins = (x: number | null): number | null => (x === null ? null : x / BASE_PER_COIN);
