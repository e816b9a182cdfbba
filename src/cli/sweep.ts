/**
 * `sweep`: one scenario over seeds, variants, mechanisms and parameter values, run on every core,
 * summarized per cell with confidence intervals and paired differences between mechanisms
 * (sweepOutput.ts). `sweep merge`: the parts of a sharded sweep into what one unsharded run
 * writes. Every flag is checked, and every cell resolved, before a run starts or a file is
 * written.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PRESET_NAMES, availableMechanisms, integerAllowed, parseIntegerText } from '../engine';
import { UsageError, type Command } from './command';
import { checkOutDir, writeFilesAtomically } from './output';
import { createProgress } from './progress';
import { readScenarioInput } from './scenarioSource';
import { mergeParts, readSweepDir, runRows, shardFiles, sweepFiles } from './sweepOutput';
import {
  makePlan,
  parseShard,
  runIndices,
  variantNames,
  type Shard,
  type SweepPlan,
} from './sweepPlan';
import { defaultWorkers, runPool } from './sweepPool';

export interface SweepResult {
  plan: SweepPlan;
  shard: Shard | null;
  /** runs.csv's rows, in run order. */
  rows: string[][];
  /** The files as written (or to be written), name -> content. */
  files: Record<string, string>;
  /** Engine milliseconds of each run, in run order (not in any file: it varies). */
  ms: number[];
  wallMs: number;
  workers: number;
}

