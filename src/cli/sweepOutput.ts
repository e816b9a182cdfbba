/**
 * A sweep's files, made from its rows in run order so that they depend on nothing but the plan:
 *
 * - sweep.json: the plan (scenario input, variants, mechanisms, seeds, --set values), the run
 *   count and, for a part of a sharded sweep, which shard it is;
 * - runs.csv: one row per run: run index, cell, seed, every run figure (engine figures.ts);
 * - summary.csv: per cell and figure: n, mean, sd, 95% CI of the mean, min / median / max;
 * - paired.csv: per pair of mechanisms (a before b in --auctions) in the same variant and --set
 *   cell, per figure: the differences a - b over the same seeds, summarized the same way, with
 *   the paired effect size dz and the share of seeds where a is above b.
 *
 * A cell is named by the mechanism asked for (`auction`, as in --auctions) and the one its runs
 * cleared with (`mechanism`): the thesis-code variants run the code's clearings in place of
 * ours (loyalty -> thesis-loyal, uniform -> thesis-simple), and a column of one alone would
 * let a reader take one for the other.
 *
 * A shard writes sweep.json and its part of runs.csv; `sweep merge` reads the parts and writes
 * what the unsharded sweep writes. The statistics are always computed from runs.csv's values
 * as written (numbers print at 12 significant digits), so a merged sweep's are the same bytes.
 */
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FIGURE_DEFINITIONS, RUN_FIGURE_KEYS, toCsv, type RunFigureKey } from '../engine';
import { UsageError } from './command';
import { cellsOf, runAt, runCount, type Shard, type SweepPlan } from './sweepPlan';
import type { SweepRunResult } from './sweepRun';
import { PAIRED_KEYS, SUMMARY_KEYS, pairedDifferences, summarize } from './sweepStats';

export const SWEEP_FILES = ['sweep.json', 'runs.csv', 'summary.csv', 'paired.csv'] as const;

/** One number as the files print it: integers as they are, others at 12 significant digits. */
export function formatNumber(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '';
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}

const readNumber = (s: string): number | null => (s === '' ? null : Number(s));

export function runsHeader(plan: SweepPlan): string[] {
  return [
    'run',
    'variant',
    'auction',
    'mechanism',
    ...plan.set.map((p) => p.key),
    'seed',
    ...RUN_FIGURE_KEYS,
  ];
}

/** runs.csv's rows of `results` (in run order). */
export function runRows(plan: SweepPlan, results: readonly SweepRunResult[]): string[][] {
  const cells = cellsOf(plan);
  return results.map((r) => {
    const { cell, seed } = runAt(plan, cells, r.index);
    return [
      String(r.index),
      cell.variant,
      cell.auction,
      cell.mechanism,
      ...cell.texts,
      String(seed),
      ...r.values.map(formatNumber),
    ];
  });
}

/** sweep.json's text: always the same keys in the same order (merge compares plans by it). */
export function planJson(plan: SweepPlan, shard?: Shard): string {
  const canonical = {
    format: plan.format,
    engineVersion: plan.engineVersion,
    scenario: plan.scenario,
    input: plan.input,
    variants: plan.variants,
    auctions: plan.auctions,
    seeds: { from: plan.seeds.from, to: plan.seeds.to },
    set: plan.set.map((p) => ({ key: p.key, texts: p.texts, values: p.values })),
    runs: runCount(plan),
    ...(shard ? { shard: { k: shard.k, n: shard.n } } : {}),
    figures: RUN_FIGURE_DEFINITIONS,
  };
  return `${JSON.stringify(canonical, null, 2)}\n`;
}

interface CellRows {
  variant: string;
  auction: string;
  mechanism: string;
  texts: string[];
  /** Per figure, one value per seed (in seed order; null where the run had none). */
  values: Map<RunFigureKey, (number | null)[]>;
}

function groupByCell(plan: SweepPlan, rows: readonly string[][]): CellRows[] {
  const cells = cellsOf(plan);
  const first = 5 + plan.set.length;
  const groups: CellRows[] = cells.map((c) => ({
    variant: c.variant,
    auction: c.auction,
    mechanism: c.mechanism,
    texts: [...c.texts],
    values: new Map(RUN_FIGURE_KEYS.map((k) => [k, []])),
  }));
  const seeds = plan.seeds.to - plan.seeds.from + 1;
  for (const row of rows) {
    const g = groups[Math.floor(Number(row[0]) / seeds)] as CellRows;
    RUN_FIGURE_KEYS.forEach((k, j) => g.values.get(k)?.push(readNumber(row[first + j] as string)));
  }
  return groups;
}

const known = (xs: readonly (number | null)[]): number[] =>
  xs.filter((x): x is number => x !== null);

function summaryCsv(plan: SweepPlan, groups: readonly CellRows[]): string {
  const header = [
    'variant',
    'auction',
    'mechanism',
    ...plan.set.map((p) => p.key),
    'figure',
    ...SUMMARY_KEYS,
  ];
  const rows: string[][] = [];
  for (const g of groups) {
    for (const k of RUN_FIGURE_KEYS) {
      const s = summarize(known(g.values.get(k) ?? []));
      rows.push([
        g.variant,
        g.auction,
        g.mechanism,
        ...g.texts,
        k,
        ...SUMMARY_KEYS.map((x) => formatNumber(s[x])),
      ]);
    }
  }
  return toCsv(header, rows);
}

