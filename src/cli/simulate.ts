/**
 * `simulate`: parse flags, resolve the scenario, check --out, run (settling every round on a
 * chain with --rpc), then move DIR/summary.json, DIR/rounds.csv and DIR/households.csv into
 * place, all or nothing. The engine's files are written whatever the chain does; summary.json's
 * `chain` record (and DIR/chain.json) say how far settlement got and why it stopped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  booksHash,
  chainUnsupported,
  DEFAULT_BATCH_ROUNDS,
  DEFAULT_RETRY,
  describeMismatch,
  householdAccounts,
} from '../chain';
import {
  allowedText,
  endSummary,
  endSummaryText,
  engineNote,
  availableMechanisms,
  integerAllowed,
  parseIntegerText,
  parseJsonInput,
  PRESET_NAMES,
  VARIANT_NAMES,
} from '../engine';
import type { RunFile, RunHooks, Scenario } from '../engine';
import { openChainRun, type ChainCheckpoint, type ChainRecord } from './chainRun';
import { parseFlags, UsageError, type Command } from './command';
import { checkOutDir, openRunFiles, type OutDir } from './output';
import { createProgress } from './progress';
import { runSimulation, type RunOutput } from './run';
import { readRunFile } from './runFileSource';
import { loadScenario, scenarioFlag } from './scenarioSource';
import { buildSummary } from './summary';

const SCENARIOS = `${PRESET_NAMES.join(' | ')} | a .json file`;
const BATCH_ROUNDS = [1, 1000] as const;
const RETRY_SECONDS = [1, 3600] as const;

const SIMULATE_FLAGS = {
  scenario: {
    value: `${PRESET_NAMES.join('|')}|file.json`,
    help: 'preset or scenario file (this or --run)',
  },
  variant: {
    value: VARIANT_NAMES.join('|'),
    help: "the thesis's published code row by row (docs/THESIS-VARIANT.md), with or without its faults",
  },
  seed: { value: 'N', help: "integer seed (default: the scenario's)" },
  days: { value: 'N', help: `days to simulate: ${allowedText('days')}` },
  households: { value: 'N', help: `households: ${allowedText('households')}` },
  auction: { value: availableMechanisms().join('|'), help: 'clearing mechanism' },
  out: { value: 'DIR', help: 'where to write the files (default runs/<scenario>-seed<seed>)' },
  force: { help: 'replace the results already in --out' },
  rpc: { value: 'URL', help: 'settle every round on the chain at this JSON-RPC URL and reconcile' },
  resume: {
    help: 'continue the interrupted settlement recorded in --out (the same command does too)',
  },
  'batch-rounds': {
    value: 'N',
    help: `rounds per settlement transaction with --rpc, ${BATCH_ROUNDS.join('..')} (default ${DEFAULT_BATCH_ROUNDS})`,
  },
  'retry-seconds': {
    value: 'N',
    help: `with --rpc, how long a chain that does not answer is retried before settlement stops, ${RETRY_SECONDS.join('..')} (default ${DEFAULT_RETRY.giveUpAfterMs / 1000})`,
  },
  run: {
    value: 'file.json',
    help: "replay a run file (the page's Save run): its scenario, slider moves, people's orders and rounds",
  },
} as const;

export interface SimulateArgs {
  scenario: Scenario;
  out: string;
  force: boolean;
  resume: boolean;
  /** Settle on this chain (--rpc), in transactions of `batchRounds` rounds at most. */
  chain?: { rpcUrl: string; batchRounds: number; retrySeconds: number };
  /** The run file replayed (--run): its changes and rounds, and the books hash it recorded. */
  replay?: RunFile;
}

export function parseSimulateArgs(argv: readonly string[]): SimulateArgs {
  return simulateArgs(parseFlags(argv, SIMULATE_FLAGS).values);
}

/** An integer flag through the one integer parser (the engine's, shared with every field). */
function integerFlag(
  flags: ReadonlyMap<string, string>,
  name: string,
  [min, max]: readonly [number, number],
  fallback: number,
): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const v = parseIntegerText(raw, min, max);
  if (v === null) throw new UsageError(`--${name}`, raw, integerAllowed(min, max));
  return v;
}

/** The flags a run file replaces: it holds the whole scenario. */
const SCENARIO_FLAGS = ['scenario', 'variant', 'seed', 'days', 'households', 'auction'] as const;

