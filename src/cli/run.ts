/**
 * runSimulation: a headless run through the engine's run driver (createRun, runToEnd), each
 * round's CSV rows written as it is made (rounds.csv, households.csv through output.ts's
 * row-by-row files), so memory stays bounded however long the run. Settlement on a chain
 * (`--rpc`) plugs in through the driver's `onRound` hook.
 */
import { performance } from 'node:perf_hooks';
import {
  createRun,
  energyPrints,
  householdsHeader,
  householdsRows,
  replayRun,
  roundsHeader,
  roundsRow,
  runToEnd,
} from '../engine';
import type { LiveChange, PersonOrder, Run, RunHooks, RunSummary, Scenario } from '../engine';
import type { RunFiles } from './output';

export interface RunOutput {
  scenario: Scenario;
  metrics: RunSummary;
  /** Rows written to rounds.csv and households.csv (without headers). */
  rows: { rounds: number; households: number };
  /** Whole run including hooks and CSV rows. */
  wallMs: number;
  /** Time inside the simulation's steps alone. */
  engineMs: number;
  /** The run itself after its last round (its books, change log, end summary). */
  run: Run;
}

/** A run file's replay: its change log, made again at the same rounds, and where it stopped. */
export interface Replay {
  readonly changes: readonly LiveChange[];
  readonly rounds: number;
  /** People's orders, placed again in their rounds. */
  readonly orders?: readonly PersonOrder[];
}

/**
 * Runs `scenario` to its end (a replay: to its rounds, with its changes), writing its CSVs into
 * `files` (not yet committed).
 */
export async function runSimulation(
  scenario: Scenario,
  files: RunFiles,
  hooks: RunHooks = {},
  replay?: Replay,
): Promise<RunOutput> {
  const start = performance.now();
  const clock = { clock: () => performance.now() };
  const run = replay
    ? replayRun(scenario, replay.changes, { ...clock, people: replay.orders ?? [] })
    : createRun(scenario, clock);
  const roundsCsv = files.csv('rounds.csv', roundsHeader());
  const householdsCsv = files.csv('households.csv', householdsHeader());
  const rows = { rounds: 0, households: 0 };
  const household = (line: string): void => {
    householdsCsv.row(line);
    rows.households++;
  };
  await runToEnd(
    run,
    {
      onRound: (r, figures, x) => {
        roundsCsv.row(roundsRow(r, figures, energyPrints(x.soFar)));
        rows.rounds++;
        householdsRows(r, household);
        return hooks.onRound?.(r, figures, x);
      },
      ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
    },
    replay?.rounds,
  );
  return {
    scenario,
    metrics: run.summary(),
    rows,
    wallMs: performance.now() - start,
    engineMs: run.engineMs,
    run,
  };
}
