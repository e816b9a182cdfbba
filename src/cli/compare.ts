/**
 * `compare`: the same scenario and seed under several clearing mechanisms, side by side.
 *
 * The engine derives weather, production, consumption and pricing draws from labelled streams of
 * the seed that no mechanism touches, so every run sees the same households, weather and demand;
 * only the market differs (and what follows from it: batteries, grid flows, later orders).
 *
 * Writes the table to stdout and, with --out, DIR/compare.csv, DIR/compare.json and per mechanism
 * DIR/rounds-<mechanism>.csv and DIR/households-<mechanism>.csv (and the community's netting
 * ledger, DIR/ledger-community.csv), all after every run finished.
 */
import {
  PRESET_NAMES,
  availableMechanisms,
  type HouseholdSummary,
  type MechanismName,
  type RoundResult,
  type Scenario,
  type ScenarioInput,
} from '../engine';
import type { CommunityMechanism, Netting } from '../engine/auctions/community';
import {
  COMPARISON_COLUMNS,
  comparisonScenarios,
  createMechanismRunner,
  formatComparisonCell,
  type ComparisonRow,
} from '../engine/comparison';
import { UsageError, parseFlags, parseInteger, type Command } from './command';
import { roundsHeader, roundsRow } from './csv';
import { writeFilesAtomically } from './output';
import { readScenarioInput } from './scenarioSource';

// The page's comparison view computes its table with the same engine module.
export { gini } from '../engine/comparison';

export interface CompareOptions {
  scenario: ScenarioInput;
  auctions: MechanismName[];
  seed?: number;
  days?: number;
  households?: number;
}

/** The engine's comparison row plus how long the run took here. */
export interface CompareRow extends ComparisonRow {
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

function runOne(scenario: Scenario, clock: () => number): MechanismRun {
  const started = clock();
  const run = createMechanismRunner(scenario);
  const rounds: RoundResult[] = [];
  while (!run.simulation.done) rounds.push(run.step());
  const { mechanism } = run;
  return {
    row: { ...run.row(), wallMs: Math.round(clock() - started) },
    rounds,
    households: run.summary().households,
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
  const scenarios = comparisonScenarios(opts.scenario, opts.auctions, opts);
  return {
    scenario: scenarios[0] as Scenario,
    runs: scenarios.map((s) => runOne(s, clock)),
  };
}

const COLUMNS = COMPARISON_COLUMNS;
const cell = formatComparisonCell;

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

export const COMPARE_FLAGS = {
  scenario: {
    value: `${PRESET_NAMES.join('|')}|file.json`,
    help: 'preset or scenario file (required)',
  },
  auctions: {
    value: 'a,b,..',
    help: `mechanisms to compare (default all: ${availableMechanisms().join(',')})`,
  },
  seed: { value: 'N', help: "integer seed (default: the scenario's)" },
  days: { value: 'N', help: 'days to simulate, 1..3650' },
  households: { value: 'N', help: 'households, 1..1000' },
  out: { value: 'DIR', help: 'also write compare.csv, compare.json and per-mechanism CSVs here' },
} as const;

export function parseCompareArgs(argv: readonly string[]): CompareArgs {
  return compareArgs(parseFlags(argv, COMPARE_FLAGS).values);
}

function compareArgs(flags: ReadonlyMap<string, string>): CompareArgs {
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

/** Prints the table and writes the files with --out (after every run finished). */
async function compare(flags: ReadonlyMap<string, string>): Promise<number> {
  const args = compareArgs(flags);
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
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'run one scenario and seed under several mechanisms and print a table side by side',
  usage: 'compare --scenario <preset|file.json> [flags]',
  flags: COMPARE_FLAGS,
  notes: [
    'Every mechanism sees the same households, weather and demand; only the market differs.',
    'With --out: DIR/compare.csv, DIR/compare.json, DIR/rounds-<mechanism>.csv,',
    'DIR/households-<mechanism>.csv and DIR/ledger-community.csv, all or nothing.',
  ].join('\n'),
  run: compare,
};
