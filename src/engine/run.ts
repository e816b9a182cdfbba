/**
 * The run driver: the one loop that steps a simulation and feeds its figures. The CLI's
 * `simulate` and `compare`, the comparison, the bench and both page workers drive runs through
 * it, so every consumer sees the same rounds and the same figures.
 *
 * ```ts
 * const run = createRun(resolveScenario({ preset: 'exp3', seed: 7 }));
 * while (!run.done) {
 *   const r = run.step();        // RoundResult (r.params: the live parameters it ran under)
 *   run.figures;                 // that round's RoundFigures (figures.ts)
 * }
 * run.summary();                 // RunSummary so far (metrics.ts)
 * run.row();                     // ComparisonRow so far (figures.ts)
 *
 * // Or with hooks, awaiting a settler between rounds:
 * await runToEnd(run, { onRound: (r) => settler.enqueue(r), onProgress: (done, total) => {} });
 * ```
 *
 * Pure like the rest of the engine: no clock of its own (pass `clock` to have the time inside
 * the simulation measured), no Node or DOM.
 */
import { createMechanism, type Mechanism } from './auctions';
import { comparisonRow, type ComparisonRow, type FiguresSoFar, type RoundFigures } from './figures';
import { createRunMetrics, type RunSummary } from './metrics';
import { PersonOrderError, type PersonOrder } from './people';
import { RunFileError } from './runFile';
import type { LiveParams, Scenario } from './scenario';
import { mechanismParamsOf } from './scenario';
import { createSimulation, type OpenRound, type RoundResult, type Simulation } from './simulation';
import { BASE_PER_COIN } from './units';

export interface RunOptions {
  /** Clears with this instance instead of a fresh one of the scenario's mechanism (tests). */
  mechanism?: Mechanism;
  /** Milliseconds from any origin; when given, `engineMs` sums the time inside the simulation. */
  clock?: () => number;
}

/**
 * One accepted live-parameter change: what was asked and the first round it applied to. A run's
 * changes in order are all it takes, with its scenario, to repeat it exactly (replayRun).
 */
export interface LiveChange {
  readonly round: number;
  readonly params: Partial<LiveParams>;
}

export interface Run {
  readonly scenario: Scenario;
  /** The simulation it steps (live parameters: simulation.setLiveParams / liveParams). */
  readonly simulation: Simulation;
  /** The instance the simulation clears with (the community's netting ledger lives on it). */
  readonly mechanism: Mechanism;
  /** Rounds simulated so far (the next round's index). */
  readonly round: number;
  readonly totalRounds: number;
  readonly done: boolean;
  /** Steps one round and feeds the figures. Throws a RangeError when the run is done. */
  step(): RoundResult;
  /** The next round decided, not cleared: people read their seats (simulation.begin). */
  begin(): OpenRound;
  /**
   * Clears the round begun with people's orders (simulation.finish), feeds the figures and logs
   * the orders in `people`.
   */
  finish(people: readonly PersonOrder[]): RoundResult;
  /** Every order people placed so far, in round order: with `changes`, all a replay needs. */
  readonly people: readonly PersonOrder[];
  /** The last round's figures; null before the first round. */
  readonly figures: RoundFigures | null;
  /** Sums since round 0 (a live view: read, do not keep). */
  readonly soFar: Readonly<FiguresSoFar>;
  /** The run summary for the rounds so far. */
  summary(): RunSummary;
  /** The comparison table's row for the rounds so far. */
  row(): ComparisonRow;
  /** Time inside simulation.step() so far, by the clock given; 0 without one. */
  readonly engineMs: number;
  /**
   * Changes the live parameters from the next round, validated by the simulation (a
   * ScenarioError names the field and nothing changes), and records the change in `changes`.
   */
  setLiveParams(p: Partial<LiveParams>): void;
  /**
   * Every accepted change so far, in order: the run's one change log. The page's worker reports
   * each entry as it is made; a replay repeats the run from it.
   */
  readonly changes: readonly LiveChange[];
}

export function createRun(scenario: Scenario, opts: RunOptions = {}): Run {
  // Scenario-dependent parameters: the community's default rate is the middle of the price list.
  const mechanism =
    opts.mechanism ?? createMechanism(scenario.auction, mechanismParamsOf(scenario));
  const simulation = createSimulation(scenario, { mechanism });
  const metrics = createRunMetrics(scenario.initCoins * BASE_PER_COIN);
  const clock = opts.clock;
  const changes: LiveChange[] = [];
  const people: PersonOrder[] = [];
  let figures: RoundFigures | null = null;
  let engineMs = 0;
  const timed = <T>(f: () => T): T => {
    if (!clock) return f();
    const t0 = clock();
    const r = f();
    engineMs += clock() - t0;
    return r;
  };
  return {
    scenario,
    simulation,
    mechanism,
    get round() {
      return simulation.round;
    },
    totalRounds: simulation.totalRounds,
    get done() {
      return simulation.done;
    },
    step() {
      const r = timed(() => simulation.step());
      figures = metrics.add(r);
      return r;
    },
    begin: () => timed(() => simulation.begin()),
    finish(orders) {
      const r = timed(() => simulation.finish(orders));
      for (const o of orders) people.push({ ...o });
      figures = metrics.add(r);
      return r;
    },
    people,
    get figures() {
      return figures;
    },
    soFar: metrics.soFar,
    summary: () => metrics.summary(),
    row: () => comparisonRow(scenario.auction, metrics.soFar, metrics.summary()),
    get engineMs() {
      return engineMs;
    },
    setLiveParams(p) {
      simulation.setLiveParams(p);
      changes.push({ round: simulation.round, params: { ...p } });
    },
    changes,
  };
}