function pairedCsv(plan: SweepPlan, groups: readonly CellRows[]): string {
  const header = [
    'variant',
    ...plan.set.map((p) => p.key),
    'a',
    'b',
    'aMechanism',
    'bMechanism',
    'figure',
    ...PAIRED_KEYS,
  ];
  const rows: string[][] = [];
  const same = (x: CellRows, y: CellRows) =>
    x.variant === y.variant && x.texts.join('\u0000') === y.texts.join('\u0000');
  groups.forEach((a, i) => {
    groups.forEach((b, j) => {
      if (j <= i || !same(a, b) || a.auction === b.auction) return;
      for (const k of RUN_FIGURE_KEYS) {
        const d = pairedDifferences(a.values.get(k) ?? [], b.values.get(k) ?? []);
        rows.push([
          a.variant,
          ...a.texts,
          a.auction,
          b.auction,
          a.mechanism,
          b.mechanism,
          k,
          ...PAIRED_KEYS.map((x) => formatNumber(d[x])),
        ]);
      }
    });
  });
  return toCsv(header, rows);
}

/** Every file of a whole sweep (unsharded, or merged) from all its rows in run order. */
export function sweepFiles(plan: SweepPlan, rows: readonly string[][]): Record<string, string> {
  const groups = groupByCell(plan, rows);
  return {
    'sweep.json': planJson(plan),
    'runs.csv': toCsv(runsHeader(plan), rows),
    'summary.csv': summaryCsv(plan, groups),
    'paired.csv': pairedCsv(plan, groups),
  };
}

/** A shard's files: its plan with the shard, and its rows. */
export function shardFiles(
  plan: SweepPlan,
  shard: Shard,
  rows: readonly string[][],
): Record<string, string> {
  return { 'sweep.json': planJson(plan, shard), 'runs.csv': toCsv(runsHeader(plan), rows) };
}

export interface SweepPart {
  readonly dir: string;
  readonly plan: SweepPlan;
  readonly shard: Shard | null;
  readonly rows: string[][];
}

/** Reads a sweep's directory (a shard or a whole sweep); a refusal names the directory. */
export function readSweepDir(dir: string): SweepPart {
  const bad = (why: string): never => {
    throw new UsageError('sweep merge', dir, why);
  };
  let meta: Record<string, unknown>;
  let csv: string;
  try {
    meta = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as Record<string, unknown>;
    csv = readFileSync(join(dir, 'runs.csv'), 'utf8');
  } catch (e) {
    return bad(`a directory a sweep wrote, with sweep.json and runs.csv (${(e as Error).message})`);
  }
  if (meta.format !== 'sweep') bad('a sweep.json of format "sweep"');
  const plan: SweepPlan = {
    format: 'sweep',
    engineVersion: meta.engineVersion as string,
    scenario: meta.scenario as string,
    input: meta.input as SweepPlan['input'],
    variants: meta.variants as string[],
    auctions: meta.auctions as SweepPlan['auctions'],
    seeds: meta.seeds as SweepPlan['seeds'],
    set: meta.set as SweepPlan['set'],
  };
  const shard = (meta.shard as Shard | undefined) ?? null;
  const table = parse(csv) as string[][];
  const header = table.shift() ?? [];
  if (header.join(',') !== runsHeader(plan).join(',')) {
    bad(`runs.csv with the columns of its sweep.json (${runsHeader(plan).length} columns)`);
  }
  return { dir, plan, shard, rows: table };
}

/**
 * The rows of every shard of one sweep, in run order: the parts must share one plan and be the
 * shards 1..n of the same n, each once.
 */
export function mergeParts(parts: readonly SweepPart[]): { plan: SweepPlan; rows: string[][] } {
  const first = parts[0];
  if (!first) throw new UsageError('sweep merge', '', 'one or more sweep directories');
  const plan = planJson(first.plan);
  const n = first.shard?.n ?? 1;
  const seen = new Set<number>();
  for (const p of parts) {
    if (planJson(p.plan) !== plan) {
      throw new UsageError(
        'sweep merge',
        p.dir,
        `a part of the same sweep as ${first.dir} (same sweep.json)`,
      );
    }
    const k = p.shard?.k ?? 1;
    if ((p.shard?.n ?? 1) !== n) {
      throw new UsageError('sweep merge', p.dir, `a shard k/${n} like ${first.dir}`);
    }
    if (seen.has(k))
      throw new UsageError('sweep merge', p.dir, `each shard once (shard ${k}/${n} twice)`);
    seen.add(k);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) {
    throw new UsageError(
      'sweep merge',
      parts.map((p) => p.dir).join(' '),
      `every shard of ${n} (missing: ${missing.map((k) => `${k}/${n}`).join(', ')})`,
    );
  }
  const rows = parts.flatMap((p) => p.rows).sort((a, b) => Number(a[0]) - Number(b[0]));
  const total = runCount(first.plan);
  if (rows.length !== total || rows.some((r, i) => Number(r[0]) !== i)) {
    throw new UsageError(
      'sweep merge',
      parts.map((p) => p.dir).join(' '),
      `parts that hold runs 0..${total - 1} each once`,
    );
  }
  return { plan: first.plan, rows };
}
