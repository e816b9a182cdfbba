/**
 * `simulate`: parse flags, resolve the scenario, run (settling every round on a chain with --rpc),
 * then write DIR/summary.json, DIR/rounds.csv and DIR/households.csv, all or nothing.
 */
import { DEFAULT_BATCH_ROUNDS, describeMismatch, householdAccounts } from '../chain';
import { allowedText, availableMechanisms, PRESET_NAMES } from '../engine';
import type { RunHooks, Scenario } from '../engine';
import { openChainRun } from './chainRun';
import { parseFlags, UsageError, type Command } from './command';
import { writeFilesAtomically } from './output';
import { createProgress } from './progress';
import { runSimulation, type RunOutput } from './run';
import { loadScenario, scenarioFlag } from './scenarioSource';
import { buildSummary } from './summary';

const SCENARIOS = `${PRESET_NAMES.join(' | ')} | a .json file`;

const SIMULATE_FLAGS = {
  scenario: {
    value: `${PRESET_NAMES.join('|')}|file.json`,
    help: 'preset or scenario file (required)',
  },
  variant: { value: 'thesis-code', help: "the thesis code's weather shares and grid price" },
  seed: { value: 'N', help: "integer seed (default: the scenario's)" },
  days: { value: 'N', help: `days to simulate: ${allowedText('days')}` },
  households: { value: 'N', help: `households: ${allowedText('households')}` },
  auction: { value: availableMechanisms().join('|'), help: 'clearing mechanism' },
  out: { value: 'DIR', help: 'where to write the files (default runs/<scenario>-seed<seed>)' },
  rpc: { value: 'URL', help: 'settle every round on the chain at this JSON-RPC URL and reconcile' },
  'batch-rounds': {
    value: 'N',
    help: `rounds per settlement transaction with --rpc, 1..1000 (default ${DEFAULT_BATCH_ROUNDS})`,
  },
} as const;

export interface SimulateArgs {
  scenario: Scenario;
  out: string;
  /** Settle on this chain (--rpc), in transactions of `batchRounds` rounds at most. */
  chain?: { rpcUrl: string; batchRounds: number };
}

export function parseSimulateArgs(argv: readonly string[]): SimulateArgs {
  return simulateArgs(parseFlags(argv, SIMULATE_FLAGS).values);
}

function simulateArgs(flags: ReadonlyMap<string, string>): SimulateArgs {
  const source = flags.get('scenario');
  if (source === undefined) throw new UsageError('--scenario', undefined, SCENARIOS);
  const rpcUrl = flags.get('rpc');
  if (rpcUrl !== undefined && !/^https?:\/\/\S+$/.test(rpcUrl)) {
    throw new UsageError('--rpc', rpcUrl, 'an http(s) JSON-RPC URL');
  }
  const batchRaw = flags.get('batch-rounds');
  let batchRounds = DEFAULT_BATCH_ROUNDS;
  if (batchRaw !== undefined) {
    if (rpcUrl === undefined) {
      throw new UsageError('--batch-rounds', batchRaw, 'only together with --rpc');
    }
    batchRounds = Number(batchRaw);
    if (!/^\d+$/.test(batchRaw) || batchRounds < 1 || batchRounds > 1000) {
      throw new UsageError('--batch-rounds', batchRaw, 'an integer 1..1000');
    }
  }
  const scenario = loadScenario(source, {
    seed: scenarioFlag(flags, 'seed', 'seed'),
    days: scenarioFlag(flags, 'days', 'days'),
    households: scenarioFlag(flags, 'households', 'households'),
    auction: scenarioFlag(flags, 'auction', 'auction'),
    variant: flags.get('variant'),
  });
  return {
    scenario,
    out: flags.get('out') ?? `runs/${scenario.name}-seed${scenario.seed}`,
    ...(rpcUrl === undefined ? {} : { chain: { rpcUrl, batchRounds } }),
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

async function simulate(flags: ReadonlyMap<string, string>): Promise<number> {
  const args = simulateArgs(flags);
  const progress = createProgress(process.stderr, args.scenario.name);
  const hooks: RunHooks = { onProgress: (d, t) => progress.update(d, t) };
  const chain = args.chain
    ? await openChainRun(args.chain.rpcUrl, args.scenario, args.chain.batchRounds, (s) =>
        process.stderr.write(`${s}\n`),
      )
    : null;
  if (chain) hooks.onRound = (r) => chain.onRound(r);
  const run = await runSimulation(args.scenario, hooks);
  progress.finish();
  const settled = chain ? await chain.finish() : null;
  const files = writeRunOutput(args.out, run, settled ? { chain: settled.summary } : {});
  process.stdout.write(`${describeRun(run)}\n`);
  if (settled) process.stdout.write(`${settled.line}\n`);
  process.stdout.write(`wrote ${files.join(', ')}\n`);
  for (const m of settled?.mismatches ?? []) {
    process.stderr.write(`mismatch: ${describeMismatch(m)}\n`);
  }
  return settled && settled.mismatches.length > 0 ? 1 : 0;
}

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run one scenario headless and write summary.json, rounds.csv and households.csv',
  usage: 'simulate --scenario <preset|file.json> [flags]',
  flags: SIMULATE_FLAGS,
  notes: [
    'Writes DIR/summary.json (every resolved parameter, the energy print, prices, every',
    "household's books), DIR/rounds.csv (one row per hour) and DIR/households.csv (one row per",
    'household per hour); nothing when the input is bad. With --rpc every round is settled on that',
    'chain and the books reconciled; off Anvil the operator key comes from OPERATOR_KEY.',
    '',
    'Exit codes: 0 ok, 1 failure (a chain that does not answer, a mismatch), 2 bad input.',
  ].join('\n'),
  run: simulate,
};
