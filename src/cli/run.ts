/**
 * runSimulation: the engine's loop for headless runs, with a per-round hook. The CLI collects
 * CSV rows and metrics through it; settlement on a chain (`--rpc`) plugs in through `onRound`.
 */
import { performance } from 'node:perf_hooks';
import { BASE_PER_COIN, createRunMetrics, createSimulation } from '../engine';
import type { RoundResult, RunSummary, Scenario, Simulation } from '../engine';
import { householdsHeader, householdsRows, roundsHeader, roundsRow } from './csv';

export interface RunHooks {
  /**
   * Called after every round, in order. If it returns a promise the loop awaits it before the
   * next round (a settler may apply back-pressure this way).
   */
  onRound?: (round: RoundResult, sim: Simulation) => void | Promise<void>;
  onProgress?: (done: number, total: number) => void;
}

export interface RunOutput {
  scenario: Scenario;
  metrics: RunSummary;
  roundsCsv: string;
  householdsCsv: string;
  /** Whole run including hooks and CSV rows. */
  wallMs: number;
  /** Time inside sim.step() alone. */
  engineMs: number;
}

export async function runSimulation(scenario: Scenario, hooks: RunHooks = {}): Promise<RunOutput> {
  const start = performance.now();
  const sim = createSimulation(scenario);
  const metrics = createRunMetrics(scenario.initCoins * BASE_PER_COIN);
  const rounds: string[] = [roundsHeader()];
  const households: string[] = [householdsHeader()];
  let engineMs = 0;
  while (!sim.done) {
    const t0 = performance.now();
    const r = sim.step();
    engineMs += performance.now() - t0;
    metrics.add(r);
    rounds.push(roundsRow(r));
    householdsRows(r, households);
    if (hooks.onRound) {
      const pending = hooks.onRound(r, sim);
      if (pending) await pending;
    }
    hooks.onProgress?.(sim.round, sim.totalRounds);
  }
  return {
    scenario,
    metrics: metrics.summary(),
    roundsCsv: `${rounds.join('\n')}\n`,
    householdsCsv: `${households.join('\n')}\n`,
    wallMs: performance.now() - start,
    engineMs,
  };
}
