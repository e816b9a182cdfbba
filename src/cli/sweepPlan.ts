/**
 * A sweep's plan: which runs it holds and in which order, read from the flags and checked whole
 * before anything runs or is written.
 *
 * A sweep is the product variants x mechanisms x every combination of the --set values (the
 * cells, in that order, the last --set key changing fastest) x seeds. Run `i` is cell
 * `floor(i / seeds)` at seed `from + i % seeds`; shard k/n holds the runs with `i % n == k - 1`.
 * Every output is ordered by `i`, never by when a run finished, so the files are the same for
 * any number of workers and any sharding.
 */
import {
  VARIANT_NAMES,
  availableMechanisms,
  ENGINE_VERSION,
  FIELDS,
  ScenarioError,
  inputFromFields,
  mechanismRun,
  parseFieldText,
  resolveScenario,
  type FieldKey,
  type FieldValues,
  type MechanismName,
  type ScenarioInput,
} from '../engine';
import { UsageError } from './command';

/** `default` is the engine without a variant overlay. */
export const DEFAULT_VARIANT = 'default';

export interface SweepParameter {
  readonly key: FieldKey;
  /** As typed, for the CSV's cell columns. */
  readonly texts: readonly string[];
  readonly values: readonly unknown[];
}

/** Everything that fixes a sweep's runs; sweep.json holds it, merge compares it. */
export interface SweepPlan {
  readonly format: 'sweep';
  readonly engineVersion: string;
  /** The --scenario as given (a preset name or a file name) and the input it read. */
  readonly scenario: string;
  readonly input: ScenarioInput;
  readonly variants: readonly string[];
  readonly auctions: readonly MechanismName[];
  readonly seeds: { readonly from: number; readonly to: number };
  readonly set: readonly SweepParameter[];
}

export interface Shard {
  /** 1-based. */
  readonly k: number;
  readonly n: number;
}

export interface Cell {
  readonly variant: string;
  /** The mechanism asked for (--auctions). */
  readonly auction: MechanismName;
  /** The mechanism the runs clear with: a variant may map the one asked for (row 31). */
  readonly mechanism: MechanismName;
  /** One text per plan.set entry. */
  readonly texts: readonly string[];
  /** The scenario input of every run of the cell, without its seed. */
  readonly input: ScenarioInput;
}

/** Keys --set may not take: they have flags of their own, or pick overlays. */
const OWN_FLAGS: Readonly<Partial<Record<FieldKey, string>>> = {
  seed: '--seeds',
  auction: '--auctions',
  variant: '--variants',
  preset: '--scenario',
};

export function variantNames(): string[] {
  return [DEFAULT_VARIANT, ...VARIANT_NAMES];
}

/** `a,b,c` into distinct names from `allowed`; the flag names what it refused. */
export function parseNameList<T extends string>(
  flag: string,
  raw: string,
  allowed: readonly string[],
): T[] {
  const names = raw.split(',').map((a) => a.trim());
  for (const a of names) {
    if (!allowed.includes(a)) throw new UsageError(flag, a, allowed.join(','));
  }
  if (new Set(names).size !== names.length) {
    throw new UsageError(flag, raw, 'each name at most once');
  }
  return names as T[];
}

/** `7` or `1-200`: an inclusive range of seeds, each a seed the field table accepts. */
export function parseSeeds(raw: string): { from: number; to: number } {
  const m = /^([^-]+)(?:-(.+))?$/.exec(raw.trim());
  const shape = 'a seed or a range from-to (e.g. 1-200), from <= to';
  if (!m) throw new UsageError('--seeds', raw, shape);
  const seed = (text: string): number => {
    try {
      return parseFieldText('seed', text);
    } catch (e) {
      if (e instanceof ScenarioError)
        throw new UsageError('--seeds', raw, `${shape}; seeds: ${e.allowed}`);
      throw e;
    }
  };
  const from = seed(m[1] as string);
  const to = m[2] === undefined ? from : seed(m[2]);
  if (to < from) throw new UsageError('--seeds', raw, `${shape} (this range is reversed: empty)`);
  return { from, to };
}

/**
 * `key=v1,v2;key2=v3`: the values of one or more scenario fields, each read by the field
 * table's own parser (so a refusal names the field and what it allows).
 */
