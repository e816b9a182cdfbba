import { describe, expect, it } from 'vitest';
import { PersonOrderError, type PersonOrder } from './people';
import { createRun, replayRun } from './run';
import { resolveScenario } from './scenario';
import { createSimulation, type RoundResult } from './simulation';
import { DIV_WH } from './units';

const scenario = resolveScenario({ preset: 'exp3', households: 8, days: 2, seed: 5 });

/** A buy or sell inside household `i`'s seat of the open round, at the range's middle. */
function orderFor(sim: ReturnType<typeof createSimulation>, i: number, round: number): PersonOrder {
  const seat = sim.begin().seat(i);
  const live = sim.liveParams();
  const price = Math.round((live.priceMin + live.priceMax) / 2);
  return seat.maxSellWh >= DIV_WH
    ? { round, household: i, side: 'sell', energyWh: seat.maxSellWh, price }
    : { round, household: i, side: 'buy', energyWh: DIV_WH, price };
}

describe("people's orders in the decision phase", () => {
  it('begin then finish with no people is exactly step', () => {
    const a = createSimulation(scenario);
    const b = createSimulation(scenario);
    while (!a.done) {
      const ra = a.step();
      b.begin();
      const rb = b.finish([]);
      expect(JSON.stringify(rb)).toBe(JSON.stringify(ra));
    }
  });

  it("a person's order takes its household's place, marked, and the other orders stay the agents'", () => {
    const agents = createSimulation(scenario);
    const sim = createSimulation(scenario);
    for (let t = 0; t < 30; t++) {
      agents.step();
      sim.step();
    }
    const agentRound = agents.begin();
    const o = orderFor(sim, 3, 30);
    const r = sim.finish([o]);
    const mine = r.orders.filter((x) => x.person);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ agent: 3, side: o.side, energyWh: o.energyWh, price: o.price });
    const others = r.orders.filter((x) => x.agent !== 3).map(({ id: _, ...rest }) => rest);
    const agentOthers = agentRound.agentOrders
      .filter((x) => x.agent !== 3)
      .map(({ id: _, ...rest }) => rest);
    expect(others).toEqual(agentOthers);
    expect(r.orders.map((x) => x.id)).toEqual(r.orders.map((_, k) => k));
    expect(r.orders.filter((x) => x.agent !== 3).every((x) => x.person === undefined)).toBe(true);
  });

  it('the seat shows the battery, forecast, limits and the agent suggestion', () => {
    const sim = createSimulation(scenario);
    for (let t = 0; t < 12; t++) sim.step();
    const open = sim.begin();
    for (let i = 0; i < scenario.households; i++) {
      const seat = open.seat(i);
      expect(seat.netWh).toBe(seat.batteryWh - seat.forecastWh);
      expect(seat.maxSellWh % DIV_WH).toBe(0);
      expect(seat.maxSellWh).toBeLessThanOrEqual(Math.max(0, seat.netWh));
      expect(seat.netWh + seat.maxBuyWh).toBeGreaterThanOrEqual(scenario.batteryCapacityWh);
      expect(seat.netWh + seat.maxBuyWh).toBeLessThan(scenario.batteryCapacityWh + DIV_WH);
      expect(seat.suggestion).toEqual(open.agentOrders.find((x) => x.agent === i) ?? null);
    }
    expect(() => open.seat(scenario.households)).toThrow(RangeError);
  });

  it('refuses an order it cannot take, naming the field, and the round stays open', () => {
    const sim = createSimulation(scenario);
    for (let t = 0; t < 12; t++) sim.step();
    const good = orderFor(sim, 2, 12);
    const live = sim.liveParams();
    const bad: [Partial<PersonOrder>, string][] = [
      [{ round: 11 }, 'people[0].round'],
      [{ household: 8 }, 'people[0].household'],
      [{ energyWh: 150 }, 'people[0].energyWh'],
      [{ energyWh: 0 }, 'people[0].energyWh'],
      [{ energyWh: 1_000_000 }, 'people[0].energyWh'],
      [{ price: live.priceMax + 1 }, 'people[0].price'],
      [{ price: live.priceMin - 1 }, 'people[0].price'],
      [{ side: 'hold' as 'buy' }, 'people[0].side'],
    ];
    for (const [change, field] of bad) {
      let caught: unknown;
      try {
        sim.finish([{ ...good, ...change }]);
      } catch (e) {
        caught = e;
      }
      expect(caught, field).toBeInstanceOf(PersonOrderError);
      expect((caught as PersonOrderError).field).toBe(field);
      expect((caught as Error).message).toContain('allowed:');
    }
    expect(() => sim.finish([good, good])).toThrow(/one order per household per round/);
    expect(() => sim.begin()).toThrow(/begun and not finished/);
    const r = sim.finish([good]);
    expect(r.round).toBe(12);
    expect(r.orders.some((x) => x.person && x.agent === 2)).toBe(true);
  });

  it('cuts a buy to what the coins pay at its own price', () => {
    const price = scenario.priceMax;
    // Two 100 Wh units and a bit at the household's price: the order keeps exactly two.
    const poor = resolveScenario({ ...scenario, initCoins: 2 * price + 1 });
    const sim = createSimulation(poor);
    const seat = sim.begin().seat(0);
    expect(seat.maxBuyWh).toBeGreaterThan(2 * DIV_WH);
    const r = sim.finish([{ round: 0, household: 0, side: 'buy', energyWh: seat.maxBuyWh, price }]);
    expect(r.orders.find((x) => x.person)).toMatchObject({ agent: 0, energyWh: 2 * DIV_WH });
  });

  it('a replay with the run’s people orders repeats it; without them it is the agents’ run', () => {
    const run = createRun(scenario);
    const seen: RoundResult[] = [];
    while (!run.done) {
      const open = run.begin();
      const t = open.round;
      const people: PersonOrder[] = [];
      if (t % 5 === 0) {
        const seat = open.seat(1);
        const price = open.params.priceMin;
        if (seat.maxSellWh >= DIV_WH) {
          people.push({ round: t, household: 1, side: 'sell', energyWh: DIV_WH, price });
        } else if (seat.maxBuyWh >= DIV_WH) {
          people.push({
            round: t,
            household: 1,
            side: 'buy',
            energyWh: DIV_WH,
            price: open.params.priceMax,
          });
        }
      }
      seen.push(run.finish(people));
    }
    expect(run.people.length).toBeGreaterThan(5);
    const again = replayRun(scenario, run.changes, { people: run.people });
    for (const r of seen) expect(JSON.stringify(again.step())).toBe(JSON.stringify(r));
    expect(again.summary()).toEqual(run.summary());

    const agents = replayRun(scenario, run.changes);
    const plain = createRun(scenario);
    while (!agents.done) expect(JSON.stringify(agents.step())).toBe(JSON.stringify(plain.step()));
    expect(agents.summary()).not.toEqual(run.summary());
  });
});
