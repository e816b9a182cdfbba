import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRun, finishRun, replayRun } from './run';
import {
  RUN_FILE_FORMAT,
  RunFileError,
  checkRunFile,
  makeRunFile,
  parseRunFile,
  runFileText,
  engineNote,
  type RunFile,
} from './runFile';
import { endSummary, endSummaryText } from './endSummary';
import type { PersonOrder } from './people';
import { resolveScenario } from './scenario';
import { DIV_WH } from './units';
import { ENGINE_VERSION } from './version';

const scenario = resolveScenario({ preset: 'exp3', seed: 4, days: 3, households: 6 });

/** A run with slider moves, recorded as the page records it. */
function recorded(): { file: RunFile; households: unknown } {
  const run = createRun(scenario);
  while (!run.done) {
    if (run.round === 10) run.setLiveParams({ priceMin: 3, priceMax: 6 });
    if (run.round === 30) run.setLiveParams({ batteryThreshold: 0.5 });
    if (run.round === 50) run.setLiveParams({ gridRetailPrice: 12, gridFeedInPrice: 2 });
    run.step();
  }
  const file = makeRunFile({ scenario, changes: run.changes, rounds: run.round, books: null });
  return { file, households: run.simulation.households() };
}

const valid = (): Record<string, unknown> =>
  JSON.parse(runFileText(recorded().file)) as Record<string, unknown>;

/** The refusal of `value` as a run file, as `field | message`. */
function refusal(value: unknown): string {
  try {
    checkRunFile(value);
  } catch (e) {
    if (e instanceof RunFileError) return `${e.field} | ${e.message}`;
    throw e;
  }
  return 'accepted';
}

describe('a run file', () => {
  it('reads back as written and replays the run exactly, slider moves included', () => {
    const { file, households } = recorded();
    const back = parseRunFile(runFileText(file));
    expect(back).toEqual(file);
    expect(back.changes).toEqual([
      { round: 10, params: { priceMin: 3, priceMax: 6 } },
      { round: 30, params: { batteryThreshold: 0.5 } },
      { round: 50, params: { gridRetailPrice: 12, gridFeedInPrice: 2 } },
    ]);
    const replay = finishRun(replayRun(back.scenario, back.changes));
    expect(replay.simulation.households()).toEqual(households);
    expect(replay.changes).toEqual(back.changes);
    // Without the moves the books differ: the log is what makes the replay exact.
    expect(finishRun(createRun(back.scenario)).simulation.households()).not.toEqual(households);
  });

  it('replays until a person takes over: the recorded changes not made yet are dropped', () => {
    const { file } = recorded();
    const replay = replayRun(file.scenario, file.changes);
    while (replay.round < 20) replay.step();
    expect(replay.replaying).toBe(true);
    expect(replay.stopReplay()).toBe(2);
    expect(replay.replaying).toBe(false);
    replay.setLiveParams({ priceMax: 4 });
    finishRun(replay);
    expect(replay.changes).toEqual([
      { round: 10, params: { priceMin: 3, priceMax: 6 } },
      { round: 20, params: { priceMax: 4 } },
    ]);
  });

  it('records the engine version, which follows package.json', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(ENGINE_VERSION).toBe(pkg.version);
    expect(recorded().file.engine).toBe(ENGINE_VERSION);
    expect(engineNote(recorded().file)).toBeNull();
    expect(engineNote({ ...recorded().file, engine: '0.0.9' })).toMatch(/made with engine 0.0.9/);
  });

  it('takes a scenario as input too (a preset and fields), resolved on reading', () => {
    const f = { ...valid(), scenario: { preset: 'exp3', seed: 4, days: 3, households: 6 } };
    expect(checkRunFile(f).scenario).toEqual(scenario);
  });

  it('refuses each bad field by name, with the value as given and what is allowed', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ format: 'other' }, `format | run.format: got "other"; allowed: "${RUN_FILE_FORMAT}"`],
      [{ version: 2 }, 'version | run.version: got 2; allowed: 1 (the only version'],
      [{ engine: '' }, 'engine | run.engine: got ""'],
      [{ extra: 1 }, 'extra | run.extra: got 1; allowed: one of the run file'],
      [
        { scenario: { ...scenario, households: 0 } },
        'scenario.households | run.scenario.households: got 0; allowed: an integer in [1, 10000]',
      ],
      [{ rounds: 73 }, 'rounds | run.rounds: got 73; allowed: an integer in [0, 72]'],
      [{ rounds: 1.5 }, 'rounds | run.rounds: got 1.5'],
      [
        { books: { sha256: '0x12', source: 'chain' } },
        'books.sha256 | run.books.sha256: got "0x12"',
      ],
      [
        { books: { sha256: `0x${'a'.repeat(64)}`, source: 'disk' } },
        'books.source | run.books.source: got "disk"; allowed: "chain" | "engine"',
      ],
      [{ changes: {} }, 'changes | run.changes: got {}; allowed: a list'],
      [
        {
          changes: [
            { round: 20, params: { priceMin: 2 } },
            { round: 10, params: { priceMin: 3 } },
          ],
        },
        'changes[1].round | run.changes[1].round: got 10; allowed: an integer in [20, 72]',
      ],
      [
        { changes: [{ round: 5, params: {} }] },
        'changes[0].params | run.changes[0].params: got {}',
      ],
      [
        { changes: [{ round: 5, params: { households: 3 } }] },
        'changes[0].params.households | run.changes[0].params.households: got 3; allowed: one of the live parameters',
      ],
      [
        { changes: [{ round: 5, params: { priceMin: 40 } }] },
        // The engine's cross check blames the maximum, and says why.
        'changes[0].params.priceMax | run.changes[0].params.priceMax: got 8; allowed: an integer >= priceMin (40)',
      ],
      [
        { changes: [{ round: 5, params: { gridFeedInPrice: 50 } }] },
        'changes[0].params.gridFeedInPrice | run.changes[0].params.gridFeedInPrice: got 50',
      ],
      [
        { changes: [{ round: 5, params: { batteryThreshold: '0.5' } }] },
        'changes[0].params.batteryThreshold | run.changes[0].params.batteryThreshold: got "0.5"',
      ],
    ];
    for (const [patch, expected] of cases) {
      expect(refusal({ ...valid(), ...patch }), JSON.stringify(patch)).toContain(expected);
    }
    expect(refusal(null)).toContain('(file) | run.(file): got null; allowed: a JSON object');
    expect(refusal([])).toContain('allowed: a JSON object');
  });

  it('checks each change on top of the ones before it, as the sliders are checked', () => {
    // Each alone is fine; together the minimum passes the maximum.
    const changes = [
      { round: 5, params: { priceMax: 4 } },
      { round: 9, params: { priceMin: 5 } },
    ];
    expect(refusal({ ...valid(), changes })).toMatch(/^changes\[1\]\.params\.priceMax /);
  });

  it('refuses prototype keys by name wherever they are, in text and in values', () => {
    const text = runFileText(recorded().file).replace(
      '"params": {',
      '"params": { "__proto__": { "polluted": 1 },',
    );
    expect(() => parseRunFile(text)).toThrow(
      'run.changes[0].params.__proto__: got "__proto__"; allowed: no key named __proto__, constructor or prototype',
    );
    expect(refusal({ ...valid(), scenario: { constructor: 1 } })).toContain(
      'scenario.constructor | run.scenario.constructor: got "constructor"',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses text that is not JSON, saying so', () => {
    expect(() => parseRunFile('{"format": ')).toThrow(
      /run\.\(file\): got "\{\\"format\\": "; allowed: valid JSON/,
    );
  });
});

