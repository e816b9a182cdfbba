/**
 * The class's score (issue 14, docs/CLASSROOM.md "The score"): each household a person played,
 * its money plus coins against what its agent would have had in its place on the same seed.
 *
 * "The agent in your place" is the run without people: the same scenario, seed and slider moves
 * (the live run's change log), with the agents acting for every household. The engine is
 * deterministic, so a replay of that log is that run round for round; it is stepped only as far
 * as the live run, so the two are compared at the same round. With several people in a class,
 * each one's difference also holds what the others did to the market: one replay for everyone,
 * where a replay per person with the others' orders would have to drop orders that the changed
 * books could no longer take.
 */
import type { HouseholdState } from './households';
import { replayRun, type ReplayedRun, type Run } from './run';

/** Money plus coins, base units: what a household has to show for the run so far. */
export function valueOf(h: Pick<HouseholdState, 'coinBalance' | 'moneyBalance'>): number {
  return h.moneyBalance + h.coinBalance;
}

export interface HouseholdScore {
  readonly household: number;
  /** Orders its person placed in the run so far. */
  readonly orders: number;
  /** Its money plus coins in the live run, base units. */
  readonly you: number;
  /** Its money plus coins in the run without people at the same round, base units. */
  readonly agent: number;
}

export interface ScoreKeeper {
  /**
   * The score of `households` (and of every household a person placed an order for) after the
   * live run's rounds so far, ascending household. Between begin and finish the live run's
   * households are half-way through an hour: ask at round boundaries.
   */
  score(households?: Iterable<number>): HouseholdScore[];
}

/** A score for `run`, its agents' replay made on first use and stepped along with it. */
export function createScoreKeeper(run: Run): ScoreKeeper {
  let agents: ReplayedRun | null = null;
  return {
    score(households = []) {
      const which = new Set(households);
      const orders = new Map<number, number>();
      for (const p of run.people) {
        which.add(p.household);
        orders.set(p.household, (orders.get(p.household) ?? 0) + 1);
      }
      if (which.size === 0) return [];
      agents ??= replayRun(run.scenario, run.changes);
      while (agents.round < run.round) agents.step();
      const mine = run.simulation.households();
      const theirs = agents.simulation.households();
      return [...which]
        .sort((a, b) => a - b)
        .map((i) => {
          const you = mine[i];
          const agent = theirs[i];
          if (!you || !agent) {
            throw new RangeError(
              `score: household ${i} is not one of this run's households (0 to ${mine.length - 1})`,
            );
          }
          return {
            household: i,
            orders: orders.get(i) ?? 0,
            you: valueOf(you),
            agent: valueOf(agent),
          };
        });
    },
  };
}
