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
import type { MechanismName } from './auctions';
import { ENERGY_PRINT_DEFINITIONS, type ComparisonRow } from './figures';
import { createRun, finishRun } from './run';
import { resolveScenario, type Scenario, type ScenarioInput } from './scenario';

export { comparisonRow, gini } from './figures';
export type { ComparisonRow } from './figures';

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

/** Runs every scenario to the end and returns the table, one row per mechanism, in order. */
export function compareToEnd(scenarios: readonly Scenario[]): ComparisonRow[] {
  return scenarios.map((s) => finishRun(createRun(s)).row());
}

/** The table's columns and decimals, shared by the CLI's Markdown table and the page's table. */
export interface ComparisonColumn {
  readonly key: keyof ComparisonRow;
  readonly head: string;
  readonly digits: number;
  /** What the figure is, where its head alone does not say (the tables print it as a note). */
  readonly definition?: string;
  /** The figure's unit (null: none), for the page's heads. */
  readonly unit: string | null;
  /** One sentence on what the column means, shown beside the page's table. */
  readonly help: string;
}

export const COMPARISON_COLUMNS: readonly ComparisonColumn[] = [
  {
    key: 'mechanism',
    head: 'mechanism',
    digits: 0,
    unit: null,
    help: 'The market rule that cleared every hour; everything else about the run is the same.',
  },
  {
    key: 'solarShare',
    head: 'solar share',
    digits: 3,
    definition: ENERGY_PRINT_DEFINITIONS.solarShare,
    unit: 'share 0-1',
    help: `Ours: ${ENERGY_PRINT_DEFINITIONS.solarShare}.`,
  },
  {
    key: 'thesisSolarPrint',
    head: 'thesis print',
    digits: 3,
    definition: ENERGY_PRINT_DEFINITIONS.thesisSolarPrint,
    unit: 'share 0-1',
    help: `The thesis's energy print: ${ENERGY_PRINT_DEFINITIONS.thesisSolarPrint}.`,
  },
  {
    key: 'gridImportKWh',
    head: 'grid import kWh',
    digits: 1,
    unit: 'kWh',
    help: 'Energy the households bought from the outer grid, at its retail price.',
  },
  {
    key: 'gridExportKWh',
    head: 'grid export kWh',
    digits: 1,
    unit: 'kWh',
    help: 'Energy fed into the outer grid, at its feed-in price, when batteries were full.',
  },
  {
    key: 'tradedKWh',
    head: 'traded kWh',
    digits: 1,
    unit: 'kWh',
    help: 'Energy traded between neighbours in the local market.',
  },
  {
    key: 'meanPrice',
    head: 'mean price',
    digits: 3,
    unit: 'coins / 100 Wh',
    help: 'What sellers received per 100 Wh, weighted by energy, over every trade.',
  },
  {
    key: 'meanBuyerPrice',
    head: 'buyer price',
    digits: 3,
    unit: 'coins / 100 Wh',
    help: 'What buyers paid per 100 Wh; above the mean price only under McAfee, whose auctioneer keeps the difference.',
  },
  {
    key: 'totalSurplus',
    head: 'total surplus',
    digits: 1,
    unit: 'coins',
    help: 'The gains from trade: over every traded 100 Wh, the bid minus the ask.',
  },
  {
    key: 'auctioneerSurplus',
    head: 'auctioneer',
    digits: 1,
    unit: 'coins',
    help: "Coins the auctioneer kept (McAfee's reduced rounds); 0 for every other mechanism.",
  },
  {
    key: 'giniCoins',
    head: 'Gini gains',
    digits: 4,
    unit: '0-1',
    help: 'How unevenly the coins won and lost in trades were spread: 0 when every household gained the same, towards 1 when one took all.',
  },
  {
    key: 'averageUtility',
    head: 'avg utility',
    digits: 3,
    unit: 'coins / 100 Wh',
    help: 'The mean, over the hours with a trade, of the surplus per traded 100 Wh.',
  },
];

/** A cell as both tables print it: fixed decimals, "-" for no value (nothing traded). */
export function formatComparisonCell(row: ComparisonRow, column: ComparisonColumn): string {
  const v = row[column.key];
  if (v === null) return '-';
  return typeof v === 'number' ? v.toFixed(column.digits) : String(v);
}
