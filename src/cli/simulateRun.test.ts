import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { booksHash } from '../chain';
import {
  createRun,
  endSummary,
  endSummaryText,
  makeRunFile,
  resolveScenario,
  runFileText,
  type RunFile,
} from '../engine';

const tmp = () => mkdtempSync(join(tmpdir(), 'simulate-run-'));
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    encoding: 'utf8',
    cwd: process.cwd(),
  });

/** A run recorded as the page records it: slider moves mid-run, paused before the end. */
function recordedRun(): { file: RunFile; summary: string; hash: string } {
  const scenario = resolveScenario({ preset: 'exp3', seed: 3, days: 2, households: 8 });
  const run = createRun(scenario);
  while (run.round < 40) {
    if (run.round === 7) run.setLiveParams({ priceMin: 3, priceMax: 7 });
    if (run.round === 20) run.setLiveParams({ batteryThreshold: 0.6 });
    run.step();
  }
  const hash = booksHash(run.simulation.households());
  return {
    file: makeRunFile({
      scenario,
      changes: run.changes,
      rounds: run.round,
      books: { sha256: hash, source: 'engine' },
    }),
    summary: endSummaryText(endSummary(run)),
    hash,
  };
}

describe('simulate --run', () => {
  it('replays a run file to its rounds, printing its end summary and the same books hash', () => {
    const dir = tmp();
    const { file, summary, hash } = recordedRun();
    const path = join(dir, 'run.json');
    writeFileSync(path, runFileText(file));
    const out = cli(['simulate', '--run', path, '--out', join(dir, 'out')]);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(summary);
    expect(out.stdout).toContain('Hours simulated: 40 of 48 (8 households)');
    expect(out.stdout).toContain(`Books hash (engine): ${hash}`);
    expect(out.stdout).toContain("Books hash equals the run file's (engine).");
    // The CSVs hold the rounds replayed, under the moves: round 7 on ran at 3 .. 7.
    const rows = readFileSync(join(dir, 'out', 'rounds.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(rows).toHaveLength(41);
    const summaryJson = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as {
      rounds: number;
    };
    expect(summaryJson.rounds).toBe(40);
  });

  it('exits 1 when the books differ from the file’s, naming both hashes', () => {
    const dir = tmp();
    const { file, hash } = recordedRun();
    const other = `0x${'0'.repeat(64)}`;
    const path = join(dir, 'run.json');
    writeFileSync(path, runFileText({ ...file, books: { sha256: other, source: 'chain' } }));
    const out = cli(['simulate', '--run', path, '--out', join(dir, 'out')]);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain(
      `error: books hash ${hash} differs from the run file's ${other} (chain)`,
    );
  });

  it('refuses a bad file by field and value, and scenario flags beside it, writing nothing', () => {
    const dir = tmp();
    const { file } = recordedRun();
    const path = join(dir, 'run.json');
    const bad = JSON.parse(runFileText(file)) as Record<string, unknown>;
    bad.changes = [{ round: 7, params: { priceMin: 3, priceMax: 2 } }];
    writeFileSync(path, JSON.stringify(bad));
    const out = cli(['simulate', '--run', path, '--out', join(dir, 'out')]);
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(
      /^error: run\.changes\[0\]\.params\.priceMax: got 2; allowed: an integer >= priceMin \(3\)/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);

    writeFileSync(path, runFileText(file));
    const both = cli(['simulate', '--run', path, '--seed', '4', '--out', join(dir, 'out')]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--seed: got "4"; allowed: nothing together with --run');
    const missing = cli(['simulate', '--run', join(dir, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--run: got ".*nope\.json"; allowed: a readable run file/);
  });

  it("replays people's orders in their rounds: the live run's summary and books hash", () => {
    const dir = tmp();
    const scenario = resolveScenario({ preset: 'exp3', seed: 3, days: 2, households: 8 });
    const run = createRun(scenario);
    while (run.round < 30) {
      if (run.round === 7) run.setLiveParams({ priceMin: 3, priceMax: 7 });
      const open = run.begin();
      const seat = open.seat(2);
      run.finish(
        open.round % 2 === 0
          ? [
              seat.maxSellWh >= 100
                ? {
                    round: open.round,
                    household: 2,
                    side: 'sell',
                    energyWh: seat.maxSellWh,
                    price: open.params.priceMin,
                  }
                : {
                    round: open.round,
                    household: 2,
                    side: 'buy',
                    energyWh: 200,
                    price: open.params.priceMax,
                  },
            ]
          : [],
      );
    }
    const hash = booksHash(run.simulation.households());
    const file = makeRunFile({
      scenario,
      changes: run.changes,
      rounds: run.round,
      books: { sha256: hash, source: 'engine' },
      orders: run.people,
    });
    expect(file.orders).toHaveLength(15);
    const path = join(dir, 'run.json');
    writeFileSync(path, runFileText(file));
    const out = cli(['simulate', '--run', path, '--out', join(dir, 'out')]);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(endSummaryText(endSummary(run)));
    expect(out.stdout).toContain(`Books hash (engine): ${hash}`);
    expect(out.stdout).toContain("Books hash equals the run file's (engine).");

    // An order its round cannot take is refused by the file's name for it, and nothing written.
    const k = file.orders.findIndex((o) => o.side === 'buy');
    const bad = {
      ...file,
      orders: file.orders.map((o, i) => (i === k ? { ...o, energyWh: 1_000_000 } : o)),
    };
    writeFileSync(path, runFileText(bad));
    const refused = cli(['simulate', '--run', path, '--out', join(dir, 'bad')]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^error: run\\.orders\\[${k}\\]\\.energyWh: got 1000000; allowed: a positive multiple of 100 Wh up to \\d+ Wh \\(household 2's buy limit this round\\)`,
      ),
    );
    expect(existsSync(join(dir, 'bad'))).toBe(false);
  });

  it("replays README's example run file (examples/run.json) to the books hash it records", () => {
    const dir = tmp();
    const out = cli(['simulate', '--run', 'examples/run.json', '--out', join(dir, 'out')]);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    const file = JSON.parse(readFileSync('examples/run.json', 'utf8')) as RunFile;
    expect(file.changes.length).toBeGreaterThan(0);
    expect(out.stdout).toContain(`Books hash (engine): ${file.books?.sha256 ?? '(none)'}`);
    expect(out.stdout).toContain("Books hash equals the run file's (engine).");
  });
});