function simulateArgs(flags: ReadonlyMap<string, string>): SimulateArgs {
  const runPath = flags.get('run');
  if (runPath !== undefined) {
    for (const f of SCENARIO_FLAGS) {
      const v = flags.get(f);
      if (v !== undefined)
        throw new UsageError(
          `--${f}`,
          v,
          'nothing together with --run (the run file holds the scenario)',
        );
    }
  }
  const replay = runPath === undefined ? undefined : readRunFile(runPath);
  const source = flags.get('scenario');
  if (source === undefined && !replay) throw new UsageError('--scenario', undefined, SCENARIOS);
  const rpcUrl = flags.get('rpc');
  if (rpcUrl !== undefined && !/^https?:\/\/\S+$/.test(rpcUrl)) {
    throw new UsageError('--rpc', rpcUrl, 'an http(s) JSON-RPC URL');
  }
  if (rpcUrl === undefined) {
    for (const only of ['batch-rounds', 'retry-seconds', 'resume']) {
      const v = flags.get(only);
      if (v !== undefined) throw new UsageError(`--${only}`, v, 'only together with --rpc');
    }
  }
  const batchRounds = integerFlag(flags, 'batch-rounds', BATCH_ROUNDS, DEFAULT_BATCH_ROUNDS);
  const retrySeconds = integerFlag(
    flags,
    'retry-seconds',
    RETRY_SECONDS,
    DEFAULT_RETRY.giveUpAfterMs / 1000,
  );
  const scenario =
    replay?.scenario ??
    loadScenario(source ?? '', {
      seed: scenarioFlag(flags, 'seed', 'seed'),
      days: scenarioFlag(flags, 'days', 'days'),
      households: scenarioFlag(flags, 'households', 'households'),
      auction: scenarioFlag(flags, 'auction', 'auction'),
      variant: flags.get('variant'),
    });
  // Refused before anything is written: a rule the contracts cannot settle (a coin top-up).
  if (rpcUrl !== undefined && chainUnsupported(scenario) !== null) {
    throw new UsageError(
      '--rpc',
      rpcUrl,
      `only for scenarios the chain can settle: ${chainUnsupported(scenario) as string}`,
    );
  }
  const force = flags.has('force');
  const resume = flags.has('resume');
  if (force && resume) throw new UsageError('--resume', 'true', 'not together with --force');
  return {
    scenario,
    out: flags.get('out') ?? `runs/${scenario.name}-seed${scenario.seed}`,
    force,
    resume,
    ...(rpcUrl === undefined ? {} : { chain: { rpcUrl, batchRounds, retrySeconds } }),
    ...(replay ? { replay } : {}),
  };
}

/** JSON with object keys sorted, so two equal values compare equal as text. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );
}

/** DIR/chain.json, when it is one (anything unreadable counts as no checkpoint). */
function readCheckpoint(dir: string): ChainCheckpoint | null {
  try {
    const v = parseJsonInput(readFileSync(join(dir, 'chain.json'), 'utf8'));
    const c = v as Partial<ChainCheckpoint> | null;
    return c && typeof c === 'object' && typeof c.status === 'string' && c.scenario
      ? (c as ChainCheckpoint)
      : null;
  } catch {
    return null;
  }
}

/**
 * What --out's contents mean for this command: the interrupted settlement to continue (the same
 * scenario, not settled, with --rpc), a fresh run, or a refusal of results that --force alone may
 * replace.
 */
function continuing(out: OutDir, args: SimulateArgs, given: string): ChainCheckpoint | null {
  const cp = out.existing.includes('chain.json') ? readCheckpoint(out.path) : null;
  const same =
    cp !== null &&
    cp.status !== 'settled' &&
    args.chain !== undefined &&
    canonical(cp.scenario) === canonical(args.scenario);
  if (args.resume) {
    if (!same) {
      throw new UsageError(
        '--resume',
        given,
        'an --out directory whose chain.json records an unfinished settlement of this same scenario',
      );
    }
    return cp;
  }
  if (args.force) return null;
  if (same) return cp;
  if (out.existing.length > 0) {
    throw new UsageError(
      '--out',
      given,
      `a directory without a run's results (it holds ${out.existing.join(', ')}); pass --force to replace them, or choose another --out`,
    );
  }
  return null;
}

