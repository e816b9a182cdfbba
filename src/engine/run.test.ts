import { describe, expect, it } from 'vitest';
import { createMechanism } from './auctions';
import { roundFigures } from './figures';
import { createRunMetrics } from './metrics';
import { createRun, finishRun, runToEnd } from './run';
import { resolveScenario } from './scenario';
import { createSimulation, type RoundResult } from './simulation';
import { BASE_PER_COIN } from './units';

const scenario = resolveScenario({ preset: 'exp3', households: 6, days: 3, seed: 21 });

describe('the run driver', () => {
  it('steps the same rounds as a bare simulation and feeds the same figures', () => {
    const run = createRun(scenario);
    const sim = createSimulation(scenario);
    const metrics = createRunMetrics(scenario.initCoins * BASE_PER_COIN);
    expect(run.figures).toBeNull();
    expect([run.round, run.totalRounds, run.done]).toEqual([0, 72, false]);
    while (!sim.done) {
      const a = run.step();
      const b = sim.step();
      metrics.add(b);
      expect(JSON.stringify(a)).toBe(JSON.stringify(b));
      expect(run.figures).toEqual(roundFigures(b));
    }
    expect(run.done).toBe(true);
    expect(run.round).toBe(72);
    expect(run.summary()).toEqual(metrics.summary());
    expect(() => run.step()).toThrow(RangeError);
  });

  it('clears with the instance given, and reports the mechanism it cleared with', () => {
    const mechanism = createMechanism('cda');
    const run = createRun(resolveScenario({ ...scenario, auction: 'cda' }), { mechanism });
    expect(run.mechanism).toBe(mechanism);
    expect(run.simulation.scenario.auction).toBe('cda');
    expect(finishRun(run).row().mechanism).toBe('cda');
  });

  it('sums the time inside the simulation by the clock it is given', () => {
    let now = 0;
    const run = createRun(scenario, { clock: () => (now += 5) });
    run.step();
    run.step();
    // Each step reads the clock twice, 5 ms apart.
    expect(run.engineMs).toBe(10);
    expect(createRun(scenario).engineMs).toBe(0);
  });
});

describe('runToEnd', () => {
  it('awaits each round hook before the next round (back-pressure) and reports progress', async () => {
    const run = createRun(scenario);
    const seen: number[] = [];
    const progress: [number, number][] = [];
    let inFlight = false;
    await runToEnd(run, {
      onRound: async (r, figures, same) => {
        expect(inFlight).toBe(false);
        expect(same).toBe(run);
        expect(figures).toBe(run.figures);
        inFlight = true;
        await new Promise((resolve) => setTimeout(resolve, 0));
        // No round was stepped while this one was being settled.
        expect(run.round).toBe(r.round + 1);
        inFlight = false;
        seen.push(r.round);
      },
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(seen).toEqual(Array.from({ length: 72 }, (_, i) => i));
    expect(progress[0]).toEqual([1, 72]);
    expect(progress.at(-1)).toEqual([72, 72]);
  });

  it('ends with the error of a hook that fails, and steps no further', async () => {
    const run = createRun(scenario);
    const seen: RoundResult[] = [];
    await expect(
      runToEnd(run, {
        onRound: (r) => {
          seen.push(r);
          return r.round === 4 ? Promise.reject(new Error('settler gone')) : undefined;
        },
      }),
    ).rejects.toThrow('settler gone');
    expect(run.round).toBe(5);
    expect(seen).toHaveLength(5);
  });
});

describe('live parameters', () => {
  it('every round carries the parameters it ran under', () => {
    const run = createRun(scenario);
    const first = run.step();
    expect(first.params).toEqual({
      priceMin: scenario.priceMin,
      priceMax: scenario.priceMax,
      batteryThreshold: scenario.batteryThreshold,
      gridRetailPrice: scenario.gridRetailPrice,
      gridFeedInPrice: scenario.gridFeedInPrice,
    });
    run.simulation.setLiveParams({ priceMin: 4 });
    run.simulation.setLiveParams({ priceMax: 6 });
    // Changes take effect from the next round, and add up.
    expect(run.simulation.liveParams()).toMatchObject({ priceMin: 4, priceMax: 6 });
    expect(first.params).toMatchObject({ priceMin: scenario.priceMin });
    const next = run.step();
    expect(next.params).toMatchObject({ priceMin: 4, priceMax: 6 });
    for (const o of next.orders) {
      expect(o.price).toBeGreaterThanOrEqual(4);
      expect(o.price).toBeLessThanOrEqual(6);
    }
    // Unchanged parameters are the same object from round to round, and nobody can change them.
    expect(run.step().params).toBe(next.params);
    expect(Object.isFrozen(next.params)).toBe(true);
  });
});
