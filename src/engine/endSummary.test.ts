import { describe, expect, it } from 'vitest';
import { endSummary, endSummaryLines, endSummaryText } from './endSummary';
import { meanPrice } from './figures';
import { createRun, finishRun } from './run';
import { resolveScenario } from './scenario';
import { BASE_PER_COIN } from './units';

describe('the end-of-run summary', () => {
  const run = finishRun(createRun(resolveScenario({ preset: 'exp3', seed: 2, days: 4 })));
  const s = endSummary(run);
  const m = run.summary();

  it('takes every figure from the run summary and its sums', () => {
    expect([s.rounds, s.totalRounds, s.households]).toEqual([96, 96, 20]);
    expect(s.consumedWh).toBe(m.energy.consumedWh);
    expect(s.gridImportWh).toBe(m.energy.gridImportWh);
    expect(s.tradedWh).toBe(m.energy.localTradedWh);
    expect(s.solarShare).toBeCloseTo(m.energy.solarShare, 12);
    expect(s.thesisSolarPrint).toBe(m.thesisPrint.solar);
    expect(s.meanTradePrice).toBe(meanPrice(run.soFar.tradeValue, run.soFar.tradedWh));
    expect(s.modalPriceBin).toBe(m.prices.modal);
    // Trades counted round by round equal the trades the rounds made.
    const again = createRun(resolveScenario({ preset: 'exp3', seed: 2, days: 4 }));
    let trades = 0;
    while (!again.done) trades += again.step().trades.length;
    expect(s.trades).toBe(trades);
    expect(trades).toBeGreaterThan(0);
  });

  it('names who won and who spent most coins, and splits households by panels', () => {
    const deltas = m.households.map((h) => h.coinDelta);
    expect(s.gainedMost?.coins).toBe(Math.max(...deltas));
    expect(s.lostMost?.coins).toBe(Math.min(...deltas));
    expect(m.households[s.gainedMost?.household ?? -1]?.coinDelta).toBe(s.gainedMost?.coins);
    expect(s.prosumers.households + s.consumers.households).toBe(20);
    // Coins only move between households: the groups' gains cancel.
    const total =
      (s.prosumers.meanCoins ?? 0) * s.prosumers.households +
      (s.consumers.meanCoins ?? 0) * s.consumers.households;
    expect(Math.abs(total)).toBeLessThan(1e-6 * BASE_PER_COIN);
  });

  it('writes the same lines every time, locale-free', () => {
    const lines = endSummaryLines(s);
    expect(lines.map((l) => l.key)).toEqual([
      'hours',
      'solarShare',
      'thesisPrint',
      'energy',
      'grid',
      'trades',
      'prices',
      'gainedMost',
      'lostMost',
      'prosumers',
      'consumers',
    ]);
    expect(lines[0]?.value).toBe('96 of 96 (20 households)');
    expect(lines[1]?.value).toBe(`${((s.solarShare ?? 0) * 100).toFixed(2)} %`);
    expect(endSummaryText(s)).toContain(`Trades: ${s.trades}\n`);
    expect(endSummaryText(s)).not.toMatch(/\d,\d{3}/);
  });

  it('says so before anything happened', () => {
    const fresh = endSummary(createRun(resolveScenario({ preset: 'exp1', days: 1 })));
    const text = endSummaryText(fresh);
    expect(text).toContain('Hours simulated: 0 of 24');
    expect(text).toContain('Prices: no trades');
    expect(text).toContain('Solar share of consumption (ours): none (nothing flowed)');
  });
});
