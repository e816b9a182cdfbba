/**
 * `simulate`: parse flags, resolve the scenario, run, write DIR/summary.json, DIR/rounds.csv and
 * DIR/households.csv. The pieces are separate so script/cli.ts can put a settlement hook (--rpc)
 * between them.
 */
import { availableMechanisms } from '../engine';
import type { Scenario } from '../engine';
import { householdAccounts } from '../chain';
import { parseFlags, parseInteger, UsageError } from './args';
import { writeFilesAtomically } from './output';
import type { RunOutput } from './run';
import { loadScenario } from './scenarioSource';
import { buildSummary } from './summary';

export const SIMULATE_FLAGS = [
  'scenario',
  'variant',
  'seed',
  'days',
  'households',
  'auction',
  'out',
] as const;

export interface SimulateArgs {
  scenario: Scenario;
  out: string;
  /** Values of extra flags the caller declared (e.g. rpc). */
  extra: Map<string, string>;
}

export function parseSimulateArgs(
  argv: readonly string[],
  extraFlags: readonly string[] = [],
): SimulateArgs {
  const flags = parseFlags(argv, [...SIMULATE_FLAGS, ...extraFlags]);
  const source = flags.get('scenario');
  if (source === undefined) {
    throw new UsageError('--scenario', undefined, 'exp1 | exp2 | exp3 | exp4 | a .json file');
  }
  const auction = flags.get('auction');
  if (auction !== undefined && !(availableMechanisms() as string[]).includes(auction)) {
    throw new UsageError('--auction', auction, availableMechanisms().join(' | '));
  }
  const raw = (k: string) => flags.get(k);
  const seedRaw = raw('seed');
  const daysRaw = raw('days');
  const householdsRaw = raw('households');
  const scenario = loadScenario(source, {
    seed:
      seedRaw === undefined
        ? undefined
        : parseInteger('--seed', seedRaw, -(2 ** 53 - 1), 2 ** 53 - 1),
    days: daysRaw === undefined ? undefined : parseInteger('--days', daysRaw, 1, 3650),
    households:
      householdsRaw === undefined
        ? undefined
        : parseInteger('--households', householdsRaw, 1, 1000),
    auction,
    variant: flags.get('variant'),
  });
  const extra = new Map<string, string>();
  for (const f of extraFlags) {
    const v = flags.get(f);
    if (v !== undefined) extra.set(f, v);
  }
  return {
    scenario,
    out: flags.get('out') ?? `runs/${scenario.name}-seed${scenario.seed}`,
    extra,
  };
}

/** Writes the three files atomically; returns their paths. */
export function writeRunOutput(
  out: string,
  run: RunOutput,
  extraSummary: Record<string, unknown> = {},
): string[] {
  const summary = buildSummary(
    run,
    householdAccounts(run.scenario.households).map((a) => a.address),
    extraSummary,
  );
  return writeFilesAtomically(out, {
    'summary.json': `${JSON.stringify(summary, null, 2)}\n`,
    'rounds.csv': run.roundsCsv,
    'households.csv': run.householdsCsv,
  });
}

/** One line for the terminal. */
export function describeRun(run: RunOutput): string {
  const e = run.metrics.energy;
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return [
    `${run.scenario.name} seed ${run.scenario.seed}: ${run.scenario.households} households, ${run.scenario.days} days, ${run.scenario.auction}`,
    `consumed ${(e.consumedWh / 1000).toFixed(1)} kWh, produced ${(e.producedWh / 1000).toFixed(1)} kWh, traded ${(e.localTradedWh / 1000).toFixed(1)} kWh`,
    `solar ${pct(e.solarShare)}, carbon ${pct(e.carbonShare)}, modal price bin ${run.metrics.prices.modal ?? '-'}`,
    `engine ${run.engineMs.toFixed(0)} ms, wall ${run.wallMs.toFixed(0)} ms`,
  ].join('\n');
}
