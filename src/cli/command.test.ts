import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { clearCommand } from './clear';
import { formatHelp, parseFlags, UsageError } from './command';
import { compareCommand, parseCompareArgs } from './compare';
import { parseSimulateArgs, simulateCommand } from './simulate';

const flags = {
  days: { value: 'N', help: 'days' },
  seed: { value: 'N', help: 'seed' },
} as const;

function refusal(argv: string[]): UsageError {
  try {
    parseFlags(argv, flags);
  } catch (e) {
    if (e instanceof UsageError) return e;
    throw e;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('parseFlags (util.parseArgs, strict)', () => {
  it('reads declared flags, --flag=value, and --help', () => {
    const { values, help } = parseFlags(['--days', '3', '--seed=-5'], flags);
    expect([...values]).toEqual([
      ['days', '3'],
      ['seed', '-5'],
    ]);
    expect(help).toBe(false);
    expect(parseFlags(['--help'], flags).help).toBe(true);
    expect(parseFlags(['-h', '--days', '1'], flags).help).toBe(true);
  });

  it('names the flag, the value and what is allowed for every refusal', () => {
    expect(refusal(['--speed', '3']).message).toBe(
      'argument: got "--speed"; allowed: --days | --seed | --help',
    );
    expect(refusal(['--days']).message).toBe(
      '--days: got nothing; allowed: a value after the flag',
    );
    expect(refusal(['--days', '--seed', '1']).message).toBe(
      '--days: got nothing; allowed: a value after the flag',
    );
    expect(refusal(['--days=']).message).toBe(
      '--days: got nothing; allowed: a value after the flag',
    );
    expect(refusal(['--seed', '-5']).message).toBe(
      '--seed: got "-5"; allowed: a value after the flag; one that starts with \'-\' goes as --seed=-5',
    );
    expect(refusal(['--days', '1', '--days', '2']).message).toBe(
      '--days: got "2"; allowed: the flag at most once',
    );
    expect(refusal(['3']).message).toBe('argument: got "3"; allowed: --days | --seed | --help');
    expect(refusal(['--help=yes']).message).toBe('--help: got "yes"; allowed: no value');
  });

  it('prints every flag of every command in its help', () => {
    for (const c of [simulateCommand, clearCommand, compareCommand]) {
      const help = formatHelp(c);
      expect(help).toMatch(new RegExp(`^Usage: npm run cli -- ${c.name} --`));
      for (const [f, spec] of Object.entries(c.flags)) {
        expect(help).toContain(spec.value === undefined ? `--${f}` : `--${f} <`);
      }
      expect(help).toContain('-h, --help');
    }
    expect(formatHelp(clearCommand)).toMatch(/--mechanism <uniform\|loyalty/);
    expect(formatHelp(compareCommand)).toMatch(/--auctions <a,b,..>/);
  });

  it("refuses the commands' own bad values the same way", () => {
    const message = (fn: () => unknown): string => {
      try {
        fn();
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(message(() => parseSimulateArgs(['--scenario']))).toBe(
      '--scenario: got nothing; allowed: a value after the flag',
    );
    expect(
      message(() => parseSimulateArgs(['--scenario', 'exp1', '--days', '1', '--days', '2'])),
    ).toBe('--days: got "2"; allowed: the flag at most once');
    expect(message(() => parseCompareArgs(['--scenario', 'exp1', '--households', '2.5']))).toBe(
      '--households: got "2.5"; allowed: an integer in [1, 10000]',
    );
    expect(message(() => parseSimulateArgs(['--scenario', 'exp1', '--batch-rounds', '5']))).toBe(
      '--batch-rounds: got "5"; allowed: only together with --rpc',
    );
    expect(
      message(() => parseSimulateArgs(['--scenario', 'exp1', '--rpc', 'localhost:8545'])),
    ).toBe('--rpc: got "localhost:8545"; allowed: an http(s) JSON-RPC URL');
    expect(
      parseSimulateArgs([
        '--scenario',
        'exp1',
        '--rpc',
        'http://127.0.0.1:8545',
        '--batch-rounds',
        '24',
      ]).chain,
    ).toEqual({ rpcUrl: 'http://127.0.0.1:8545', batchRounds: 24, retrySeconds: 120 });
    // Every integer flag goes through the one integer parser: no hex, exponent, fraction, spaces.
    for (const bad of ['0x10', '1e3', '2.0', ' 5 ', '0', '1001']) {
      expect(
        message(() =>
          parseSimulateArgs(['--scenario', 'exp1', '--rpc', 'http://x:1', '--batch-rounds', bad]),
        ),
      ).toBe(`--batch-rounds: got ${JSON.stringify(bad)}; allowed: an integer in [1, 1000]`);
    }
    expect(
      message(() =>
        parseSimulateArgs(['--scenario', 'exp1', '--rpc', 'http://x:1', '--retry-seconds', 'NaN']),
      ),
    ).toBe('--retry-seconds: got "NaN"; allowed: an integer in [1, 3600]');
    // Switches take no value; --force and --resume exclude each other.
    expect(parseSimulateArgs(['--scenario', 'exp1', '--force']).force).toBe(true);
    expect(message(() => parseSimulateArgs(['--scenario', 'exp1', '--force=yes']))).toBe(
      '--force: got "yes"; allowed: no value',
    );
    expect(message(() => parseSimulateArgs(['--scenario', 'exp1', '--resume']))).toBe(
      '--resume: got "true"; allowed: only together with --rpc',
    );
  });
});

const root = join(import.meta.dirname, '..', '..');
const exec = promisify(execFile);
/** The CLI as a user runs it: a process, its exit code, stdout and stderr. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: root,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('the CLI process', () => {
  it("prints the command list with --help and a command's flags with <command> --help", async () => {
    const [list, simulate] = await Promise.all([cli(['--help']), cli(['simulate', '-h'])]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^Usage: npm run cli -- <command> \[flags\]/);
    for (const name of ['simulate', 'clear', 'compare']) {
      expect(list.stdout).toMatch(new RegExp(`^  ${name} +\\S.*$`, 'm'));
    }
    expect(simulate).toMatchObject({ code: 0, stderr: '' });
    expect(simulate.stdout).toMatch(/--scenario <exp1\|exp2\|exp3\|exp4\|file\.json>/);
    expect(simulate.stdout).toMatch(/--rpc <URL>/);
  });

  it('exits 2 naming the flag, the value and what is allowed', async () => {
    const [unknown, none] = await Promise.all([
      cli(['simulate', '--scenario', 'exp1', '--speed', '3']),
      cli([]),
    ]);
    expect([unknown.code, none.code]).toEqual([2, 2]);
    expect(unknown.stderr).toMatch(
      /^error: argument: got "--speed"; allowed: --scenario \| --variant/,
    );
    // With no command at all, the list of commands follows the error (cli.test.ts: a wrong one).
    expect(none.stderr).toMatch(
      /^error: command: got nothing; allowed: simulate \| clear \| compare/,
    );
    expect(none.stderr).toMatch(/^Commands:$/m);
  });
});