export function parseSet(raw: string): SweepParameter[] {
  const params: SweepParameter[] = [];
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) {
      throw new UsageError('--set', part, 'key=value[,value...], several keys separated by ;');
    }
    const key = part.slice(0, eq).trim();
    const texts = part
      .slice(eq + 1)
      .split(',')
      .map((t) => t.trim());
    let values: unknown[];
    try {
      values = texts.map((t) => parseFieldText(key as FieldKey, t));
    } catch (e) {
      if (e instanceof ScenarioError) {
        const known = !(e.field === key && e.allowed.startsWith('one of the known fields'));
        throw new UsageError(`--set ${known ? key : 'key'}`, known ? e.value : key, e.allowed);
      }
      throw e;
    }
    const spec = FIELDS[key as FieldKey];
    if (spec.kind === 'list') {
      throw new UsageError(
        '--set',
        key,
        'a field with one value (set list fields in a scenario file)',
      );
    }
    const own = OWN_FLAGS[key as FieldKey];
    if (own) throw new UsageError('--set', key, `a scenario field other than ${key} (use ${own})`);
    if (params.some((p) => p.key === key))
      throw new UsageError('--set', key, 'each key at most once');
    if (new Set(texts).size !== texts.length) {
      throw new UsageError(`--set ${key}`, texts.join(','), 'each value at most once');
    }
    params.push({ key: key as FieldKey, texts, values });
  }
  return params;
}

/** `k/n` with 1 <= k <= n. */
export function parseShard(raw: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(n) || n < 1 || k < 1 || k > n) {
    throw new UsageError('--shard', raw, 'k/n with integers 1 <= k <= n (e.g. 2/4)');
  }
  return { k, n };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `over` laid on `base`, objects merged key by key (a scenario file's nested fields stay). */
function merged(base: unknown, over: unknown): unknown {
  if (!isObject(base) || !isObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in out ? merged(out[k], v) : v;
  return out;
}

const seedCount = (plan: SweepPlan): number => plan.seeds.to - plan.seeds.from + 1;

/** Every cell in order: variants, then mechanisms, then the --set combinations. */
export function cellsOf(plan: SweepPlan): Cell[] {
  let combos: { texts: string[]; values: FieldValues }[] = [{ texts: [], values: {} }];
  for (const p of plan.set) {
    combos = combos.flatMap((c) =>
      p.values.map((v, i) => ({
        texts: [...c.texts, p.texts[i] as string],
        values: { ...c.values, [p.key]: v },
      })),
    );
  }
  const cells: Cell[] = [];
  for (const variant of plan.variants) {
    for (const auction of plan.auctions) {
      for (const c of combos) {
        const input = merged(merged(plan.input, inputFromFields(c.values)), {
          auction,
        }) as ScenarioInput & { variant?: string };
        if (variant === DEFAULT_VARIANT) delete input.variant;
        else input.variant = variant as ScenarioInput['variant'];
        const mechanism = mechanismRun(input.variant, auction);
        cells.push({ variant, auction, mechanism, texts: c.texts, input });
      }
    }
  }
  return cells;
}

export function runCount(plan: SweepPlan): number {
  return cellsOf(plan).length * seedCount(plan);
}

/** The run indices of a shard (all of them without one), ascending. */
export function runIndices(plan: SweepPlan, shard?: Shard): number[] {
  const total = runCount(plan);
  const out: number[] = [];
  for (let i = shard ? shard.k - 1 : 0; i < total; i += shard ? shard.n : 1) out.push(i);
  return out;
}

/** Where run `i` is: its cell and its seed. */
export function runAt(
  plan: SweepPlan,
  cells: readonly Cell[],
  i: number,
): { cell: Cell; seed: number } {
  const n = seedCount(plan);
  return { cell: cells[Math.floor(i / n)] as Cell, seed: plan.seeds.from + (i % n) };
}

export interface PlanArgs {
  scenario: string;
  input: ScenarioInput;
  variants?: string;
  auctions?: string;
  seeds?: string;
  set?: string;
}

/**
 * The plan from the flags, every cell resolved once (at the first seed) so that a rule between
 * fields (priceMax >= priceMin, ...) refuses the sweep before any run starts.
 */
export function makePlan(a: PlanArgs): SweepPlan {
  if (a.seeds === undefined)
    throw new UsageError('--seeds', undefined, 'a seed or a range from-to (e.g. 1-200)');
  const plan: SweepPlan = {
    format: 'sweep',
    engineVersion: ENGINE_VERSION,
    scenario: a.scenario,
    input: a.input,
    variants: parseNameList('--variants', a.variants ?? DEFAULT_VARIANT, variantNames()),
    auctions: parseNameList<MechanismName>(
      '--auctions',
      a.auctions ?? a.input.auction ?? 'loyalty',
      availableMechanisms(),
    ),
    seeds: parseSeeds(a.seeds),
    set: a.set === undefined ? [] : parseSet(a.set),
  };
  for (const cell of cellsOf(plan)) {
    try {
      resolveScenario({ ...cell.input, seed: plan.seeds.from });
    } catch (e) {
      if (e instanceof ScenarioError) {
        const where = [
          cell.variant,
          cell.auction,
          ...cell.texts.map((t, i) => `${plan.set[i]?.key}=${t}`),
        ];
        throw new UsageError(`cell ${where.join(' ')}: scenario.${e.field}`, e.value, e.allowed);
      }
      throw e;
    }
  }
  return plan;
}
