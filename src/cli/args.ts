/**
 * A small flag parser for the CLI: `--name value` pairs only, every flag declared, every error
 * naming the flag, the value and what is allowed.
 */
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

/** Parses `--flag value` pairs; unknown flags and missing values are usage errors. */
export function parseFlags(argv: readonly string[], known: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  const allowed = known.map((k) => `--${k}`).join(' | ');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const name = a.startsWith('--') ? (a.slice(2).split('=')[0] ?? '') : '';
    if (!known.includes(name)) throw new UsageError('argument', a, allowed);
    let value: string | undefined;
    if (a.includes('=')) value = a.slice(a.indexOf('=') + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '' || value.startsWith('--')) {
      throw new UsageError(`--${name}`, value, 'a value after the flag');
    }
    if (flags.has(name)) throw new UsageError(`--${name}`, value, 'the flag at most once');
    flags.set(name, value);
  }
  return flags;
}

export function parseInteger(field: string, raw: string, min: number, max: number): number {
  const v = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new UsageError(field, raw, `an integer in [${min}, ${max}]`);
  }
  return v;
}