/**
 * A live run with people: households 1 and 4 placed an order in some rounds (a sell of their
 * whole surplus when there is one, else a buy of one unit, each at a price of the range in force),
 * slider moves between them, stopped before the end as a saved file would be.
 */
function withPeople(): { file: RunFile; households: unknown; summary: string } {
  const run = createRun(scenario);
  while (run.round < 60) {
    if (run.round === 10) run.setLiveParams({ priceMin: 3, priceMax: 6 });
    if (run.round === 30) run.setLiveParams({ batteryThreshold: 0.5 });
    if (run.round % 3 !== 0) {
      run.step();
      continue;
    }
    const open = run.begin();
    const orders: PersonOrder[] = [1, 4].map((i, k) => {
      const seat = open.seat(i);
      const price = k === 0 ? open.params.priceMin : open.params.priceMax;
      return seat.maxSellWh >= DIV_WH
        ? { round: open.round, household: i, side: 'sell', energyWh: seat.maxSellWh, price }
        : { round: open.round, household: i, side: 'buy', energyWh: DIV_WH, price };
    });
    run.finish(orders);
  }
  const file = makeRunFile({
    scenario,
    changes: run.changes,
    rounds: run.round,
    books: null,
    orders: run.people,
  });
  return {
    file,
    households: run.simulation.households(),
    summary: endSummaryText(endSummary(run)),
  };
}

/** `orders` with order `i` changed by `patch`, checked as a file (or replayed, when it reads). */
function orderRefusal(patch: Record<string, unknown>, i = 0): string {
  const { file } = withPeople();
  const orders = file.orders.map((o, k) => (k === i ? { ...o, ...patch } : o));
  const value = { ...(JSON.parse(runFileText(file)) as Record<string, unknown>), orders };
  const read = refusal(value);
  if (read !== 'accepted') return read;
  try {
    finishRun(replayRun(file.scenario, file.changes, { people: checkRunFile(value).orders }));
  } catch (e) {
    if (e instanceof RunFileError) return `${e.field} | ${e.message}`;
    throw e;
  }
  return 'accepted';
}

