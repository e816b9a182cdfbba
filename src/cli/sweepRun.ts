/**
 * One run of a sweep, the same in the main thread and in a worker: the cell's scenario at the
 * run's seed through the engine's run driver, reduced to its run figures (engine figures.ts).
 */
import { createRun, finishRun, resolveScenario, runFigures, RUN_FIGURE_KEYS } from '../engine';
import { runAt, type Cell, type SweepPlan } from './sweepPlan';

export interface SweepRunResult {
  readonly index: number;
  /** In RUN_FIGURE_KEYS order. */
  readonly values: readonly (number | null)[];
  /** Time inside the engine, milliseconds (reported, never written to the sweep's files). */
  readonly ms: number;
}

export function sweepRun(
  plan: SweepPlan,
  cells: readonly Cell[],
  index: number,
  clock: () => number,
): SweepRunResult {
  const { cell, seed } = runAt(plan, cells, index);
  const t0 = clock();
  const run = finishRun(createRun(resolveScenario({ ...cell.input, seed })));
  const figures = runFigures(run.soFar, run.summary(), run.scenario);
  return { index, values: RUN_FIGURE_KEYS.map((k) => figures[k]), ms: clock() - t0 };
}
