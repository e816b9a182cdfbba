/**
 * Past rounds recomputed instead of kept. The engine is deterministic, so a run's scenario and
 * its change log (run.ts, `LiveChange`) repeat it exactly: the replay steps a second run of the
 * same scenario to the round asked for, keeping the last rounds it passed (a day or two), so
 * moving hour by hour through a day costs one step each, and going back further starts over.
 * The page's worker answers the round inspector with it: memory stays bounded whatever the run's
 * length and size, and the cost of a far jump is one pass of the engine up to that round.
 */
import { createMechanism, type ClearingResult, type Mechanism } from './auctions';
import type { RoundInput } from './explain';
import type { HouseholdState } from './households';
import type { PersonOrder } from './people';
import { replayRun, type LiveChange, type Run } from './run';
import type { Scenario } from './scenario';
import { mechanismParamsOf } from './scenario';

export interface ReplayOptions {
  /** Rounds kept around the last one asked for (default 48: the day before and this one). */
  readonly keep?: number;
  /** The live run's people's orders (run.people), read as they grow: replayed in their rounds. */
  readonly people?: readonly PersonOrder[];
}

export interface Replay {
  /**
   * Round `round` as the run made it, with its clearing and the households before it. Rounds
   * ahead of what the changes cover are refused (the run has not made them yet).
   */
  round(round: number, simulated: number): RoundInput;
  /** Rounds stepped since the replay was made (what the answers cost the engine). */
  readonly stepped: number;
}

/** A mechanism that hands out the last clearing it made (the simulation keeps only parts of it). */
function recording(inner: Mechanism): Mechanism & { last: ClearingResult | null } {
  const m = {
    name: inner.name,
    last: null as ClearingResult | null,
    clear(...args: Parameters<Mechanism['clear']>) {
      m.last = inner.clear(...args);
      return m.last;
    },
  };
  return m;
}

export function createReplay(
  scenario: Scenario,
  /** The live run's change log, read as it grows. */
  changes: readonly LiveChange[],
  opts: ReplayOptions = {},
): Replay {
  const keep = Math.max(1, opts.keep ?? 48);
  const kept = new Map<number, RoundInput>();
  let run: Run | null = null;
  let mech: ReturnType<typeof recording> | null = null;
  let before: readonly HouseholdState[] = [];
  let stepped = 0;

  const restart = (): Run => {
    mech = recording(createMechanism(scenario.auction, mechanismParamsOf(scenario)));
    run = replayRun(scenario, changes, { mechanism: mech, people: opts.people });
    before = run.simulation.households();
    return run;
  };

  return {
    get stepped() {
      return stepped;
    },
    round(round, simulated) {
      if (!Number.isInteger(round) || round < 0 || round >= simulated) {
        throw new RangeError(
          `replay: round ${round} is not one of the ${simulated} rounds simulated so far`,
        );
      }
      const hit = kept.get(round);
      if (hit) return hit;
      const r = run && run.round <= round ? run : restart();
      // Finish the asked round's day as well (what is simulated of it), so the hours after it
      // are at hand when the scrubber moves on.
      const until = Math.min(simulated, Math.max(round + 1, (Math.floor(round / 24) + 1) * 24));
      while (r.round < until) {
        const result = r.step();
        stepped++;
        const cleared = (mech as ReturnType<typeof recording>).last as ClearingResult;
        if (result.round >= round - keep) kept.set(result.round, { result, cleared, before });
        before = result.households;
      }
      for (const k of kept.keys()) if (Math.abs(k - round) > keep) kept.delete(k);
      const out = kept.get(round);
      if (!out) throw new Error(`replay: round ${round} was stepped but not kept`);
      return out;
    },
  };
}