describe("a run file with people's orders", () => {
  it('reads back and replays to the live run: its books and its end summary', () => {
    const { file, households, summary } = withPeople();
    expect(file.orders).toHaveLength(2 * 20);
    expect(
      file.orders.some((o) => o.side === 'buy') && file.orders.some((o) => o.side === 'sell'),
    ).toBe(true);
    const back = parseRunFile(runFileText(file));
    expect(back).toEqual(file);
    const replay = replayRun(back.scenario, back.changes, { people: back.orders });
    while (replay.round < back.rounds) replay.step();
    expect(replay.simulation.households()).toEqual(households);
    expect(endSummaryText(endSummary(replay))).toBe(summary);
    expect(replay.people).toEqual(back.orders);
    // Without the orders the agents act in their place, and the run is another.
    const agents = replayRun(back.scenario, back.changes);
    while (agents.round < back.rounds) agents.step();
    expect(agents.simulation.households()).not.toEqual(households);
  });

  it('drops the recorded orders ahead when a person takes over, as it drops the changes', () => {
    const { file } = withPeople();
    const replay = replayRun(file.scenario, file.changes, { people: file.orders });
    while (replay.round < 20) replay.step();
    replay.stopReplay();
    while (replay.round < file.rounds) replay.step();
    expect(replay.people).toEqual(file.orders.filter((o) => o.round < 20));
  });

  it('refuses a bad order by its field, the value as given and what is allowed', () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [
        { amountWh: 100 },
        0,
        'orders[0].amountWh | run.orders[0].amountWh: got 100; allowed: only round, household, side, energyWh, price',
      ],
      [
        { round: 60 },
        39,
        'orders[39].round | run.orders[39].round: got 60; allowed: an integer in [57, 59] (orders in round order',
      ],
      [
        { household: 1 },
        1,
        'orders[1].household | run.orders[1].household: got 1; allowed: one order per household per round (household 1 already has one in round 0)',
      ],
      [
        { round: -1 },
        0,
        'orders[0].round | run.orders[0].round: got -1; allowed: an integer in [0, 59]',
      ],
      [
        { round: 2 },
        3,
        'orders[3].round | run.orders[3].round: got 2; allowed: an integer in [3, 59]',
      ],
      [
        { household: 6 },
        0,
        'orders[0].household | run.orders[0].household: got 6; allowed: an integer in [0, 5]',
      ],
      [
        { side: 'hold' },
        0,
        'orders[0].side | run.orders[0].side: got "hold"; allowed: "buy" | "sell"',
      ],
      [
        { energyWh: 150 },
        0,
        'orders[0].energyWh | run.orders[0].energyWh: got 150; allowed: a positive multiple of 100 Wh',
      ],
      [{ energyWh: 0 }, 0, 'orders[0].energyWh | run.orders[0].energyWh: got 0'],
      [
        { price: 9 },
        2,
        "orders[2].price | run.orders[2].price: got 9; allowed: an integer in [2, 8] coins per 100 Wh (round 3's price range)",
      ],
      // Round 12 runs under the move at round 10: 3 .. 6.
      [
        { price: 2 },
        8,
        "orders[8].price | run.orders[8].price: got 2; allowed: an integer in [3, 6] coins per 100 Wh (round 12's price range)",
      ],
      [{ price: 4.5 }, 8, 'orders[8].price | run.orders[8].price: got 4.5'],
    ];
    for (const [patch, i, expected] of cases)
      expect(orderRefusal(patch, i), JSON.stringify(patch)).toContain(expected);
    expect(refusal({ ...valid(), orders: {} })).toContain(
      'orders | run.orders: got {}; allowed: a list of { round, household, side, energyWh, price }',
    );
    expect(refusal({ ...valid(), orders: [7] })).toContain('orders[0] | run.orders[0]: got 7');
  });

  it("refuses in its round an order beyond the household's room, naming the file's order", () => {
    const { file } = withPeople();
    const k = file.orders.findIndex((o) => o.side === 'sell');
    const o = file.orders[k] as PersonOrder;
    expect(orderRefusal({ energyWh: o.energyWh + 10 * DIV_WH }, k)).toContain(
      `orders[${k}].energyWh | run.orders[${k}].energyWh: got ${o.energyWh + 10 * DIV_WH}; allowed: a positive multiple of 100 Wh up to ${o.energyWh} Wh (household ${o.household}'s sell limit this round)`,
    );
  });
});
