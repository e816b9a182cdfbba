/**
 * Comparing mechanisms on the same scenario and seed: the one computation behind the CLI's
 * `compare` table and the page's comparison view, so both show the same figures for a run.
 *
 * The engine derives weather, production, consumption and pricing draws from labelled streams of
 * the seed that no mechanism touches, so every run sees the same households, weather and demand;
 * only the market differs (and what follows from it: batteries, grid flows, later orders).
 *
 * Node-free and DOM-free: it runs in the CLI and in the page's comparison worker.
 */
import { createMechanism, type Mechanism } from './auctions';
import { createRunMetrics, type RunSummary } from './metrics';
import { resolveScenario, type Scenario, type ScenarioInput } from './scenario';
import { createSimulation, type RoundResult, type Simulation } from './simulation';
import type { MechanismName } from './types';
import { BASE_PER_COIN, coinsPer100WhFromPricePerWh } from './units';

/** One mechanism's line of the comparison table. */
export interface ComparisonRow {
  mechanism: MechanismName;
  /** 1 - grid import / consumption. */
  solarShare: number;
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
  /** Mean over trading rounds of surplus per traded 100 Wh unit, coins. */
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

/** What the caller may override on top of the scenario input, for every mechanism alike. */
export interface ComparisonOverrides {
  seed?: number;
  days?: number;
  households?: number;
}

/**
 * One resolved scenario per mechanism, differing only in `auction`. Resolves all of them before
 * anything runs, so a bad input fails at once (ScenarioError names field, value and range).
 */
export function comparisonScenarios(
  input: ScenarioInput,
  auctions: readonly MechanismName[],
  overrides: ComparisonOverrides = {},
): Scenario[] {
  return auctions.map((auction) => {
    const s: ScenarioInput = { ...input, auction };
    if (overrides.seed !== undefined) s.seed = overrides.seed;
    if (overrides.days !== undefined) s.days = overrides.days;
    if (overrides.households !== undefined) s.households = overrides.households;
    return resolveScenario(s);
  });
}

export interface MechanismRunner {
  readonly simulation: Simulation;
  /** The instance the simulation clears with (the community's netting ledger lives on it). */
  readonly mechanism: Mechanism;
  /** Feeds a round into the figures; the runner's own step() already does. */
  add(r: RoundResult): void;
  /** Steps the simulation once and counts the round. Throws if the run is done. */
  step(): RoundResult;
  /** The table row for the rounds so far. */
  row(): ComparisonRow;
  summary(): RunSummary;
}

/** A simulation of the scenario under its own mechanism, with the table's figures accumulated. */
export function createMechanismRunner(scenario: Scenario): MechanismRunner {
  // Scenario-dependent parameters (the community's default rate is the middle of the price list).
  const mechanism = createMechanism(scenario.auction, {
    priceMin: scenario.priceMin,
    priceMax: scenario.priceMax,
  });
  const simulation = createSimulation(scenario, { mechanism });
  const metrics = createRunMetrics(scenario.initCoins * BASE_PER_COIN);
  let value = 0;
  let buyerValue = 0;
  let auctioneer = 0;
  const add = (r: RoundResult): void => {
    metrics.add(r);
    auctioneer += r.auctioneerSurplus;
    for (const t of r.trades) {
      value += t.energyWh * t.pricePerWh;
      buyerValue += t.energyWh * (t.buyerPricePerWh ?? t.pricePerWh);
    }
  };
  return {
    simulation,
    mechanism,
    add,
    step() {
      const r = simulation.step();
      add(r);
      return r;
    },
    summary: () => metrics.summary(),
    row() {
      const s = metrics.summary();
      const e = s.energy;
      const meanPerWh = (v: number): number | null =>
        e.localTradedWh > 0 ? coinsPer100WhFromPricePerWh(v / e.localTradedWh) : null;
      return {
        mechanism: scenario.auction,
        solarShare: e.solarShare,
        consumedKWh: e.consumedWh / 1000,
        producedKWh: e.producedWh / 1000,
        gridImportKWh: e.gridImportWh / 1000,
        gridExportKWh: e.gridExportWh / 1000,
        tradedKWh: e.localTradedWh / 1000,
        meanPrice: meanPerWh(value),
        meanBuyerPrice: meanPerWh(buyerValue),
        totalSurplus: s.utility.totalSurplus / BASE_PER_COIN,
        auctioneerSurplus: auctioneer / BASE_PER_COIN,
        giniCoins: gini(s.households.map((h) => h.coinDelta)),
        averageUtility: s.utility.averagePerTradingRound / BASE_PER_COIN,
        tradingRounds: s.utility.tradingRounds,
        rounds: s.rounds,
      };
    },
  };
}

/** Runs every scenario to the end and returns the table, one row per mechanism, in order. */
export function compareToEnd(scenarios: readonly Scenario[]): ComparisonRow[] {
  return scenarios.map((s) => {
    const run = createMechanismRunner(s);
    while (!run.simulation.done) run.step();
    return run.row();
  });
}

/** The table's columns and decimals, shared by the CLI's Markdown table and the page's table. */
export const COMPARISON_COLUMNS: readonly {
  readonly key: keyof ComparisonRow;
  readonly head: string;
  readonly digits: number;
}[] = [
  { key: 'mechanism', head: 'mechanism', digits: 0 },
  { key: 'solarShare', head: 'solar share', digits: 3 },
  { key: 'gridImportKWh', head: 'grid import kWh', digits: 1 },
  { key: 'gridExportKWh', head: 'grid export kWh', digits: 1 },
  { key: 'tradedKWh', head: 'traded kWh', digits: 1 },
  { key: 'meanPrice', head: 'mean price', digits: 3 },
  { key: 'meanBuyerPrice', head: 'buyer price', digits: 3 },
  { key: 'totalSurplus', head: 'total surplus', digits: 1 },
  { key: 'auctioneerSurplus', head: 'auctioneer', digits: 1 },
  { key: 'giniCoins', head: 'Gini gains', digits: 4 },
  { key: 'averageUtility', head: 'avg utility', digits: 3 },
];

/** A cell as both tables print it: fixed decimals, "-" for no value (nothing traded). */
export function formatComparisonCell(
  row: ComparisonRow,
  column: (typeof COMPARISON_COLUMNS)[number],
): string {
  const v = row[column.key];
  if (v === null) return '-';
  return typeof v === 'number' ? v.toFixed(column.digits) : String(v);
}
