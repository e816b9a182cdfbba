import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCommand, compareMechanisms, parseCompareArgs, type CompareResult } from './compare';
import { formatDefinitions, formatTable, writeCompare } from './compareReport';
import { runCommand } from './command';
import { clearingViolations } from '../../test/support/mechanismProperties';
import { gini, type MechanismName } from '../engine';

const ALL: MechanismName[] = ['uniform', 'loyalty', 'pay-as-bid', 'mcafee', 'cda', 'community'];
const small = {
  scenario: { preset: 'exp3' as const },
  auctions: ALL,
  seed: 7,
  days: 3,
  households: 8,
};
const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'compare-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const withoutTiming = (rows: { wallMs: number }[]) => rows.map((r) => ({ ...r, wallMs: 0 }));

describe('gini of coin gains', () => {
  it('is 0 for equal gains, 0.5 for one winner against equal losers, null without trade', () => {
    expect(gini([5, 5, 5])).toBe(0);
    expect(gini([3, -1, -1, -1])).toBeCloseTo(0.5, 12);
    expect(gini([-2, 0, 2])).toBeCloseTo(2 / 3, 12);
    expect(gini([0, 0])).toBeNull();
    expect(gini([])).toBeNull();
  });
});

describe('compare', () => {
  let result: CompareResult;
  let rows: CompareResult['runs'][number]['row'][];
  beforeAll(async () => {
    result = await compareMechanisms(small);
    rows = result.runs.map((r) => r.row);
  });

  it('runs every mechanism on the same households, weather and demand', () => {
    expect(rows.map((r) => r.mechanism)).toEqual(ALL);
    for (const r of rows) {
      expect(r.consumedKWh).toBe(rows[0]!.consumedKWh);
      expect(r.producedKWh).toBe(rows[0]!.producedKWh);
    }
    const weather = (i: number) => result.runs[i]!.rounds.map((x) => x.weather).join();
    for (let i = 1; i < ALL.length; i++) expect(weather(i)).toBe(weather(0));
    // The markets differ: not every mechanism trades the same volume at the same mean price.
    expect(new Set(rows.map((r) => `${r.tradedKWh}/${r.meanPrice}`)).size).toBeGreaterThan(1);
  });

  it('in the simulation, every round of every mechanism is sound and coins are conserved', () => {
    for (const run of result.runs) {
      for (const r of run.rounds) {
        const cleared = {
          mechanism: run.row.mechanism,
          clearingPrice: r.clearingPrice,
          trades: r.trades,
          fills: r.fills,
          auctioneerSurplus: r.auctioneerSurplus,
        };
        expect(clearingViolations(r.orders, cleared)).toEqual([]);
      }
      // Coins only move between households, except McAfee's surplus, kept by the auctioneer.
      const coinDelta = run.households.reduce((s, h) => s + h.coinDelta, 0);
      expect(coinDelta + Math.round(run.row.auctioneerSurplus * 1e6)).toBe(0);
    }
  });

  it('is deterministic for a seed and changes with the seed', async () => {
    expect(withoutTiming((await compareMechanisms(small)).runs.map((r) => r.row))).toEqual(
      withoutTiming(rows),
    );
    const other = (await compareMechanisms({ ...small, seed: 8 })).runs.map((r) => r.row);
    expect(withoutTiming(other)).not.toEqual(withoutTiming(rows));
  });

  it('reports a community rate of the price list middle and McAfee surplus only for McAfee', () => {
    const community = result.runs.find((r) => r.row.mechanism === 'community')!;
    if (community.row.tradedKWh > 0) expect(community.row.meanPrice).toBe(5);
    for (const r of rows) {
      if (r.mechanism !== 'mcafee') {
        expect(r.auctioneerSurplus).toBe(0);
        expect(r.meanBuyerPrice).toBe(r.meanPrice);
      } else {
        expect(r.meanBuyerPrice!).toBeGreaterThanOrEqual(r.meanPrice!);
      }
    }
  });

  it('writes the table, the JSON and per-mechanism CSVs', () => {
    const dir = tmp();
    writeCompare(dir, result);
    const files = readdirSync(dir).sort();
    expect(files).toContain('compare.csv');
    expect(files).toContain('compare.json');
    for (const m of ALL) {
      expect(files).toContain(`rounds-${m}.csv`);
      expect(files).toContain(`households-${m}.csv`);
    }
    // 3 days, netted daily: every netting's balances sum to zero.
    const ledger = readFileSync(join(dir, 'ledger-community.csv'), 'utf8').trim().split('\n');
    const byRound = new Map<string, number>();
    for (const line of ledger.slice(1)) {
      const [round, , , , balance] = line.split(',');
      byRound.set(round!, (byRound.get(round!) ?? 0) + Number(balance));
    }
    expect([...byRound.keys()]).toEqual(['23', '47', '71']);
    expect([...byRound.values()]).toEqual([0, 0, 0]);
    const csv = readFileSync(join(dir, 'compare.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(ALL.length + 1);
    expect(readFileSync(join(dir, 'rounds-cda.csv'), 'utf8').trim().split('\n')).toHaveLength(
      3 * 24 + 1,
    );
    const json = JSON.parse(readFileSync(join(dir, 'compare.json'), 'utf8')) as { seed: number };
    expect(json.seed).toBe(7);
    expect(formatTable(rows).split('\n')).toHaveLength(ALL.length + 2);
    expect(formatTable(rows).split('\n')[0]).toMatch(/\| solar share \| thesis print \|/);
    // Each print is labelled with its definition under the table.
    expect(formatDefinitions().split('\n')).toEqual([
      expect.stringMatching(/^solar share: ours: 1 - gridImportWh \/ consumedWh/),
      expect.stringMatching(/^thesis print: .*producedWh \/ \(gridImportWh \+ producedWh\)/),
    ]);
    const csvHead = csv[0]!.split(',');
    expect(csvHead.slice(0, 3)).toEqual(['mechanism', 'solarShare', 'thesisSolarPrint']);
  });

  it('rejects bad arguments naming the flag, the value and what is allowed', () => {
    expect(() => parseCompareArgs(['--scenario', 'exp9'])).toThrow(
      /--scenario: got "exp9"; allowed: exp1/,
    );
    expect(() => parseCompareArgs(['--scenario', 'exp3', '--auctions', 'uniform,vickrey'])).toThrow(
      /--auctions: got "vickrey"; allowed: uniform,loyalty/,
    );
    expect(() => parseCompareArgs(['--scenario', 'exp3', '--seed', '1.5'])).toThrow(
      /--seed: got "1.5"/,
    );
    expect(() => parseCompareArgs(['--scenario', 'exp3', '--speed', '2'])).toThrow(
      /argument: got "--speed"/,
    );
    expect(
      parseCompareArgs(['--scenario', 'exp2', '--auctions', 'cda,mcafee', '--seed', '3']),
    ).toEqual({
      scenario: { preset: 'exp2' },
      auctions: ['cda', 'mcafee'],
      seed: 3,
    });
  });

  it('reads a scenario file and exits non-zero without writing anything on a bad one', async () => {
    const dir = tmp();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ preset: 'exp3', households: -1 }));
    const out = join(dir, 'out');
    const code = await runCommand(compareCommand, ['--scenario', bad, '--out', out]);
    expect(code).not.toBe(0);
    expect(readdirSync(dir)).toEqual(['bad.json']);
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ preset: 'exp1', days: 1 }));
    expect(parseCompareArgs(['--scenario', good]).scenario).toEqual({ preset: 'exp1', days: 1 });
  });
});