/** A replayed run: it makes the recorded changes itself until told to stop. */
export interface ReplayedRun extends Run {
  /** True while recorded changes are still ahead. */
  readonly replaying: boolean;
  /**
   * Drops the recorded changes not made yet (a person took over the sliders: a recorded change
   * on top of theirs could be refused). Returns how many were dropped.
   */
  stopReplay(): number;
}

/**
 * The run `changes` came from, repeated: every change is made again just before the round it
 * first applied to, so each round is the original's exactly (the engine is deterministic). The
 * round inspector recomputes past rounds this way instead of keeping them; a run file replays
 * through it.
 */
export function replayRun(
  scenario: Scenario,
  changes: readonly LiveChange[],
  opts: RunOptions & {
    /** People's orders to place again in their rounds (run.people); none: the agents' run. */
    people?: readonly PersonOrder[];
  } = {},
): ReplayedRun {
  const run = createRun(scenario, opts);
  const recorded = opts.people ?? [];
  let next = 0;
  let nextOrder = 0;
  const finish = run.finish;
  const replayed = Object.assign(run, {
    step(): RoundResult {
      while (next < changes.length && (changes[next] as LiveChange).round <= run.round) {
        run.setLiveParams((changes[next] as LiveChange).params);
        next++;
      }
      const round = run.round;
      while (nextOrder < recorded.length && (recorded[nextOrder] as PersonOrder).round < round) {
        nextOrder++;
      }
      const first = nextOrder;
      const mine: PersonOrder[] = [];
      while (nextOrder < recorded.length && (recorded[nextOrder] as PersonOrder).round === round) {
        mine.push(recorded[nextOrder] as PersonOrder);
        nextOrder++;
      }
      run.begin();
      try {
        return finish(mine);
      } catch (e) {
        throw e instanceof PersonOrderError ? recordedOrderError(e, first, mine) : e;
      }
    },
    stopReplay(): number {
      const dropped = changes.length - next;
      next = changes.length;
      // The recorded orders ahead go too: they were placed under the recorded run's prices.
      nextOrder = recorded.length;
      return dropped;
    },
  });
  // A getter of its own: Object.assign would copy the value it has now.
  Object.defineProperty(replayed, 'replaying', { get: () => next < changes.length });
  return replayed as ReplayedRun;
}

/**
 * A recorded order the round refused (people.ts names it `people[k]`, k within the round), as
 * the run file's `orders[i]`: the file's field, the value it holds and what the round allowed.
 */
function recordedOrderError(
  e: PersonOrderError,
  first: number,
  mine: readonly PersonOrder[],
): RunFileError {
  const m = /^people\[(\d+)\]\.(\w+)$/.exec(e.field);
  const k = Number(m?.[1] ?? 0);
  const key = (m?.[2] ?? 'energyWh') as keyof PersonOrder;
  const allowed = e.message.split('; allowed: ')[1] ?? e.message;
  return new RunFileError(`orders[${first + k}].${key}`, mine[k]?.[key], allowed);
}

export interface RunHooks {
  /**
   * After every round, in order. A returned promise is awaited before the next round, so a
   * settler can hold the run back (back-pressure); a rejection ends the run with that error.
   */
  onRound?: (round: RoundResult, figures: RoundFigures, run: Run) => void | Promise<void>;
  /** After every round and its onRound: rounds done, rounds in all. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Steps the run to its end (or to round `until`, where a run file's replay stops) through the
 * hooks. Resolves with the run.
 */
export async function runToEnd(
  run: Run,
  hooks: RunHooks = {},
  until: number = run.totalRounds,
): Promise<Run> {
  const { onRound, onProgress } = hooks;
  while (!run.done && run.round < until) {
    const r = run.step();
    if (onRound) {
      const pending = onRound(r, run.figures as RoundFigures, run);
      if (pending) await pending;
    }
    onProgress?.(run.round, run.totalRounds);
  }
  return run;
}

/** Steps the run to its end at once, for callers with no hook to await. Returns the run. */
export function finishRun(run: Run): Run {
  while (!run.done) run.step();
  return run;
}
