/**
 * What every CLI command shares: its flags declared once (Node's util.parseArgs, strict, parses
 * them; the same declaration prints --help), one error type for bad input, and one mapping from
 * errors to exit codes: 0 ok, 2 bad input (the message names the flag, the value as given and
 * what is allowed), 1 any other failure.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { KeyRefusedError } from '../chain';
import { RunFileError, ScenarioError } from '../engine';

export class UsageError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(
      `${field}: got ${value === undefined ? 'nothing' : JSON.stringify(value)}; allowed: ${allowed}`,
    );
    this.name = 'UsageError';
  }
}

/** One flag: `--name <value>`, or a switch without a value (`--force`) when `value` is absent. */
export interface Flag {
  /** What the value is, for the help: `N`, `URL`, `exp1..exp4|file.json`. */
  readonly value?: string;
  readonly help: string;
}

export type Flags = Readonly<Record<string, Flag>>;

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The usage line after `npm run cli --`, flags in their usual order. */
  readonly usage: string;
  readonly flags: Flags;
  /** Further paragraphs for --help (files written, exit codes). */
  readonly notes?: string;
  /** Arguments that are not flags (`sweep merge DIR...`); without it any is refused. */
  readonly positionals?: { readonly value: string; readonly help: string };
  /** Runs with the parsed flag values (and the positional arguments); returns the exit code. */
  run(values: ReadonlyMap<string, string>, positionals: readonly string[]): Promise<number>;
}

const HELP = { type: 'boolean', short: 'h' } as const;

function allowedFlags(flags: Flags): string {
  return [...Object.keys(flags).map((f) => `--${f}`), '--help'].join(' | ');
}

/**
 * Why parseArgs refused `argv`, as a UsageError: the same arguments read leniently show which
 * token was wrong (parseArgs' own messages name it, but not in a form to build on).
 */
function describeRefusal(
  argv: readonly string[],
  flags: Flags,
  error: unknown,
  positionals: boolean,
): UsageError {
  const { tokens } = parseArgs({
    args: [...argv],
    options: optionsFor(flags),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const t of tokens) {
    if (t.kind === 'positional') {
      if (positionals) continue;
      return new UsageError('argument', t.value, allowedFlags(flags));
    }
    if (t.kind !== 'option') continue;
    if (t.name === 'help' || (t.name in flags && isSwitch(flags, t.name))) {
      if (t.value !== undefined) return new UsageError(t.rawName, t.value, 'no value');
      continue;
    }
    if (!(t.name in flags)) return new UsageError('argument', t.rawName, allowedFlags(flags));
    if (t.value === undefined || t.value.startsWith('--')) {
      return new UsageError(`--${t.name}`, undefined, 'a value after the flag');
    }
    if (!t.inlineValue && t.value.startsWith('-')) {
      return new UsageError(
        `--${t.name}`,
        t.value,
        `a value after the flag; one that starts with '-' goes as --${t.name}=${t.value}`,
      );
    }
  }
  const code = (error as { code?: string }).code ?? 'ERR_PARSE_ARGS';
  return new UsageError('arguments', argv.join(' '), `${allowedFlags(flags)} (${code})`);
}

const isSwitch = (flags: Flags, name: string): boolean => flags[name]?.value === undefined;

function optionsFor(flags: Flags): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = { help: HELP };
  for (const f of Object.keys(flags)) {
    options[f] = { type: isSwitch(flags, f) ? 'boolean' : 'string' };
  }
  return options;
}

/** parseArgs' tokens for `argv` read strictly; a refusal becomes a UsageError. */
function strictTokens(argv: readonly string[], flags: Flags, positionals: boolean) {
  try {
    return parseArgs({
      args: [...argv],
      options: optionsFor(flags),
      strict: true,
      tokens: true,
      allowPositionals: positionals,
    }).tokens;
  } catch (e) {
    throw describeRefusal(argv, flags, e, positionals);
  }
}

/**
 * Parses `--flag value` pairs against `flags`: every flag declared, each at most once and with a
 * non-empty value, no positional arguments unless `positionals` (then they come back in order);
 * a switch (a flag without a value) reads as 'true'. `help` is true when --help (-h) was given.
 */
export function parseFlags(
  argv: readonly string[],
  flags: Flags,
  positionals = false,
): { values: Map<string, string>; help: boolean; positionals: string[] } {
  const tokens = strictTokens(argv, flags, positionals);
  const values = new Map<string, string>();
  const args: string[] = [];
  let help = false;
  for (const t of tokens) {
    if (t.kind === 'positional') args.push(t.value);
    if (t.kind === 'option' && t.name === 'help') help = true;
    if (t.kind !== 'option' || t.name === 'help') continue;
    const value = isSwitch(flags, t.name) ? 'true' : (t.value ?? '');
    if (values.has(t.name)) throw new UsageError(`--${t.name}`, value, 'the flag at most once');
    if (value === '') throw new UsageError(`--${t.name}`, undefined, 'a value after the flag');
    values.set(t.name, value);
  }
  return { values, help, positionals: args };
}

const HELP_COLUMN = 20;

/** `--help` for one command, from its flag declarations. */
export function formatHelp(c: Command): string {
  const rows = [
    ...(c.positionals ? [[`<${c.positionals.value}>`, c.positionals.help]] : []),
    ...Object.entries(c.flags).map(([name, f]) => [
      f.value === undefined ? `--${name}` : `--${name} <${f.value}>`,
      f.help,
    ]),
    ['-h, --help', 'print this help'],
  ];
  // Long value lists (every mechanism) would push every description off a terminal's width, so
  // a label wider than the column gets its description on the next line.
  const width = Math.min(HELP_COLUMN, Math.max(...rows.map(([l]) => (l as string).length)));
  const row = ([l, h]: string[]) =>
    (l as string).length > width
      ? `  ${l}\n  ${' '.repeat(width)}  ${h}`
      : `  ${(l as string).padEnd(width)}  ${h}`;
  return [
    `Usage: npm run cli -- ${c.usage}`,
    '',
    `${c.summary[0]?.toUpperCase()}${c.summary.slice(1)}.`,
    '',
    'Flags:',
    ...rows.map(row),
    ...(c.notes ? ['', c.notes] : []),
    '',
  ].join('\n');
}

/**
 * Bad input (a flag, a scenario, a refused key) is exit 2 with the message; any other failure
 * exit 1 (DEBUG=1 adds the stack).
 */
export function exitCodeFor(e: unknown, stderr: (s: string) => void): number {
  if (
    e instanceof UsageError ||
    e instanceof ScenarioError ||
    e instanceof RunFileError ||
    e instanceof KeyRefusedError
  ) {
    stderr(`error: ${e.message}\n`);
    return 2;
  }
  // Operational failures (a node that does not answer, a revert) read best as one sentence.
  const detail =
    e instanceof Error ? (process.env.DEBUG ? (e.stack ?? e.message) : e.message) : String(e);
  stderr(`error: ${detail}\n`);
  return 1;
}

/** Parses `argv` for `c`, prints its help or runs it; returns the exit code. */
export async function runCommand(c: Command, argv: readonly string[]): Promise<number> {
  const stderr = (s: string) => void process.stderr.write(s);
  try {
    const { values, help, positionals } = parseFlags(argv, c.flags, c.positionals !== undefined);
    if (help) {
      process.stdout.write(formatHelp(c));
      return 0;
    }
    return await c.run(values, positionals);
  } catch (e) {
    return exitCodeFor(e, stderr);
  }
}
