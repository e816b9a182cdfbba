/**
 * `compare`: the same scenario and seed under several clearing mechanisms, side by side.
 *
 * The engine derives weather, production, consumption and pricing draws from labelled streams of
 * the seed that no mechanism touches, so every run sees the same households, weather and demand;
 * only the market differs (and what follows from it: batteries, grid flows, later orders).
 *
 * Usage: compare --scenario <preset|file.json> [--auctions a,b,..] [--seed N] [--days N]
 *                [--households N] [--out DIR]
 * Writes the table to stdout and, with --out, DIR/compare.csv, DIR/compare.json and per mechanism
 * DIR/rounds-<mechanism>.csv and DIR/households-<mechanism>.csv (and the community's netting
 * ledger, DIR/ledger-community.csv), all after every run finished.
 */
import {
  BASE_PER_COIN,
  PRESET_NAMES,
  availableMechanisms,
  coinsPer100WhFromPricePerWh,
  createMechanism,
  createRunMetrics,
  createSimulation,
  resolveScenario,
  type HouseholdSummary,
  type MechanismName,
  type RoundResult,
  type Scenario,
  type ScenarioInput,
} from '../engine';
import type { CommunityMechanism, Netting } from '../engine/auctions/community';
import { UsageError, parseFlags, parseInteger } from './args';
import { roundsHeader, roundsRow } from './csv';
import { writeFilesAtomically } from './output';
import { readScenarioInput } from './scenarioSource';

export interface CompareOptions {
  scenario: ScenarioInput;
  auctions: MechanismName[];
  seed?: number;
  days?: number;
  households?: number;
}

export interface CompareRow {
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
  wallMs: number;
}

export interface MechanismRun {
  row: CompareRow;
  rounds: RoundResult[];
  households: HouseholdSummary[];
  /** Community netting only: every netting of the members' credit / debit ledger. */
  nettings?: readonly Netting[];
}

