import { describe, expect, it } from 'vitest';
import { explainRound } from './explain';
import { createReplay } from './replay';
import { createRun } from './run';
import { resolveScenario } from './scenario';
import type { RoundResult } from './simulation';

/** A run with slider moves mid-run, every round kept: what the replay must reproduce. */
function original() {
  const scenario = resolveScenario({ preset: 'exp3', seed: 1, days: 6, households: 8 });
  const run = createRun(scenario);
  const rounds: RoundResult[] = [];
  while (!run.done) {
    if (run.round === 30) run.setLiveParams({ priceMax: 6, batteryThreshold: 0.4 });
    if (run.round === 31) run.setLiveParams({ priceMin: 3 });
    if (run.round === 100) run.setLiveParams({ gridRetailPrice: 12 });
    rounds.push(run.step());
  }
  return { scenario, run, rounds };
}

const outcome = (r: RoundResult) => ({
  params: r.params,
  orders: r.orders,
  fills: r.fills,
  trades: r.trades,
  households: r.households,
  totals: r.totals,
});

describe('the run driver’s change log', () => {
  it('records every accepted change with the round it first applied to', () => {
    const { run, rounds } = original();
    expect(run.changes).toEqual([
      { round: 30, params: { priceMax: 6, batteryThreshold: 0.4 } },
      { round: 31, params: { priceMin: 3 } },
      { round: 100, params: { gridRetailPrice: 12 } },
    ]);
    expect(rounds[29]?.params.priceMax).toBe(8);
    expect(rounds[30]?.params.priceMax).toBe(6);
  });

  it('keeps a refused change out of the log', () => {
    const run = createRun(resolveScenario({ preset: 'exp1', days: 1 }));
    expect(() => run.setLiveParams({ priceMin: 9, priceMax: 4 })).toThrow(/price/i);
    expect(run.changes).toEqual([]);
  });
});

describe('replay', () => {
  it('recomputes any past round exactly, forwards, backwards and across slider moves', () => {
    const { scenario, run, rounds } = original();
    const replay = createReplay(scenario, run.changes);
    for (const r of [5, 31, 30, 100, 143, 2, 99]) {
      const got = replay.round(r, rounds.length);
      expect(outcome(got.result), `round ${r}`).toEqual(outcome(rounds[r] as RoundResult));
      expect(got.before).toEqual(r === 0 ? expect.anything() : rounds[r - 1]?.households);
    }
  });

  it('moves hour by hour through a day for one step each', () => {
    const { scenario, run, rounds } = original();
    const replay = createReplay(scenario, run.changes);
    replay.round(72, rounds.length);
    const first = replay.stepped;
    expect(first).toBe(96); // to round 72, then the rest of its day
    for (let r = 73; r < 96; r++) replay.round(r, rounds.length);
    for (let r = 95; r >= 72; r--) replay.round(r, rounds.length);
    expect(replay.stepped).toBe(first);
    replay.round(96, rounds.length);
    expect(replay.stepped).toBe(first + 24);
  });

  it('refuses a round not simulated yet', () => {
    const { scenario, run } = original();
    expect(() => createReplay(scenario, run.changes).round(50, 40)).toThrow(
      /round 50 is not one of the 40 rounds simulated/,
    );
  });
});

describe('explainRound on a real run', () => {
  it('says why nothing traded and where the curves cross when something did', () => {
    const { scenario, run, rounds } = original();
    const replay = createReplay(scenario, run.changes);
    let waiting = 0;
    let trading = 0;
    for (let r = 0; r < rounds.length; r++) {
      const x = explainRound(scenario, replay.round(r, rounds.length));
      expect(x.trades.reduce((s, t) => s + t.energyWh, 0)).toBe(x.tradedWh);
      expect(x.tradedWh).toBeLessThanOrEqual(x.crossWh);
      expect(x.orders.every((o) => o.why.length > 0)).toBe(true);
      const buyers = x.orders.filter((o) => o.side === 'buy');
      if (x.trades.length === 0 && buyers.length > 0) {
        waiting++;
        for (const o of buyers) expect(o.status).not.toBe('approved');
        if (x.supply.length === 0) {
          expect(buyers.every((o) => o.why === 'no sellers this hour')).toBe(true);
          expect(x.summary).toMatch(/no sellers this hour/);
        }
      }
      if (x.trades.length > 0) {
        trading++;
        // exp3 is the loyalty auction: each pair at its own price, the marked price is the
        // marginal midpoint; demand at the traded volume is at or above it, supply at or below.
        const at = x.tradedWh - 1;
        const d = x.demand.find((s) => at >= s.fromWh && at < s.toWh)?.price ?? -1;
        const s = x.supply.find((s) => at >= s.fromWh && at < s.toWh)?.price ?? Infinity;
        expect(d).toBeGreaterThanOrEqual(x.marked.price ?? NaN);
        expect(s).toBeLessThanOrEqual(x.marked.price ?? NaN);
      }
    }
    expect(waiting).toBeGreaterThan(10);
    expect(trading).toBeGreaterThan(10);
  });
});