/** summary.json's text. */
function summaryJson(run: RunOutput, chain: ChainRecord | null): string {
  const summary = buildSummary(
    run,
    householdAccounts(run.scenario.households).map((a) => a.address),
    chain ? { chain } : {},
  );
  return `${JSON.stringify(summary, null, 2)}\n`;
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

/**
 * Runs `args` into `dir` (checked and decided by the caller): the engine's files always, the
 * chain record with --rpc. Returns the exit code.
 */
export async function runSimulate(
  args: SimulateArgs,
  dir: string,
  resume: ChainCheckpoint | null,
  io: { out: (s: string) => void; err: (s: string) => void; progress?: RunHooks['onProgress'] },
): Promise<number> {
  const chain = args.chain
    ? await openChainRun({
        rpcUrl: args.chain.rpcUrl,
        scenario: args.scenario,
        batchRounds: args.chain.batchRounds,
        retrySeconds: args.chain.retrySeconds,
        resume,
        out: dir,
        log: (s) => io.err(`${s}\n`),
      })
    : null;
  const files = openRunFiles(dir);
  const hooks: RunHooks = {};
  if (io.progress) hooks.onProgress = io.progress;
  if (chain) hooks.onRound = (r) => chain.onRound(r);
  let run: RunOutput;
  try {
    run = await runSimulation(args.scenario, files, hooks, args.replay);
  } catch (e) {
    files.abort();
    throw e;
  }
  const settled = chain ? await chain.finish() : null;
  const written = files.commit({ 'summary.json': summaryJson(run, settled?.record ?? null) });
  io.out(`${describeRun(run)}\n`);
  if (settled) io.out(`${settled.line}\n`);
  io.out(`wrote ${written.join(', ')}\n`);
  for (const m of settled?.mismatches ?? []) io.err(`mismatch: ${describeMismatch(m)}\n`);
  const stopped = settled?.record.stopped;
  if (stopped) io.err(`error: chain: ${stopped.reason}. ${stopped.advice}\n`);
  const replayed = args.replay ? reportReplay(args.replay, run, settled?.booksHash ?? null, io) : 0;
  return settled && settled.record.status !== 'settled' ? 1 : replayed;
}

/**
 * A replay's end summary (the page's, line for line) and books hash, checked against the run
 * file's: exit 1 when they differ.
 */
function reportReplay(
  file: RunFile,
  run: RunOutput,
  chainHash: string | null,
  io: { out: (s: string) => void; err: (s: string) => void },
): number {
  const engineHash = booksHash(run.run.simulation.households());
  io.out(`${endSummaryText(endSummary(run.run))}\n`);
  io.out(`Books hash (engine): ${engineHash}\n`);
  if (chainHash !== null) io.out(`Books hash (chain): ${chainHash}\n`);
  const note = engineNote(file);
  if (note) io.err(`note: the run file was ${note}\n`);
  if (!file.books) {
    io.out('The run file records no books hash to compare with.\n');
    return 0;
  }
  const ours = [engineHash, ...(chainHash === null ? [] : [chainHash])];
  if (ours.every((h) => h === file.books?.sha256)) {
    io.out(`Books hash equals the run file's (${file.books.source}).\n`);
    return 0;
  }
  io.err(
    `error: books hash ${ours.join(' / ')} differs from the run file's ${file.books.sha256} (${file.books.source})\n`,
  );
  return 1;
}

async function simulate(flags: ReadonlyMap<string, string>): Promise<number> {
  const args = simulateArgs(flags);
  const out = checkOutDir(args.out);
  const resume = continuing(out, args, args.out);
  const progress = createProgress(process.stderr, args.scenario.name);
  const code = await runSimulate(args, out.path, resume, {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    progress: (d, t) => progress.update(d, t),
  });
  progress.finish();
  return code;
}

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run one scenario headless and write summary.json, rounds.csv and households.csv',
  usage: 'simulate --scenario <preset|file.json> [flags] | simulate --run <file.json> [flags]',
  flags: SIMULATE_FLAGS,
  notes: [
    'Writes DIR/summary.json (every resolved parameter, the energy print, prices, every',
    "household's books), DIR/rounds.csv (one row per hour) and DIR/households.csv (one row per",
    'household per hour), written row by row; nothing when the input is bad. --out is checked',
    'before anything runs: it must be writable, and results already there are refused unless',
    '--force. With --rpc every round is settled on that chain and the books reconciled; off',
    'Anvil the operator key comes from OPERATOR_KEY (public dev keys are refused there). Whatever',
    "the chain does, the engine's files are written, with a `chain` record in summary.json (and",
    'DIR/chain.json): how far settlement got, the contracts, the run id, why it stopped. Running',
    'the same command again (or --resume) continues an interrupted settlement on the same market',
    'without settling a round twice.',
    '',
    "--run replays a run file (docs/RUNFILE.md) instead: the page's scenario, its slider moves at",
    'the rounds they took effect and its rounds; it prints the end-of-run summary the page shows',
    "and the books hash, and exits 1 when the hash differs from the file's.",
    '',
    'Exit codes: 0 ok, 1 failure (settlement stopped, a mismatch), 2 bad input.',
  ].join('\n'),
  run: simulate,
};