/** Runs a plan (a shard of it) and makes its files without writing them. */
export async function runSweep(
  plan: SweepPlan,
  opts: { workers: number; shard?: Shard; onProgress?: (done: number, total: number) => void },
): Promise<SweepResult> {
  const start = performance.now();
  const indices = runIndices(plan, opts.shard);
  const results = await runPool(plan, indices, {
    workers: opts.workers,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  const rows = runRows(plan, results);
  const files =
    opts.shard && opts.shard.n > 1 ? shardFiles(plan, opts.shard, rows) : sweepFiles(plan, rows);
  return {
    plan,
    shard: opts.shard ?? null,
    rows,
    files,
    ms: results.map((r) => r.ms),
    wallMs: performance.now() - start,
    workers: opts.workers,
  };
}

/** Refuses an --out that holds anything unless --force: a sweep never mixes with old files. */
export function checkFreshOut(dir: string, force: boolean): void {
  checkOutDir(dir);
  const path = resolve(dir);
  if (!existsSync(path) || force) return;
  if (!statSync(path).isDirectory())
    throw new UsageError('--out', dir, 'a directory path (this is a file)');
  const entries = readdirSync(path);
  if (entries.length > 0) {
    throw new UsageError(
      '--out',
      dir,
      `a new or empty directory, or --force to write over it (it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''})`,
    );
  }
}

export function parseWorkers(raw: string | undefined): number {
  if (raw === undefined) return defaultWorkers();
  const n = parseIntegerText(raw, 1, 1024);
  if (n === null) throw new UsageError('--workers', raw, integerAllowed(1, 1024));
  return n;
}

const SWEEP_FLAGS = {
  scenario: {
    value: `${PRESET_NAMES.join('|')}|file.json`,
    help: 'preset or scenario file (required)',
  },
  variants: {
    value: 'a,b,..',
    help: `variants: ${variantNames().join(',')} (default: default)`,
  },
  auctions: {
    value: 'a,b,..',
    help: `mechanisms: ${availableMechanisms().join(',')} (default: the scenario's)`,
  },
  seeds: { value: 'from-to', help: 'seeds, inclusive, e.g. 1-200 or 7 (required)' },
  set: {
    value: 'key=v1,v2;key2=..',
    help: 'scenario fields to sweep, each value checked by the field table (see simulate --help)',
  },
  out: { value: 'DIR', help: 'where the files go (required; new or empty unless --force)' },
  workers: { value: 'N', help: `worker threads (default: the cores, here ${defaultWorkers()})` },
  shard: { value: 'k/n', help: 'run only every n-th run, starting at the k-th (1 <= k <= n)' },
  force: { help: 'write into an --out that already holds files' },
} as const;

/** Everything a sweep needs from its flags, checked whole. */
export function sweepArgs(flags: ReadonlyMap<string, string>): {
  plan: SweepPlan;
  out: string;
  workers: number;
  shard?: Shard;
  force: boolean;
} {
  const source = flags.get('scenario');
  if (source === undefined) {
    throw new UsageError('--scenario', undefined, `${PRESET_NAMES.join(' | ')} | a .json file`);
  }
  const input = readScenarioInput(source);
  const plan = makePlan({
    scenario: source,
    input,
    ...(flags.has('variants') ? { variants: flags.get('variants') as string } : {}),
    ...(flags.has('auctions') ? { auctions: flags.get('auctions') as string } : {}),
    ...(flags.has('seeds') ? { seeds: flags.get('seeds') as string } : {}),
    ...(flags.has('set') ? { set: flags.get('set') as string } : {}),
  });
  const workers = parseWorkers(flags.get('workers'));
  const shardText = flags.get('shard');
  const out = flags.get('out');
  if (out === undefined) throw new UsageError('--out', undefined, 'a directory for the files');
  const force = flags.get('force') === 'true';
  checkFreshOut(out, force);
  return { plan, out, workers, force, ...(shardText ? { shard: parseShard(shardText) } : {}) };
}

function report(r: SweepResult, out: string, written: readonly string[]): void {
  const runs = r.rows.length;
  const s = r.wallMs / 1000;
  process.stdout.write(
    `sweep: ${runs} runs on ${r.workers} worker${r.workers === 1 ? '' : 's'} in ${s.toFixed(1)} s ` +
      `(${(runs / s).toFixed(1)} runs/s)${r.shard ? `, shard ${r.shard.k}/${r.shard.n}` : ''}\n` +
      `wrote ${written.length} files to ${out}\n`,
  );
}

async function sweep(flags: ReadonlyMap<string, string>): Promise<number> {
  const a = sweepArgs(flags);
  const progress = createProgress(process.stderr, 'sweep');
  const r = await runSweep(a.plan, {
    workers: a.workers,
    ...(a.shard ? { shard: a.shard } : {}),
    onProgress: (d, t) => progress.update(d, t),
  });
  progress.finish();
  report(r, a.out, writeFilesAtomically(a.out, r.files));
  return 0;
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'run a scenario over seeds, variants, mechanisms and values, with statistics per cell',
  usage: 'sweep --scenario <preset|file.json> --seeds <from-to> --out <DIR> [flags]',
  flags: SWEEP_FLAGS,
  notes: [
    'Cells: variants x mechanisms x every combination of the --set values; every cell runs every',
    'seed. Writes DIR/sweep.json (the plan), DIR/runs.csv (one row per run, every run figure),',
    'DIR/summary.csv (per cell: n, mean, sd, 95% CI of the mean by Student t, min, median, max)',
    'and DIR/paired.csv (per pair of mechanisms on the same seeds: the differences a - b,',
    'summarized the same way). The files do not depend on --workers or --shard. With',
    '--shard k/n only sweep.json and that part of runs.csv; `sweep merge` combines the parts.',
    'Each cell names the mechanism asked for (auction) and the one run (mechanism): thesis-code',
    'runs loyalty as thesis-loyal and uniform as thesis-simple.',
    'Example: sweep --scenario exp3 --variants default,thesis-code --auctions loyalty,uniform',
    "  --seeds 1-200 --set 'batteryThreshold=0.1,0.2,0.3' --out runs/s1",
  ].join('\n'),
  run: sweep,
};

const MERGE_FLAGS = {
  out: { value: 'DIR', help: 'where the merged files go (required; new or empty unless --force)' },
  force: { help: 'write into an --out that already holds files' },
} as const;

async function merge(flags: ReadonlyMap<string, string>, dirs: readonly string[]): Promise<number> {
  if (dirs.length === 0) {
    throw new UsageError(
      'sweep merge',
      undefined,
      'the directories of every shard, e.g. runs/s1-1 runs/s1-2',
    );
  }
  const out = flags.get('out');
  if (out === undefined)
    throw new UsageError('--out', undefined, 'a directory for the merged files');
  checkFreshOut(out, flags.get('force') === 'true');
  const { plan, rows } = mergeParts(dirs.map(readSweepDir));
  const written = writeFilesAtomically(out, sweepFiles(plan, rows));
  process.stdout.write(
    `sweep merge: ${rows.length} runs from ${dirs.length} parts\nwrote ${written.length} files to ${out}\n`,
  );
  return 0;
}

export const sweepMergeCommand: Command = {
  name: 'sweep merge',
  summary: "combine a sharded sweep's parts into what one unsharded sweep writes",
  usage: 'sweep merge <DIR...> --out <DIR>',
  positionals: { value: 'DIR...', help: 'the --out directory of every shard 1/n .. n/n' },
  flags: MERGE_FLAGS,
  run: merge,
};
