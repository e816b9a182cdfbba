import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RUN_FIGURE_KEYS, createRun, finishRun, resolveScenario } from '../engine';
import { runCommand } from './command';
import { sweepCommand, sweepMergeCommand } from './sweep';
import { SWEEP_FILES } from './sweepOutput';
import { pairedDifferences, percentileOf, summarize } from './sweepStats';

const tmp = () => mkdtempSync(join(tmpdir(), 'sweep-test-'));

/** A small sweep: 2 mechanisms x 2 threshold values x 4 seeds of exp1 (16 runs). */
const SMALL = [
  '--scenario',
  'exp1',
  '--auctions',
  'loyalty,uniform',
  '--seeds',
  '3-6',
  '--set',
  'batteryThreshold=0.1,0.3',
];

async function cli(
  command: typeof sweepCommand,
  argv: string[],
): Promise<{ code: number; err: string }> {
  let err = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return { code: await runCommand(command, argv), err };
  } finally {
    spy.mockRestore();
    out.mockRestore();
  }
}

const files = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

afterEach(() => vi.restoreAllMocks());

describe('sweep', () => {
  it('writes the same bytes on 1 worker, on 2 workers and as 3 shards merged', async () => {
    const root = tmp();
    const one = join(root, 'one');
    const two = join(root, 'two');
    expect((await cli(sweepCommand, [...SMALL, '--workers', '1', '--out', one])).code).toBe(0);
    expect((await cli(sweepCommand, [...SMALL, '--workers', '2', '--out', two])).code).toBe(0);
    const parts = [1, 2, 3].map((k) => join(root, `part${k}`));
    for (const [i, dir] of parts.entries()) {
      // Threads for one part, this thread for the others: either way the same rows.
      const r = await cli(sweepCommand, [
        ...SMALL,
        '--workers',
        i === 0 ? '2' : '1',
        '--shard',
        `${i + 1}/3`,
        '--out',
        dir,
      ]);
      expect(r.code).toBe(0);
    }
    // A shard holds only its own runs: every third, starting at its k.
    const part2 = readFileSync(join(parts[1] as string, 'runs.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(part2.slice(1).map((l) => Number(l.split(',')[0]))).toEqual([1, 4, 7, 10, 13]);
    const merged = join(root, 'merged');
    // Parts in any order merge to the same files.
    const m = await cli(sweepMergeCommand, [parts[2]!, parts[0]!, parts[1]!, '--out', merged]);
    expect(m.code).toBe(0);

    const a = files(one);
    expect(Object.keys(a).sort()).toEqual([...SWEEP_FILES].sort());
    expect(files(two)).toEqual(a);
    expect(files(merged)).toEqual(a);

    const rows = a['runs.csv']!.trim().split('\n');
    expect(rows).toHaveLength(1 + 16);
    expect(rows[0]).toBe(
      [
        'run',
        'variant',
        'auction',
        'mechanism',
        'batteryThreshold',
        'seed',
        ...RUN_FIGURE_KEYS,
      ].join(','),
    );
    // Row 5 is cell 1 (loyalty, threshold 0.3) at seed 4: the same figures as that run alone.
    const row5 = rows[6]!.split(',');
    expect(row5.slice(0, 6)).toEqual(['5', 'default', 'loyalty', 'loyalty', '0.3', '4']);
    const alone = finishRun(
      createRun(resolveScenario({ preset: 'exp1', seed: 4, batteryThreshold: 0.3 })),
    );
    const traded = RUN_FIGURE_KEYS.indexOf('tradedKWh');
    expect(Number(row5[6 + traded])).toBe(alone.summary().energy.localTradedWh / 1000);
    // The summary has a line per cell and figure, the paired file one per threshold and figure.
    expect(a['summary.csv']!.trim().split('\n')).toHaveLength(1 + 4 * RUN_FIGURE_KEYS.length);
    expect(a['paired.csv']!.trim().split('\n')).toHaveLength(1 + 2 * RUN_FIGURE_KEYS.length);
  });

  it('names the mechanism asked for and the one run: thesis-code runs its own clearings', async () => {
    const out = join(tmp(), 'out');
    const argv = ['--scenario', 'exp1', '--variants', 'default,thesis-code'];
    argv.push('--auctions', 'loyalty,uniform,mcafee', '--seeds', '1', '--workers', '1');
    expect((await cli(sweepCommand, [...argv, '--out', out])).code).toBe(0);
    const f = files(out);
    const table = (name: string): string[][] =>
      f[name]!.trim()
        .split('\n')
        .map((l) => l.split(','));
    // Row 31: loyalty -> thesis-loyal, uniform -> thesis-simple; mcafee is kept.
    expect(table('runs.csv').map((r) => r.slice(1, 4))).toEqual([
      ['variant', 'auction', 'mechanism'],
      ['default', 'loyalty', 'loyalty'],
      ['default', 'uniform', 'uniform'],
      ['default', 'mcafee', 'mcafee'],
      ['thesis-code', 'loyalty', 'thesis-loyal'],
      ['thesis-code', 'uniform', 'thesis-simple'],
      ['thesis-code', 'mcafee', 'mcafee'],
    ]);
    const summary = table('summary.csv');
    expect(summary[0]!.slice(0, 4)).toEqual(['variant', 'auction', 'mechanism', 'figure']);
    expect(summary.filter((r) => r[3] === 'tradedKWh').map((r) => r.slice(0, 3))).toEqual(
      table('runs.csv')
        .slice(1)
        .map((r) => r.slice(1, 4)),
    );
    const paired = table('paired.csv');
    expect(paired[0]!.slice(0, 5)).toEqual(['variant', 'a', 'b', 'aMechanism', 'bMechanism']);
    expect(paired.find((r) => r[0] === 'thesis-code' && r[5] === 'tradedKWh')!.slice(1, 5)).toEqual(
      ['loyalty', 'uniform', 'thesis-loyal', 'thesis-simple'],
    );
  });

  it('merge refuses parts of different sweeps and an incomplete set of shards', async () => {
    const root = tmp();
    const p1 = join(root, 'p1');
    const p2 = join(root, 'p2');
    const other = join(root, 'other');
    await cli(sweepCommand, [...SMALL, '--workers', '1', '--shard', '1/2', '--out', p1]);
    await cli(sweepCommand, [...SMALL, '--workers', '1', '--shard', '2/2', '--out', p2]);
    const otherArgs = [...SMALL.slice(0, 5), '3-7', ...SMALL.slice(6)];
    await cli(sweepCommand, [...otherArgs, '--workers', '1', '--shard', '2/2', '--out', other]);
    const missing = await cli(sweepMergeCommand, [p1, '--out', join(root, 'm1')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/missing: 2\/2/);
    const mixed = await cli(sweepMergeCommand, [p1, other, '--out', join(root, 'm2')]);
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/same sweep/);
    const twice = await cli(sweepMergeCommand, [p1, p1, p2, '--out', join(root, 'm3')]);
    expect(twice.err).toMatch(/shard 1\/2 twice/);
    expect(existsSync(join(root, 'm1'))).toBe(false);
  });

  describe('bad input exits 2, names it, and writes nothing', () => {
    const cases: [string, string[], RegExp][] = [
      [
        'unknown parameter',
        ['--set', 'batteryThreshhold=0.1'],
        /--set key: got "batteryThreshhold"; allowed: one of the known fields/,
      ],
      [
        'unknown mechanism',
        ['--auctions', 'loyalty,dutch'],
        /--auctions: got "dutch"; allowed: .*uniform/,
      ],
      ['unknown variant', ['--variants', 'thesis'], /--variants: got "thesis"; allowed: default/],
      ['reversed seed range', ['--seeds', '9-3'], /--seeds: got "9-3".*reversed/],
      ['empty seed range', ['--seeds', '-'], /--seeds: got "-"/],
      ['a seed that is no integer', ['--seeds', '1-2.5'], /--seeds: got "1-2.5"/],
      [
        'value out of range',
        ['--set', 'batteryThreshold=0.1,1.5'],
        /--set batteryThreshold: got "1.5"; allowed: .*\[0, 1\]/,
      ],
      [
        'a rule between fields',
        ['--set', 'priceMin=2,9'],
        /cell default loyalty priceMin=9: scenario.priceMax/,
      ],
      ['a key with its own flag', ['--set', 'seed=1,2'], /--set: got "seed".*--seeds/],
      [
        'shard 4/3',
        ['--shard', '4/3'],
        /--shard: got "4\/3"; allowed: k\/n with integers 1 <= k <= n/,
      ],
      ['shard 0/3', ['--shard', '0/3'], /--shard: got "0\/3"/],
      ['workers 0', ['--workers', '0'], /--workers: got "0"; allowed: an integer in \[1, 1024\]/],
    ];
    const base = ['--scenario', 'exp1', '--seeds', '1-2'];
    for (const [what, extra, message] of cases) {
      it(what, async () => {
        const out = join(tmp(), 'out');
        // A later flag of the same name would be refused as a repeat: replace base's instead.
        const argv = [...base];
        for (let i = 0; i < extra.length; i += 2) {
          const at = argv.indexOf(extra[i]!);
          if (at >= 0) argv.splice(at, 2);
          argv.push(extra[i]!, extra[i + 1]!);
        }
        const r = await cli(sweepCommand, [...argv, '--out', out]);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(message);
        expect(existsSync(out)).toBe(false);
      });
    }

    it('an --out that holds files, unless --force', async () => {
      const out = tmp();
      writeFileSync(join(out, 'notes.txt'), 'mine');
      const r = await cli(sweepCommand, [...base, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(
        /--out: got .*allowed: a new or empty directory, or --force .*notes\.txt/,
      );
      expect(readdirSync(out)).toEqual(['notes.txt']);
      expect(
        (await cli(sweepCommand, [...base, '--workers', '1', '--force', '--out', out])).code,
      ).toBe(0);
      expect(readdirSync(out).sort()).toEqual([...SWEEP_FILES, 'notes.txt'].sort());
    });

    it('a missing --seeds or --out', async () => {
      expect(
        (await cli(sweepCommand, ['--scenario', 'exp1', '--out', join(tmp(), 'x')])).err,
      ).toMatch(/--seeds: got nothing/);
      expect((await cli(sweepCommand, ['--scenario', 'exp1', '--seeds', '1'])).err).toMatch(
        /--out: got nothing/,
      );
    });
  });
});

describe('sweep statistics', () => {
  it('mean, sample sd and the t interval of a hand-worked sample', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample sd sqrt(32 / 7), t(0.975, 7) = 2.3646.
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    const half = (2.364624252 * Math.sqrt(32 / 7)) / Math.sqrt(8);
    expect(s.ciLow).toBeCloseTo(5 - half, 6);
    expect(s.ciHigh).toBeCloseTo(5 + half, 6);
    expect([s.min, s.median, s.max]).toEqual([2, 4.5, 9]);
    expect(summarize([3])).toMatchObject({ n: 1, mean: 3, sd: null, ciLow: null });
    expect(summarize([])).toMatchObject({ n: 0, mean: null });
  });

  it('paired differences skip pairs with a missing side', () => {
    const d = pairedDifferences([3, 5, null, 8], [1, 2, 4, 8]);
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(5 / 3, 12);
    expect(d.aAbove).toBeCloseTo(2 / 3, 12);
  });

  it("a value's mid-rank percentile", () => {
    expect(percentileOf([1, 2, 3, 4], 3)).toBe(62.5);
    expect(percentileOf([1, 2, 3, 4], 10)).toBe(100);
    expect(percentileOf([1, 2, 3, 4], 0)).toBe(0);
  });
});
