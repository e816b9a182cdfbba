/**
 * `compare`: the same scenario and seed under several clearing mechanisms, side by side.
 *
 * The engine derives weather, production, consumption and pricing draws from labelled streams of
 * the seed that no mechanism touches, so every run sees the same households, weather and demand;
 * only the market differs (and what follows from it: batteries, grid flows, later orders).
 *
 * Prints the table and, with --out, writes the files (compareReport.ts) after every run finished.
 */
import {
  PRESET_NAMES,
  allowedText,
  availableMechanisms,
  createRun,
  energyPrints,
  runToEnd,
  type EnergyPrints,
  type HouseholdSummary,
  type MechanismName,
  type RoundFigures,
  type RoundResult,
  type Scenario,
  type ScenarioInput,
} from '../engine';
import type { CommunityMechanism, Netting } from '../engine';
import { comparisonScenarios, type ComparisonRow } from '../engine';
import { UsageError, parseFlags, type Command } from './command';
import { formatDefinitions, formatTable, writeCompare } from './compareReport';
import { readScenarioInput, scenarioFlag } from './scenarioSource';

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
  /** Each round's figures, in the same order. */
  figures: RoundFigures[];
  /** Both energy prints of the rounds up to and including each round (rounds.csv's columns). */
  printsSoFar: EnergyPrints[];
  households: HouseholdSummary[];
  /** Community netting only: every netting of the members' credit / debit ledger. */
  nettings?: readonly Netting[];
}

export interface CompareResult {
  scenario: Scenario;
  runs: MechanismRun[];
}

async function runOne(scenario: Scenario, clock: () => number): Promise<MechanismRun> {
  const started = clock();
  const rounds: RoundResult[] = [];
  const figures: RoundFigures[] = [];
  const printsSoFar: EnergyPrints[] = [];
  const run = await runToEnd(createRun(scenario), {
    onRound: (r, f, x) => {
      rounds.push(r);
      figures.push(f);
      printsSoFar.push(energyPrints(x.soFar));
    },
  });
  const { mechanism } = run;
  return {
    row: { ...run.row(), wallMs: Math.round(clock() - started) },
    rounds,
    figures,
    printsSoFar,
    households: run.summary().households,
    ...(mechanism.name === 'community'
      ? { nettings: (mechanism as CommunityMechanism).nettings() }
      : {}),
  };
}

/** Runs every mechanism on the same scenario and seed. Validates all scenarios first. */
export async function compareMechanisms(
  opts: CompareOptions,
  clock: () => number = () => performance.now(),
): Promise<CompareResult> {
  if (opts.auctions.length === 0) {
    throw new UsageError('--auctions', '', availableMechanisms().join(','));
  }
  const scenarios = comparisonScenarios(opts.scenario, opts.auctions, opts);
  const runs: MechanismRun[] = [];
  for (const s of scenarios) runs.push(await runOne(s, clock));
  return { scenario: scenarios[0] as Scenario, runs };
}

export interface CompareArgs extends CompareOptions {
  out?: string;
}

const COMPARE_FLAGS = {
  scenario: {
    value: `${PRESET_NAMES.join('|')}|file.json`,
    help: 'preset or scenario file (required)',
  },
  auctions: {
    value: 'a,b,..',
    help: `mechanisms to compare (default all: ${availableMechanisms().join(',')})`,
  },
  seed: { value: 'N', help: "integer seed (default: the scenario's)" },
  days: { value: 'N', help: `days to simulate: ${allowedText('days')}` },
  households: { value: 'N', help: `households: ${allowedText('households')}` },
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
  const seed = scenarioFlag(flags, 'seed', 'seed');
  if (seed !== undefined) args.seed = seed;
  const days = scenarioFlag(flags, 'days', 'days');
  if (days !== undefined) args.days = days;
  const households = scenarioFlag(flags, 'households', 'households');
  if (households !== undefined) args.households = households;
  const out = flags.get('out');
  if (out !== undefined) args.out = out;
  return args;
}

/** Prints the table and writes the files with --out (after every run finished). */
async function compare(flags: ReadonlyMap<string, string>): Promise<number> {
  const args = compareArgs(flags);
  const result = await compareMechanisms(args);
  const s = result.scenario;
  process.stdout.write(
    `compare: scenario ${s.name}, seed ${s.seed}, ${s.households} households, ${s.days} days\n\n`,
  );
  process.stdout.write(`${formatTable(result.runs.map((r) => r.row))}\n\n${formatDefinitions()}\n`);
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
