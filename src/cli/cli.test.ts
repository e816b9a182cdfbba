import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './command';
import { clearBook, parseBook, runClearCommand } from './clear';
import { parseSimulateArgs, runSimulate } from './simulate';
import { MECHANISM_NAMES, ScenarioError } from '../engine';

const tmp = () => mkdtempSync(join(tmpdir(), 'cli-test-'));

function usageError(fn: () => unknown): UsageError | ScenarioError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('clear', () => {
  const book = {
    orders: [
      { id: 1, agent: 0, side: 'buy', energyWh: 300, price: 7 },
      { id: 2, agent: 1, side: 'buy', energyWh: 200, price: 4 },
      { id: 3, agent: 2, side: 'sell', energyWh: 400, price: 3, loyalty: 1.5 },
      { id: 4, agent: 3, side: 'sell', energyWh: 300, price: 6 },
    ],
  };

  it('clears a book and reports trades and statuses per order', () => {
    const out = clearBook('uniform', parseBook(JSON.stringify(book), 'book.json'));
    expect(out.mechanism).toBe('uniform');
    expect(out.clearingPrice).toBe(3.5);
    expect(out.trades.map((t) => [t.buyOrder, t.sellOrder, t.energyWh, t.price])).toEqual([
      [1, 3, 300, 3.5],
      [2, 3, 100, 3.5],
    ]);
    expect(out.orders).toEqual([
      { id: 1, approvedWh: 300, returnedWh: 0, rejectedWh: 0 },
      { id: 2, approvedWh: 100, returnedWh: 100, rejectedWh: 0 },
      { id: 3, approvedWh: 400, returnedWh: 0, rejectedWh: 0 },
      { id: 4, approvedWh: 0, returnedWh: 0, rejectedWh: 300 },
    ]);
    const loyal = clearBook('loyalty', parseBook(JSON.stringify(book), 'book.json'));
    // Seller loyalty 1.5 vs buyer 1.0: (3 * 1 + 7 * 1.5) / 2.5 = 5.4
    expect(loyal.trades[0]?.price).toBe(5.4);
  });

  it('names field, value and what is allowed for bad books and flags', () => {
    const bad = (orders: unknown) => usageError(() => parseBook(JSON.stringify({ orders }), 'b'));
    expect(bad([{ id: 1, agent: 0, side: 'buy', energyWh: 150, price: 3 }]).message).toMatch(
      /orders\[0\]\.energyWh: got 150; allowed: a positive multiple of 100/,
    );
    expect(bad([{ id: 1, agent: 0, side: 'bid', energyWh: 100, price: 3 }]).field).toBe(
      'orders[0].side',
    );
    expect(bad([{ id: 1, agent: 0, side: 'buy', energyWh: 100, price: 3, colour: 1 }]).field).toBe(
      'orders[0].colour',
    );
    expect(bad('nope').field).toBe('orders');
    expect(usageError(() => parseBook('{', 'b.json')).message).toMatch(/--input.*valid JSON/);
    expect(
      usageError(() => runClearCommand(['--mechanism', 'dutch', '--input', 'x'])).message,
    ).toMatch(/--mechanism: got "dutch"; allowed: uniform \| loyalty/);
    expect(usageError(() => runClearCommand(['--mechanism', 'uniform'])).field).toBe('--input');
  });
});

describe('clear at sizes past 32 bits', () => {
  it('reports every order of a 3e11 Wh book exactly, for every mechanism', () => {
    const wh = 300_000_000_000; // 3e9 units of 100 Wh: past 2^31
    const text = JSON.stringify({
      orders: [
        { id: 1, agent: 0, side: 'buy', energyWh: wh, price: 7 },
        { id: 2, agent: 1, side: 'sell', energyWh: wh, price: 3 },
      ],
    });
    for (const m of MECHANISM_NAMES) {
      for (const o of clearBook(m, parseBook(text, 'big.json')).orders) {
        expect(
          [o.approvedWh, o.returnedWh, o.rejectedWh].every((x) => x >= 0),
          m,
        ).toBe(true);
        expect(o.approvedWh + o.returnedWh + o.rejectedWh, m).toBe(wh);
      }
    }
    expect(clearBook('uniform', parseBook(text, 'big.json')).orders[0]?.approvedWh).toBe(wh);
  });
});

