/**
 * runSimulation: a headless run through the engine's run driver (createRun, runToEnd), with the
 * CSV rows collected from each round and its figures. Settlement on a chain (`--rpc`) plugs in
 * through the driver's `onRound` hook.
 */
import { performance } from 'node:perf_hooks';
import { createRun, energyPrints, runToEnd } from '../engine';
import type { RunHooks, RunSummary, Scenario } from '../engine';
import { householdsHeader, householdsRows, roundsHeader, roundsRow } from './csv';

export interface RunOutput {
  scenario: Scenario;
  metrics: RunSummary;
  roundsCsv: string;
  householdsCsv: string;
  /** Whole run including hooks and CSV rows. */
  wallMs: number;
  /** Time inside the simulation's steps alone. */
  engineMs: number;
}

export async function runSimulation(scenario: Scenario, hooks: RunHooks = {}): Promise<RunOutput> {
  const start = performance.now();
  const run = createRun(scenario, { clock: () => performance.now() });
  const rounds: string[] = [roundsHeader()];
  const households: string[] = [householdsHeader()];
  await runToEnd(run, {
    onRound: (r, figures, x) => {
      rounds.push(roundsRow(r, figures, energyPrints(x.soFar)));
      householdsRows(r, households);
      return hooks.onRound?.(r, figures, x);
    },
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
  });
  return {
    scenario,
    metrics: run.summary(),
    roundsCsv: `${rounds.join('\n')}\n`,
    householdsCsv: `${households.join('\n')}\n`,
    wallMs: performance.now() - start,
    engineMs: run.engineMs,
  };
}
