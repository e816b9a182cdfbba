/**
 * Headless CLI.
 *   simulate --scenario <exp1|exp2|exp3|exp4|file.json> [--variant thesis-code] [--seed N]
 *            [--days N] [--households N] [--auction NAME] [--out DIR] [--rpc URL [--batch-rounds N]]
 *   clear --mechanism <name> --input book.json
 *   compare --scenario <preset|file.json> [--auctions a,b] [--seed N] [--days N] [--households N] [--out DIR]
 * Exit codes: 0 ok, 2 bad input (the message names field, value and what is allowed), 1 failure.
 */
import { UsageError } from '../src/cli/args';
import { runClearCommand } from '../src/cli/clear';
import { runCompareCommand } from '../src/cli/compare';
import { createProgress } from '../src/cli/progress';
import { runSimulation } from '../src/cli/run';
import type { RunHooks } from '../src/cli/run';
import { describeRun, parseSimulateArgs, writeRunOutput } from '../src/cli/simulate';
import { ScenarioError } from '../src/engine';
import { describeMismatch } from '../src/chain';
import { CHAIN_FLAGS, openChainRun } from './cli-chain';

const COMMANDS = 'simulate | clear | compare';

async function simulate(argv: string[]): Promise<number> {
  // Settlement flags (e.g. 'rpc') are declared here and read from args.extra.
  const args = parseSimulateArgs(argv, [...CHAIN_FLAGS]);
  const progress = createProgress(process.stderr, args.scenario.name);
  const hooks: RunHooks = { onProgress: (d, t) => progress.update(d, t) };
  const extraSummary: Record<string, unknown> = {};
  const rpc = args.extra.get('rpc');
  const chain = rpc
    ? await openChainRun(rpc, args.scenario, args.extra.get('batch-rounds'), (s) =>
        process.stderr.write(`${s}\n`),
      )
    : null;
  if (chain) hooks.onRound = (r) => chain.onRound(r);
  const run = await runSimulation(args.scenario, hooks);
  progress.finish();
  const settled = chain ? await chain.finish() : null;
  if (settled) extraSummary.chain = settled.summary;
  const files = writeRunOutput(args.out, run, extraSummary);
  process.stdout.write(`${describeRun(run)}\n`);
  if (settled) process.stdout.write(`${settled.line}\n`);
  process.stdout.write(`wrote ${files.join(', ')}\n`);
  for (const m of settled?.mismatches ?? []) {
    process.stderr.write(`mismatch: ${describeMismatch(m)}\n`);
  }
  return settled && settled.mismatches.length > 0 ? 1 : 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'simulate':
        return await simulate(rest);
      case 'clear':
        process.stdout.write(runClearCommand(rest));
        return 0;
      case 'compare':
        return await runCompareCommand(rest);
      default:
        throw new UsageError('command', command, COMMANDS);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScenarioError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    // Operational failures (a node that does not answer, a revert) read best as one sentence;
    // DEBUG=1 shows the stack for a bug report.
    const detail =
      e instanceof Error ? (process.env.DEBUG ? (e.stack ?? e.message) : e.message) : String(e);
    process.stderr.write(`error: ${detail}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