describe("the README's example files", () => {
  it('are a book that clears and a scenario that resolves', () => {
    const book = readFileSync('examples/book.json', 'utf8');
    expect(clearBook('uniform', parseBook(book, 'examples/book.json')).trades.length).toBe(2);
    expect(parseSimulateArgs(['--scenario', 'examples/scenario.json']).scenario).toMatchObject({
      name: 'my-scenario',
      households: 12,
      days: 7,
      batteryThreshold: 0.6,
    });
  });
});

describe('simulate', () => {
  it('parses flags over a preset and rejects bad ones by name', () => {
    const a = parseSimulateArgs([
      '--scenario',
      'exp3',
      '--seed',
      '9',
      '--days',
      '2',
      '--households',
      '5',
    ]);
    expect(a.scenario).toMatchObject({ name: 'exp3', seed: 9, days: 2, households: 5 });
    expect(a.out).toBe('runs/exp3-seed9');
    const v = parseSimulateArgs(['--scenario', 'exp2', '--variant', 'thesis-code']).scenario;
    expect(v.weather.shares.sunny).toBe(0.4);
    expect([v.auction, v.thesisCode.faults]).toEqual(['thesis-simple', true]);
    const f = parseSimulateArgs(['--scenario', 'exp3', '--variant', 'thesis-code-fixed']).scenario;
    expect([f.auction, f.thesisCode.faults]).toEqual(['thesis-loyal', false]);
    // The code's coin top-ups cannot settle on chain: refused before anything is written.
    const onChain = usageError(() =>
      parseSimulateArgs([
        '--scenario',
        'exp3',
        '--variant',
        'thesis-code',
        '--rpc',
        'http://127.0.0.1:1',
      ]),
    );
    expect([onChain.field, onChain.message]).toEqual([
      '--rpc',
      expect.stringMatching(/coins.whenShort.*cap-order/),
    ]);
    expect(
      usageError(() => parseSimulateArgs(['--scenario', 'exp2', '--variant', 'x'])).field,
    ).toBe('variant');
    expect(usageError(() => parseSimulateArgs(['--scenario', 'exp3', '--days', 'x'])).field).toBe(
      '--days',
    );
    expect(usageError(() => parseSimulateArgs(['--scenario', 'exp7'])).field).toBe('--scenario');
    expect(
      usageError(() => parseSimulateArgs(['--scenario', 'exp2', '--auction', 'dutch'])).field,
    ).toBe('--auction');
    expect(usageError(() => parseSimulateArgs(['--scenario', 'exp2', '--speed', '3'])).field).toBe(
      'argument',
    );
    expect(usageError(() => parseSimulateArgs([])).field).toBe('--scenario');
  });

  it('reads scenario files and names bad fields in them', () => {
    const dir = tmp();
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ preset: 'exp2', households: 4, days: 1, name: 'mine' }));
    expect(parseSimulateArgs(['--scenario', good]).scenario).toMatchObject({
      name: 'mine',
      households: 4,
    });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ households: 4, batteryThreshold: 2 }));
    const e = usageError(() => parseSimulateArgs(['--scenario', bad]));
    expect(e.field).toBe('batteryThreshold');
    expect(e.message).toMatch(/got 2; allowed: a number in \[0, 1\]/);
    // Prototype keys anywhere are refused by name, and nothing is polluted.
    for (const [text, key, path] of [
      ['{"__proto__": {"toString": 1}}', '__proto__', '__proto__'],
      [
        '{"preset": "exp2", "weather": {"constructor": {"prototype": 1}}}',
        'constructor',
        'weather.constructor',
      ],
      ['{"pv": {"areasM2": [1, {"prototype": 2}]}}', 'prototype', 'pv.areasM2[1].prototype'],
    ] as const) {
      const f = join(dir, 'proto.json');
      writeFileSync(f, text);
      const refused = usageError(() => parseSimulateArgs(['--scenario', f]));
      expect(refused.field).toBe('--scenario');
      expect(refused.message).toContain(
        `a scenario file without prototype keys ("${key}" at ${path}:`,
      );
    }
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
  });

  it('writes summary.json, rounds.csv and households.csv with headers', async () => {
    const args = parseSimulateArgs(['--scenario', 'exp3', '--days', '2', '--households', '4']);
    const scenario = args.scenario;
    const dir = join(tmp(), 'out');
    const progress: number[] = [];
    const printed: string[] = [];
    const code = await runSimulate(args, dir, null, {
      out: (s) => void printed.push(s),
      err: (s) => void printed.push(s),
      progress: (done) => void progress.push(done),
    });
    expect(code).toBe(0);
    expect(progress).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    expect(printed.join('')).toMatch(/wrote .*summary\.json/);
    expect(readdirSync(dir).sort()).toEqual(['households.csv', 'rounds.csv', 'summary.json']);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.scenario).toEqual(scenario);
    expect(summary.coinDecimals).toBe(6);
    expect(Object.keys(summary.energy).sort()).toEqual(
      [
        'carbonShare',
        'consumedWh',
        'definitions',
        'gridExportWh',
        'gridImportWh',
        'localTradedWh',
        'producedWh',
        'solarShare',
        'thesisCarbonPrint',
        'thesisSolarPrint',
        'thesisTotalWh',
      ].sort(),
    );
    // Both prints by their own definitions: ours over consumption, the thesis's over production
    // plus grid purchases (its tables 5.2-5.4).
    const e = summary.energy;
    expect(e.solarShare).toBeCloseTo(1 - e.gridImportWh / e.consumedWh, 12);
    expect(e.thesisTotalWh).toBe(e.gridImportWh + e.producedWh);
    expect(e.thesisSolarPrint).toBeCloseTo(e.producedWh / e.thesisTotalWh, 12);
    expect(e.thesisCarbonPrint).toBeCloseTo(e.gridImportWh / e.thesisTotalWh, 12);
    expect(Object.keys(e.definitions).sort()).toEqual(
      [
        'carbonShare',
        'solarShare',
        'thesisCarbonPrint',
        'thesisSolarPrint',
        'thesisTotalWh',
      ].sort(),
    );
    expect(summary.households).toHaveLength(4);
    const h0 = summary.households[0];
    expect(h0.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect(h0.address).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8'); // dev mnemonic index 1
    expect(h0.coinBalance).toMatch(/^-?\d+$/);
    expect(h0.moneyBalance).toMatch(/^-?\d+$/);
    expect(typeof summary.timing.wallMs).toBe('number');
    const rounds = readFileSync(join(dir, 'rounds.csv'), 'utf8').trim().split('\n');
    expect(rounds[0]).toMatch(/^round,day,hour,weather,clearingPrice,/);
    expect(rounds).toHaveLength(49);
    // The last row's cumulative prints are the run's.
    const head = (rounds[0] as string).split(',');
    const last = (rounds[48] as string).split(',');
    const at = (col: string) => Number(last[head.indexOf(col)]);
    expect(at('solarShareSoFar')).toBeCloseTo(e.solarShare, 6);
    expect(at('thesisSolarPrintSoFar')).toBeCloseTo(e.thesisSolarPrint, 6);
    const hh = readFileSync(join(dir, 'households.csv'), 'utf8').trim().split('\n');
    expect(hh[0]).toMatch(/^round,day,hour,household,/);
    expect(hh).toHaveLength(1 + 48 * 4);
  });

  it('runs as a command: exit 2 and nothing written on bad input, files on good input', () => {
    const dir = tmp();
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
        encoding: 'utf8',
        cwd: process.cwd(),
      });
    const bad = cli(['simulate', '--scenario', 'exp2', '--days', '0', '--out', join(dir, 'bad')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--days: got "0"; allowed: an integer in \[1, 3650\]/);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
    const good = cli(['simulate', '--scenario', 'exp1', '--days', '1', '--out', join(dir, 'good')]);
    expect(good.status).toBe(0);
    expect(good.stderr).not.toMatch(/\[#/); // no progress bar when not a TTY
    expect(readdirSync(join(dir, 'good')).sort()).toEqual([
      'households.csv',
      'rounds.csv',
      'summary.json',
    ]);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    const unknown = cli(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(
      /command: got "frobnicate"; allowed: simulate \| clear \| compare/,
    );
    expect(unknown.stderr).toMatch(/^Commands:$/m);
  });
});
