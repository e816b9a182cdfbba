/**
 * `npm run bench`: measures the engine, the settlement path and the page, prints a table and
 * writes bench/results.json. Every figure is the median of several runs, with min and max; each
 * run is its own process so peak memory and JIT warm-up belong to that run alone.
 * The engine's sections (engine, scale, householdHours, engineParts) run their children bundled
 * by esbuild under plain node, as the page runs the engine; the others run theirs through tsx.
 * Set BENCH_QUICK=1 for one run per figure (a smoke check, not a result to commit).
 * Set BENCH_ONLY to a comma-separated list of sections to measure only those (e.g.
 * BENCH_ONLY=inspector,page); the sections are engine, scale, householdHours, engineParts, settlement,
 * settlement1000, sweep, page, page1000, page1000year and inspector. An unknown name is an error, so a typo
 * does not silently measure nothing. bench/results.json then keeps the other sections' figures
 * from the file as it was, and `measured` names the sections this run wrote.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
// tsx's own dependency, so always installed with it.
const esbuild = join(root, 'node_modules', '.bin', 'esbuild');
const quick = process.env.BENCH_QUICK === '1';
const runsOf = (n: number): number => (quick ? 1 : n);
const SECTIONS = [
  'engine',
  'scale',
  'householdHours',
  'engineParts',
  'settlement',
  'settlement1000',
  'sweep',
  'page',
  'page1000',
  'page1000year',
  'inspector',
] as const;
type Section = (typeof SECTIONS)[number];
const only: ReadonlySet<string> | null = process.env.BENCH_ONLY
  ? new Set(process.env.BENCH_ONLY.split(',').map((x) => x.trim()))
  : null;
for (const name of only ?? []) {
  if (!(SECTIONS as readonly string[]).includes(name)) {
    throw new Error(
      `BENCH_ONLY: unknown section "${name}"; the sections are ${SECTIONS.join(', ')}`,
    );
  }
}
/** Whether a section is measured this time (all of them unless BENCH_ONLY names some). */
const wanted = (s: Section): boolean => only === null || only.has(s);

interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
}

function stat(values: number[]): Stat {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median =
    s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median, min: s[0] as number, max: s[s.length - 1] as number, runs: s.length };
}

let bundleDir: string | null = null;
/**
 * The engine's children run bundled (esbuild, one module scope) by plain node, as the page's
 * worker runs the engine: under tsx every imported binding is a getter called at each use,
 * about 8 % of an engine run, which the browser never pays. Built once per bench run.
 */