export interface CompareResult {
  scenario: Scenario;
  runs: MechanismRun[];
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

function resolveFor(opts: CompareOptions, auction: MechanismName): Scenario {
  const input: ScenarioInput = { ...opts.scenario, auction };
  if (opts.seed !== undefined) input.seed = opts.seed;
  if (opts.days !== undefined) input.days = opts.days;
  if (opts.households !== undefined) input.households = opts.households;
  return resolveScenario(input);
}

function runOne(scenario: Scenario, clock: () => number): MechanismRun {
  const started = clock();
  // Scenario-dependent parameters (the community's default rate is the middle of the price list).
  const mechanism = createMechanism(scenario.auction, {
    priceMin: scenario.priceMin,
    priceMax: scenario.priceMax,
  });
  const sim = createSimulation(scenario, { mechanism });
  const metrics = createRunMetrics(scenario.initCoins * BASE_PER_COIN);
  const rounds: RoundResult[] = [];
  let value = 0;
  let buyerValue = 0;
  let auctioneer = 0;
  while (!sim.done) {
    const r = sim.step();
    metrics.add(r);
    rounds.push(r);
    auctioneer += r.auctioneerSurplus;
    for (const t of r.trades) {
      value += t.energyWh * t.pricePerWh;
      buyerValue += t.energyWh * (t.buyerPricePerWh ?? t.pricePerWh);
    }
  }
  const s = metrics.summary();
  const e = s.energy;
  const meanPerWh = (v: number): number | null =>
    e.localTradedWh > 0 ? coinsPer100WhFromPricePerWh(v / e.localTradedWh) : null;
  return {
    row: {
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
      wallMs: Math.round(clock() - started),
    },
    rounds,
    households: s.households,
    ...(mechanism.name === 'community'
      ? { nettings: (mechanism as CommunityMechanism).nettings() }
      : {}),
  };
}

/** Runs every mechanism on the same scenario and seed. Validates all scenarios first. */
export function compareMechanisms(
  opts: CompareOptions,
  clock: () => number = () => performance.now(),
): CompareResult {
  if (opts.auctions.length === 0) {
    throw new UsageError('--auctions', '', availableMechanisms().join(','));
  }
  const scenarios = opts.auctions.map((a) => resolveFor(opts, a));
  return {
    scenario: scenarios[0] as Scenario,
    runs: scenarios.map((s) => runOne(s, clock)),
  };
}

const COLUMNS: readonly { key: keyof CompareRow; head: string; digits: number }[] = [
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

function cell(row: CompareRow, c: (typeof COLUMNS)[number]): string {
  const v = row[c.key];
  if (v === null) return '-';
  return typeof v === 'number' ? v.toFixed(c.digits) : String(v);
}

/** A Markdown table (readable in a terminal, pasteable into the docs). */
export function formatTable(rows: readonly CompareRow[]): string {
  const cells = rows.map((r) => COLUMNS.map((c) => cell(r, c)));
  const widths = COLUMNS.map((c, i) => Math.max(c.head.length, ...cells.map((r) => r[i]!.length)));
  const line = (vs: readonly string[]): string =>
    `| ${vs.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(COLUMNS.map((c) => c.head)), rule, ...cells.map(line)].join('\n');
}

function csv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const esc = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(esc).join(',')).join('\n') + '\n';
}

const ROW_KEYS: readonly (keyof CompareRow)[] = [
  'mechanism',
  'solarShare',
  'consumedKWh',
  'producedKWh',
  'gridImportKWh',
  'gridExportKWh',
  'tradedKWh',
  'meanPrice',
  'meanBuyerPrice',
  'totalSurplus',
  'auctioneerSurplus',
  'giniCoins',
  'averageUtility',
  'tradingRounds',
  'wallMs',
];

/** Same columns as `simulate`'s rounds.csv, so the files load with the same code. */
function roundsCsv(rounds: readonly RoundResult[]): string {
  return `${[roundsHeader(), ...rounds.map(roundsRow)].join('\n')}\n`;
}

function householdsCsv(households: readonly HouseholdSummary[]): string {
  return csv(
    [
      'index',
      'hasPv',
      'coinBalance',
      'coinDelta',
      'moneyBalance',
      'netValue',
      'batteryWh',
      'loyalty',
      'boughtLocalWh',
      'soldLocalWh',
      'gridImportWh',
      'gridExportWh',
    ],
    households.map((h) => [
      h.index,
      h.hasPv,
      h.coinBalance,
      h.coinDelta,
      h.moneyBalance,
      h.netValue,
      h.batteryWh,
      h.loyalty,
      h.boughtLocalWh,
      h.soldLocalWh,
      h.gridImportWh,
      h.gridExportWh,
    ]),
  );
}

function ledgerCsv(nettings: readonly Netting[]): string {
  return csv(
    ['round', 'agent', 'creditWh', 'debitWh', 'balance'],
    nettings.flatMap((n) =>
      n.entries.map((e) => [n.round, e.agent, e.creditWh, e.debitWh, e.balance]),
    ),
  );
}

/** Writes compare.csv, compare.json and the per-mechanism CSVs into dir, all or nothing. */
export function writeCompare(dir: string, result: CompareResult): string[] {
  const files: Record<string, string> = {
    'compare.csv': csv(
      ROW_KEYS,
      result.runs.map((r) => ROW_KEYS.map((k) => r.row[k])),
    ),
    'compare.json': `${JSON.stringify(
      {
        scenario: { ...result.scenario, auction: undefined },
        seed: result.scenario.seed,
        rows: result.runs.map((r) => r.row),
      },
      null,
      2,
    )}\n`,
  };
  for (const run of result.runs) {
    const m = run.row.mechanism;
    files[`rounds-${m}.csv`] = roundsCsv(run.rounds);
    files[`households-${m}.csv`] = householdsCsv(run.households);
    if (run.nettings) files[`ledger-${m}.csv`] = ledgerCsv(run.nettings);
  }
  return writeFilesAtomically(dir, files);
}

export interface CompareArgs extends CompareOptions {
  out?: string;
}

export function parseCompareArgs(argv: readonly string[]): CompareArgs {
  const flags = parseFlags(argv, ['scenario', 'auctions', 'seed', 'days', 'households', 'out']);
  const source = flags.get('scenario');
  if (source === undefined) {
    throw new UsageError('--scenario', undefined, `${PRESET_NAMES.join(' | ')} | a .json file`);
  }
  const available = availableMechanisms();
  const auctionsArg = flags.get('auctions');
  const auctions = (auctionsArg ?? available.join(',')).split(',').map((a) => a.trim());
  for (const a of auctions) {
    if (!available.includes(a as MechanismName)) {
      throw new UsageError('--auctions', a, available.join(','));
    }
  }
  if (new Set(auctions).size !== auctions.length) {
    throw new UsageError('--auctions', auctionsArg, 'each mechanism at most once');
  }
  const args: CompareArgs = {
    scenario: readScenarioInput(source),
    auctions: auctions as MechanismName[],
  };
  const seed = flags.get('seed');
  if (seed !== undefined) args.seed = parseInteger('--seed', seed, -(2 ** 53 - 1), 2 ** 53 - 1);
  const days = flags.get('days');
  if (days !== undefined) args.days = parseInteger('--days', days, 1, 3650);
  const households = flags.get('households');
  if (households !== undefined) args.households = parseInteger('--households', households, 1, 1000);
  const out = flags.get('out');
  if (out !== undefined) args.out = out;
  return args;
}

/** CLI entry: prints the table, writes files with --out; returns the exit code. */
export async function runCompareCommand(argv: string[]): Promise<number> {
  try {
    const args = parseCompareArgs(argv);
    const result = compareMechanisms(args);
    const s = result.scenario;
    process.stdout.write(
      `compare: scenario ${s.name}, seed ${s.seed}, ${s.households} households, ${s.days} days\n\n`,
    );
    process.stdout.write(`${formatTable(result.runs.map((r) => r.row))}\n`);
    if (args.out !== undefined) {
      const files = writeCompare(args.out, result);
      process.stdout.write(`\nwrote ${files.length} files to ${args.out}\n`);
    }
    return 0;
  } catch (e) {
    process.stderr.write(`compare: ${(e as Error).message}\n`);
    return 2;
  }
}
