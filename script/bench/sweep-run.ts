/**
 * One sweep in its own process: exp3 x the six mechanisms of the thesis comparison x seeds 1-100
 * (600 runs) on N worker threads, files made but not written. Prints one JSON line:
 * { wallMs, runs, workers, runsPerSecond }.
 * Usage: tsx script/bench/sweep-run.ts <workers> [seeds]
 */
import { runSweep } from '../../src/cli/sweep';
import { makePlan } from '../../src/cli/sweepPlan';

export const BENCH_MECHANISMS = 'uniform,loyalty,pay-as-bid,mcafee,cda,community';

const [workers = '1', seeds = '1-100'] = process.argv.slice(2);
const plan = makePlan({
  scenario: 'exp3',
  input: { preset: 'exp3' },
  auctions: BENCH_MECHANISMS,
  seeds,
});
const r = await runSweep(plan, { workers: Number(workers) });
process.stdout.write(
  `${JSON.stringify({
    wallMs: r.wallMs,
    runs: r.rows.length,
    workers: r.workers,
    runsPerSecond: r.rows.length / (r.wallMs / 1000),
  })}\n`,
);