function bundled(script: string): string {
  bundleDir ??= mkdtempSync(join(tmpdir(), 'bench-engine-'));
  const out = join(bundleDir, script.replace(/\.ts$/, '.mjs'));
  if (!existsSync(out)) {
    const b = spawnSync(
      esbuild,
      [
        join(root, 'script', 'bench', script),
        '--bundle',
        '--platform=node',
        '--format=esm',
        `--outfile=${out}`,
        '--log-level=warning',
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (b.status !== 0)
      throw new Error(`esbuild of ${script} failed (exit ${b.status ?? b.signal})`);
  }
  return out;
}

/**
 * Runs a child script and parses the one JSON line it prints last; `bundle` runs it as
 * {@link bundled} makes it, else through tsx.
 */
function child<T>(script: string, args: string[], bundle = false): T {
  const [cmd, first] = bundle
    ? [process.execPath, bundled(script)]
    : [tsx, join(root, 'script', 'bench', script)];
  const r = spawnSync(cmd, [first, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0)
    throw new Error(`${script} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}

function repeat<T>(n: number, label: string, f: () => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < n; i++) {
    process.stderr.write(`  ${label} run ${i + 1}/${n}\r`);
    out.push(f());
  }
  process.stderr.write(`${' '.repeat(60)}\r`);
  return out;
}

interface EngineRun {
  wallMs: number;
  engineMs: number;
  rounds: number;
  maxRssBytes: number;
  heapUsedBytes: number;
}
interface EngineParts {
  ordersPerBook: number;
  sortUsPerBook: number;
  clearUsPerBook: number;
  lookupNsPerCall: number;
  recordsPerTableAtLookup: number;
}
interface SettleRun {
  wallMs: number;
  settleMs: number;
  rounds: number;
  trades: number;
  transactions: number;
  gasUsed: string;
  mismatches: number;
}
interface Heap {
  pageUsedBytes: number;
  workerUsedBytes: number | null;
}
interface InspectorRun {
  rounds: number;
  playMs: number;
  confirmedMs: number;
  heapAfterRun: Heap;
  openedRound: number;
  openMs: number;
  openStepped: number;
  longestTaskOpenMs: number;
  scrubbedHours: number;
  scrubMedianMs: number;
  scrubMaxMs: number;
  longestTaskScrubMs: number;
  longTasksMs: number[];
  heapAfterInspector: Heap;
}
interface PageRun {
  wallMs: number;
  longestTaskMs: number;
  blockedShare: number;
  peakHeapBytes: number;
  endHeapBytes: number;
  endBackingBytes: number | null;
  rounds: number;
  settledRounds: number;
  confirmedMs: number | null;
}

// The settlement and page runs import the ABIs generated from forge's output; a fresh clone has
// none until the contracts are built.
{
  const built = spawnSync('npm', ['run', '--silent', 'build:contracts'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0) throw new Error('npm run build:contracts failed; see above');
}

const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  },
};
const table: Array<[string, string, string]> = [];
const ms = (s: Stat): string =>
  `${Math.round(s.median)} ms (min ${Math.round(s.min)}, max ${Math.round(s.max)}, n=${s.runs})`;

if (wanted('engine')) {
  console.log('engine: exp4 (30 households, 170 days, loyalty, Q-learning), engine only');
  const exp4 = repeat(runsOf(5), 'engine exp4', () =>
    child<EngineRun>('engine-run.ts', ['exp4'], true),
  );
  const exp4Ms = stat(exp4.map((r) => r.wallMs));
  results['engine.exp4Ms'] = exp4Ms;
  table.push(['engine.exp4Ms', ms(exp4Ms), '< 1,000 ms']);
}

if (wanted('scale')) {
  console.log('engine: scale, 365 days');
  const scale: Record<string, { wallMs: Stat; peakRssMiB: Stat; householdHoursPerSecond: number }> =
    {};
  for (const n of [30, 100, 300, 1000]) {
    const runs = repeat(runsOf(n >= 1000 ? 3 : 5), `engine ${n} households`, () =>
      child<EngineRun>('engine-run.ts', ['exp4', String(n), '365'], true),
    );
    const wall = stat(runs.map((r) => r.wallMs));
    const rss = stat(runs.map((r) => r.maxRssBytes / 2 ** 20));
    scale[String(n)] = {
      wallMs: wall,
      peakRssMiB: rss,
      householdHoursPerSecond: Math.round((n * 365 * 24) / (wall.median / 1000)),
    };
    table.push([
      `engine.scale[${n}]`,
      `${ms(wall)}, peak RSS ${Math.round(rss.median)} MiB`,
      n === 1000 ? '< 30,000 ms, < 1,024 MiB' : 'linear growth',
    ]);
  }
  results['engine.scale'] = scale;
}

if (wanted('householdHours')) {
  // Issue 16's figure: household-hours per second inside the simulation (engineMs: step() alone,
  // the run driver's figures excluded) on exp3-style books at three sizes, each run a year of
  // household-hours or more so start-up does not weigh.
  console.log('engine: household-hours per second at 30, 1,000 and 10,000 households (exp3)');
  const householdHours: Record<string, Stat & { households: number; days: number }> = {};
  for (const [n, days, runs] of [
    [30, 365, 5],
    [1000, 30, 5],
    [10000, 7, 3],
  ] as const) {
    const r = repeat(runsOf(runs), `engine ${n} households`, () =>
      child<EngineRun>('engine-run.ts', ['exp3', String(n), String(days)], true),
    );
    const rate = stat(r.map((x) => (n * days * 24) / (x.engineMs / 1000)));
    householdHours[String(n)] = { ...rate, households: n, days };
    const m = (v: number): string => `${(v / 1e6).toFixed(2)} M`;
    table.push([
      `engine.householdHoursPerSecond[${n}]`,
      `${m(rate.median)} (min ${m(rate.min)}, max ${m(rate.max)}, n=${rate.runs}), ${n} x ${days} days`,
      '>= 5 M',
    ]);
  }
  results['engine.householdHoursPerSecond'] = householdHours;
}

if (wanted('engineParts')) {
  // Issue 16 asks for the clearing's sort and the Q-learning look-up measured separately.
  console.log('engine: the clearing sort and the Q look-up alone (1,000 households x 30 days)');
  const parts = repeat(runsOf(3), 'engine parts', () =>
    child<EngineParts>('engine-parts.ts', ['1000', '30', '10'], true),
  );
  const sort = stat(parts.map((p) => p.sortUsPerBook));
  const clear = stat(parts.map((p) => p.clearUsPerBook));
  const look = stat(parts.map((p) => p.lookupNsPerCall));
  const first = parts[0] as EngineParts;
  results['engine.sortUsPerBook'] = { ...sort, ordersPerBook: first.ordersPerBook };
  results['engine.clearUsPerBook'] = clear;
  results['engine.lookupNsPerCall'] = { ...look, records: first.recordsPerTableAtLookup };
  const us = (x: Stat): string =>
    `${Math.round(x.median)} us (min ${Math.round(x.min)}, max ${Math.round(x.max)}, n=${x.runs})`;
  table.push([
    'engine.sortUsPerBook',
    `${us(sort)}, ${Math.round(first.ordersPerBook)} orders a book (exp3)`,
    '',
  ]);
  table.push(['engine.clearUsPerBook', `${us(clear)}, the whole loyalty clearing`, '']);
  table.push([
    'engine.lookupNsPerCall',
    `${Math.round(look.median)} ns (min ${Math.round(look.min)}, max ${Math.round(look.max)}, n=${look.runs}), ${Math.round(first.recordsPerTableAtLookup)} records a table (exp4 rules, learning from day 10)`,
    '',
  ]);
}

if (wanted('settlement')) {
  console.log('settlement: exp4 on a fresh Anvil, every round settled and reconciled');
  const settle = repeat(runsOf(3), 'settlement exp4', () =>
    child<SettleRun>('settle-run.ts', ['exp4']),
  );
  const settleMs = stat(settle.map((r) => r.wallMs));
  const last = settle[settle.length - 1] as SettleRun;
  const gasPerTrade = stat(settle.map((r) => Number(BigInt(r.gasUsed)) / Math.max(1, r.trades)));
  const tps = stat(settle.map((r) => r.trades / (r.settleMs / 1000)));
  results['settlement.exp4Ms'] = settleMs;
  results['settlement.gasPerTrade'] = gasPerTrade;
  results['settlement.tradesPerSecond'] = tps;
  results['settlement.transactions'] = last.transactions;
  results['settlement.trades'] = last.trades;
  results['settlement.rounds'] = last.rounds;
  results['settlement.mismatches'] = Math.max(...settle.map((r) => r.mismatches));
  table.push(['settlement.exp4Ms', ms(settleMs), '< 10,000 ms']);
  table.push(['settlement.gasPerTrade', `${Math.round(gasPerTrade.median)} gas`, '< 10,000 gas']);
  table.push(['settlement.tradesPerSecond', `${Math.round(tps.median)}`, '']);
  table.push([
    'settlement.transactions',
    `${last.transactions} for ${last.rounds} rounds, ${last.trades} trades`,
    '',
  ]);
  table.push(['settlement.mismatches', String(results['settlement.mismatches']), '0']);
}

if (wanted('settlement1000')) {
  console.log(
    'settlement: 1,000 households x 30 days (exp3) on a fresh Anvil, settled and reconciled',
  );
  {
    const big = repeat(runsOf(3), 'settlement 1,000 x 30', () =>
      child<SettleRun>('settle-run.ts', ['exp3', '1000', '30']),
    );
    const wall = stat(big.map((r) => r.wallMs));
    const gas = stat(big.map((r) => Number(BigInt(r.gasUsed)) / Math.max(1, r.trades)));
    const one = big[big.length - 1] as SettleRun;
    const days = one.rounds / 24;
    results['settlement.households1000'] = {
      wallMs: wall,
      gasPerTrade: gas,
      transactions: one.transactions,
      transactionsPerDay: one.transactions / days,
      trades: one.trades,
      rounds: one.rounds,
      mismatches: Math.max(...big.map((r) => r.mismatches)),
    };
    table.push(['settlement.households1000.wallMs', ms(wall), '']);
    table.push([
      'settlement.households1000.gasPerTrade',
      `${Math.round(gas.median)} gas (min ${Math.round(gas.min)}, max ${Math.round(gas.max)})`,
      '',
    ]);
    table.push([
      'settlement.households1000.transactions',
      `${one.transactions} (${(one.transactions / days).toFixed(1)} a day) for ${one.rounds} rounds, ${one.trades} trades; ${String(Math.max(...big.map((r) => r.mismatches)))} mismatches`,
      '0 mismatches',
    ]);
  }
}

if (wanted('sweep')) {
  console.log('sweep: exp3 x 6 mechanisms x 100 seeds (600 runs), 1 and 2 worker threads');
  {
    interface SweepRun {
      wallMs: number;
      runs: number;
      runsPerSecond: number;
    }
    const one = repeat(runsOf(3), 'sweep 1 worker', () => child<SweepRun>('sweep-run.ts', ['1']));
    const two = repeat(runsOf(3), 'sweep 2 workers', () => child<SweepRun>('sweep-run.ts', ['2']));
    const oneMs = stat(one.map((r) => r.wallMs));
    const twoMs = stat(two.map((r) => r.wallMs));
    const speedup = oneMs.median / twoMs.median;
    results['sweep.exp3x6x100.oneWorkerMs'] = oneMs;
    results['sweep.exp3x6x100.twoWorkersMs'] = twoMs;
    results['sweep.exp3x6x100.runsPerSecond'] = 600 / (twoMs.median / 1000);
    results['sweep.exp3x6x100.speedup'] = speedup;
    table.push([
      'sweep.exp3x6x100 (2 workers)',
      `${ms(twoMs)}, ${(600 / (twoMs.median / 1000)).toFixed(1)} runs/s`,
      '< 60,000 ms',
    ]);
    table.push([
      'sweep.exp3x6x100 (1 worker)',
      `${ms(oneMs)}, ${(600 / (oneMs.median / 1000)).toFixed(1)} runs/s`,
      '',
    ]);
    table.push(['sweep.speedup 1 -> 2 workers', `${speedup.toFixed(2)}x`, '']);
  }
}

if (wanted('page')) {
  console.log('page: exp4 played at full speed in Chromium with the dashboard drawing');
  try {
    // One browser and one chain, each play in a fresh page: a build and a deploy per play would
    // make ten plays cost minutes.
    const { plays: page } = child<{ plays: PageRun[] }>('page-run.ts', [
      'preset=exp4',
      String(runsOf(10)),
    ]);
    const pageMs = stat(page.map((r) => r.wallMs));
    const longest = stat(page.map((r) => r.longestTaskMs));
    const confirmed = stat(page.map((r) => r.confirmedMs ?? NaN));
    results['page.exp4Ms'] = pageMs;
    results['page.longestTaskMs'] = longest;
    results['page.exp4ConfirmedMs'] = confirmed;
    table.push(['page.exp4Ms', ms(pageMs), '< 20,000 ms']);
    table.push(['page.longestTaskMs', ms(longest), '< 50 ms']);
    table.push(['page.exp4ConfirmedMs', ms(confirmed), '']);
  } catch (e) {
    results['page.error'] = (e as Error).message;
    table.push(['page.exp4Ms', `not measured: ${(e as Error).message}`, '< 20,000 ms']);
  }
}

if (wanted('page1000')) {
  console.log('page: 1,000 households x 30 days (exp3) played at full speed in Chromium');
  try {
    const { plays } = child<{ plays: PageRun[] }>('page-run.ts', [
      'preset=exp3&households=1000&days=30',
      String(runsOf(5)),
      'no',
    ]);
    const wall = stat(plays.map((r) => r.wallMs));
    const longest = stat(plays.map((r) => r.longestTaskMs));
    const blocked = stat(plays.map((r) => r.blockedShare));
    const heap = stat(plays.map((r) => r.peakHeapBytes / 2 ** 20));
    results['page.households1000'] = {
      wallMs: wall,
      longestTaskMs: longest,
      blockedShare: blocked,
      peakHeapMiB: heap,
    };
    const pct = (v: number): string => `${(v * 100).toFixed(1)} %`;
    table.push(['page.households1000.wallMs', ms(wall), '']);
    table.push(['page.households1000.longestTaskMs', ms(longest), '< 50 ms']);
    table.push([
      'page.households1000.blockedShare',
      `${pct(blocked.median)} (min ${pct(blocked.min)}, max ${pct(blocked.max)})`,
      '',
    ]);
    table.push([
      'page.households1000.peakHeapMiB',
      `${heap.median.toFixed(1)} MiB (min ${heap.min.toFixed(1)}, max ${heap.max.toFixed(1)})`,
      'bounded',
    ]);
  } catch (e) {
    results['page.households1000.error'] = (e as Error).message;
    table.push(['page.households1000', `not measured: ${(e as Error).message}`, '< 50 ms']);
  }
}

if (wanted('page1000year')) {
  // A year at the chain's pace takes tens of minutes a play: one play, its own section.
  console.log('page: 1,000 households x 365 days (exp3) played at full speed in Chromium');
  try {
    const { plays } = child<{ plays: PageRun[] }>('page-run.ts', [
      'preset=exp3&households=1000&days=365',
      String(runsOf(1)),
      'no',
    ]);
    const wall = stat(plays.map((r) => r.wallMs));
    const longest = stat(plays.map((r) => r.longestTaskMs));
    const blocked = stat(plays.map((r) => r.blockedShare));
    const heap = stat(plays.map((r) => r.peakHeapBytes / 2 ** 20));
    const endHeap = stat(plays.map((r) => r.endHeapBytes / 2 ** 20));
    const backing = stat(plays.map((r) => (r.endBackingBytes ?? NaN) / 2 ** 20));
    results['page.households1000x365'] = {
      wallMs: wall,
      longestTaskMs: longest,
      blockedShare: blocked,
      peakHeapMiB: heap,
      endHeapMiB: endHeap,
      endArrayBuffersMiB: backing,
    };
    const mibs = (s: Stat): string =>
      `${s.median.toFixed(1)} MiB (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})`;
    table.push(['page.households1000x365.wallMs', ms(wall), '']);
    table.push(['page.households1000x365.longestTaskMs', ms(longest), '< 50 ms']);
    table.push([
      'page.households1000x365.blockedShare',
      `${(blocked.median * 100).toFixed(1)} %`,
      '',
    ]);
    table.push(['page.households1000x365.peakHeapMiB', mibs(heap), 'bounded']);
    table.push(['page.households1000x365.endHeapMiB', mibs(endHeap), '']);
    table.push(['page.households1000x365.endArrayBuffersMiB', mibs(backing), 'bounded']);
  } catch (e) {
    results['page.households1000x365.error'] = (e as Error).message;
    table.push(['page.households1000x365', `not measured: ${(e as Error).message}`, 'bounded']);
  }
}

const mib = (bytes: number | null): string =>
  bytes === null ? '–' : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
/** One inspector scenario: played to its end, a round far back opened, its day scrubbed. */
function inspectorFigures(name: string, query: string, plays: number): void {
  try {
    const { plays: runs } = child<{ plays: InspectorRun[] }>('inspector-run.ts', [
      query,
      String(plays),
    ]);
    const longest = stat(runs.map((r) => Math.max(r.longestTaskOpenMs, r.longestTaskScrubMs)));
    const open = stat(runs.map((r) => r.openMs));
    const scrub = stat(runs.map((r) => r.scrubMedianMs));
    const heapRun = stat(runs.map((r) => r.heapAfterRun.pageUsedBytes));
    const heapInspector = stat(runs.map((r) => r.heapAfterInspector.pageUsedBytes));
    const worker = runs[runs.length - 1]?.heapAfterInspector.workerUsedBytes ?? null;
    const first = runs[0] as InspectorRun;
    results[`inspector.${name}`] = {
      query,
      longestTaskMs: longest,
      openMs: open,
      scrubHourMedianMs: scrub,
      pageHeapAfterRunBytes: heapRun,
      pageHeapAfterInspectorBytes: heapInspector,
      runs,
    };
    table.push([`inspector.${name}.longestTaskMs`, ms(longest), '< 50 ms']);
    table.push([
      `inspector.${name}.openMs`,
      `${ms(open)}, round ${first.openedRound} of ${first.rounds}, ${first.openStepped} rounds replayed`,
      '',
    ]);
    table.push([`inspector.${name}.scrubHourMs`, ms(scrub), '']);
    table.push([
      `inspector.${name}.pageHeap`,
      `${mib(heapRun.median)} after the run, ${mib(heapInspector.median)} after the inspector (worker ${mib(worker)})`,
      '',
    ]);
  } catch (e) {
    results[`inspector.${name}.error`] = (e as Error).message;
    table.push([`inspector.${name}`, `not measured: ${(e as Error).message}`, '< 50 ms']);
  }
}

if (wanted('inspector')) {
  console.log(
    'inspector: exp4 in Chromium, a round far back opened and its day scrubbed hour by hour',
  );
  inspectorFigures('exp4', 'preset=exp4', runsOf(3));
  console.log('inspector: exp4 at 1,000 households x 30 days, the same');
  inspectorFigures('households1000', 'preset=exp4&households=1000&days=30', runsOf(2));
}

mkdirSync(join(root, 'bench'), { recursive: true });
const resultsFile = join(root, 'bench', 'results.json');
// A run of some sections leaves the others' last figures in the file rather than dropping them.
const kept: Record<string, unknown> =
  only !== null && existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>)
    : {};
results['measured'] = only === null ? 'all' : SECTIONS.filter(wanted);
writeFileSync(resultsFile, `${JSON.stringify({ ...kept, ...results }, null, 2)}\n`);
const w0 = Math.max(...table.map((r) => r[0].length));
const w1 = Math.max(...table.map((r) => r[1].length));
console.log(`\n${'figure'.padEnd(w0)}  ${'measured'.padEnd(w1)}  target`);
for (const [a, b, c] of table) console.log(`${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`);
console.log(`\nmachine: ${JSON.stringify(results.machine)}\nwritten: bench/results.json`);
