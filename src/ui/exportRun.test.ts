import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRun, makeRunFile, resolveScenario, roundsHeader, runFileText } from '../engine';
import { History } from '../store/history';
import { BatchBuilder } from '../worker/batchBuilder';
import { runToCsv } from './exportRun';

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    cwd: process.cwd(),
  });

/**
 * The page's history of a run as the worker fills it: each round through the batch builder
 * with the run's own figures, batches of uneven size, slider moves mid-run.
 */
function pageHistory(preset: 'exp3' | 'exp4', seed: number) {
  const scenario = resolveScenario({ preset, seed, days: 2, households: 8 });
  const run = createRun(scenario);
  const builder = new BatchBuilder(scenario.households);
  const history = new History(run.totalRounds, scenario.households);
  while (!run.done) {
    if (run.round === 7) run.setLiveParams({ priceMin: 3, priceMax: 7 });
    if (run.round === 20) run.setLiveParams({ batteryThreshold: 0.6, gridFeedInPrice: 2 });
    const r = run.step();
    builder.add(r, run.figures ?? undefined);
    if (run.round % 5 === 0 || run.done) history.append(builder.take()!);
  }
  const file = makeRunFile({
    scenario,
    changes: run.changes,
    rounds: run.round,
    books: null,
  });
  return { history, file };
}

describe("the page's CSV export", () => {
  it.each([
    ['exp3', 3],
    ['exp4', 11],
  ] as const)(
    "is the CLI's rounds.csv for the same run, byte for byte (%s seed %i)",
    (preset, seed) => {
      const { history, file } = pageHistory(preset, seed);
      const dir = mkdtempSync(join(tmpdir(), 'page-csv-'));
      const path = join(dir, 'run.json');
      writeFileSync(path, runFileText(file));
      const out = cli(['simulate', '--run', path, '--out', join(dir, 'out')]);
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      const cliCsv = readFileSync(join(dir, 'out', 'rounds.csv'), 'utf8');
      const pageCsv = runToCsv(history);
      expect(pageCsv.split('\n')[0]).toBe(roundsHeader());
      expect(pageCsv.split('\n')).toHaveLength(1 + 48 + 1);
      // Trades happened and some hours had none, so empty cells and decimals are both covered.
      expect(cliCsv).toMatch(/,,/);
      expect(pageCsv).toBe(cliCsv);
    },
  );
});
