import { describe, expect, it } from 'vitest';
import { checkRunFile, createRun, endSummary, makeRunFile, resolveScenario } from '../engine';
import { History } from './history';
import { inputOf, linkOfRun, openedOfLink, runFileOf, type RunState } from './runRecord';
import { linkQuery, parseLink } from './url';

const HASH = `0x${'ab'.repeat(32)}`;

describe("the share link's run", () => {
  it('carries the change log, rounds and books hash and reads them back as a run file would', () => {
    const scenario = { preset: 'exp3' as const, seed: 5 };
    const changes = [
      { round: 30, params: { priceMin: 3, priceMax: 6 } },
      { round: 30, params: { batteryThreshold: 0.45 } },
      { round: 200, params: { gridFeedInPrice: 2.5 } },
    ];
    const q = linkQuery({
      view: 'dashboard',
      scenario,
      auctions: [],
      run: { changes, rounds: 240, books: { sha256: HASH, source: 'chain' }, engine: '0.1.0' },
    });
    expect(q).toContain(
      'changes=30:priceMin=3,priceMax=6;30:batteryThreshold=0.45;200:gridFeedInPrice=2.5',
    );
    const back = parseLink(`?${q}`);
    expect(back.problems).toEqual([]);
    expect(back.run).toEqual({
      changes,
      rounds: 240,
      books: { sha256: HASH, source: 'chain' },
      engine: '0.1.0',
    });
    const opened = openedOfLink(back.scenario, back.run);
    expect(opened?.rounds).toBe(240);
  });

  it('names a change log it cannot use and opens without it, keeping the scenario', () => {
    const bad = parseLink('?preset=exp3&seed=2&changes=10:priceMin=9,priceMax=4&rounds=50');
    expect(bad.run?.changes).toEqual([]);
    expect(bad.run?.rounds).toBe(50);
    expect(bad.problems.map((p) => p.param)).toEqual(['changes']);
    expect(bad.problems[0]?.message).toContain('changes[0].params.priceMax: got 4');
    expect(resolveScenario(bad.scenario).seed).toBe(2);

    const words = parseLink('?preset=exp3&changes=10:coins=4&rounds=abc&books=0x12');
    expect(words.problems.map((p) => p.param).sort()).toEqual(['books', 'changes', 'rounds']);
    expect(words.problems.find((p) => p.param === 'changes')?.message).toContain('coins=4');
    expect(words.run).toEqual({ changes: [], rounds: null, books: null, engine: null });
    // No run part: no run.
    expect(parseLink('?preset=exp3').run).toBeUndefined();
  });

  it('is exact for a preset and its fields, and says to save the file when the scenario holds more', () => {
    const state = (input: Record<string, unknown>, playing = false): RunState => {
      const scenario = resolveScenario(input);
      const history = new History(scenario.days * 24, scenario.households);
      return {
        scenario,
        scenarioInput: input,
        changes: [{ round: 0, params: { priceMin: 2 } }],
        history,
        chain: { reconciled: null } as RunState['chain'],
        standing: {
          run: 1,
          rounds: 0,
          engineBooksHash: HASH,
          summary: endSummary(createRun(scenario)),
          replayEnded: false,
          peopleOrders: [],
        },
        peopleOrders: [],
        playing,
        opened: null,
        replayNote: null,
      };
    };
    const link = linkOfRun(state({ preset: 'exp3', seed: 4 }));
    expect(link.exact).toBe(true);
    expect(link.query).toContain('changes=0:priceMin=2');
    expect(link.query).toContain(`books=${HASH}&source=engine`);
    // While playing, where it stops is not known yet: the replay plays to the end.
    expect(linkOfRun(state({ preset: 'exp3' }, true)).query).not.toContain('rounds=');

    const loyalty = resolveScenario({ preset: 'exp3' }).loyalty;
    const more = linkOfRun(state({ preset: 'exp3', loyalty: { ...loyalty, start: 2 } }));
    expect(more.exact).toBe(false);
    expect(more.note).toContain('save the run file');
    expect(more.query).not.toContain('changes=');
  });

  it("opens a file's resolved scenario as its preset and fields when they resolve to it exactly", () => {
    const s = resolveScenario({ preset: 'exp2', seed: 9, households: 7 });
    const file = checkRunFile(
      JSON.parse(JSON.stringify(makeRunFile({ scenario: s, changes: [], rounds: 0, books: null }))),
    );
    const input = inputOf(file.scenario);
    expect(input).toMatchObject({ preset: 'exp2', seed: 9, households: 7 });
    expect(resolveScenario(input)).toEqual(s);
    const odd = resolveScenario({ preset: 'exp2', initEnergyMinWh: 0 });
    expect(inputOf(odd)).toBe(odd);
  });
});

describe("the run file's people's orders", () => {
  // A stand-in for the page's history: the run file reads only how many rounds it shows.
  const shown = (rounds: number): History => ({ length: rounds }) as unknown as History;
  const orders = [
    { round: 1, household: 3, side: 'buy' as const, energyWh: 200, price: 4 },
    { round: 2, household: 10, side: 'sell' as const, energyWh: 100, price: 5 },
    // Cleared by the worker but not yet shown on the page: not in a file of the rounds shown.
    { round: 3, household: 3, side: 'sell' as const, energyWh: 100, price: 6 },
  ];
  const state = (): RunState => {
    const scenario = resolveScenario({ preset: 'exp3', seed: 2 });
    return {
      scenario,
      scenarioInput: { preset: 'exp3', seed: 2 },
      changes: [],
      history: shown(3),
      chain: { reconciled: null } as RunState['chain'],
      standing: null,
      peopleOrders: orders,
      playing: false,
      opened: null,
      replayNote: null,
    };
  };

  it('records the orders of the rounds shown, which the reader accepts back', () => {
    const file = runFileOf(state());
    expect(file?.orders).toEqual(orders.slice(0, 2));
    expect(checkRunFile(JSON.parse(JSON.stringify(file))).orders).toEqual(orders.slice(0, 2));
  });

  it('is not shared as an exact link, which cannot carry them, and says to save the file', () => {
    const link = linkOfRun(state());
    expect(link.exact).toBe(false);
    expect(link.note).toContain('2 orders placed by people');
    expect(link.query).not.toContain('changes=');
  });
});
