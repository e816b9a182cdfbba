/**
 * The run file: everything it takes to repeat a run exactly, and to check that it was repeated.
 * The page records one while it plays, saves it, carries it in its share link and replays it;
 * `simulate --run file.json` replays it in Node. The schema, field by field: docs/RUNFILE.md.
 *
 * ```json
 * { "format": "neighbourhood-energy-run", "version": 1, "engine": "0.1.0",
 *   "scenario": { ...the resolved scenario, seed included... },
 *   "changes": [{ "round": 96, "params": { "priceMin": 4 } }],
 *   "orders": [], "rounds": 720,
 *   "books": { "sha256": "0x…", "source": "chain" } }
 * ```
 *
 * Reading refuses anything it would not replay exactly, naming the field, the value as given and
 * what is allowed (`run.changes[1].params.priceMin: got 40; allowed: ...`); a refused file
 * changes nothing.
 */
import { findPrototypeKey, parseJsonInput, PrototypeKeyError } from './json';
import type { LiveChange } from './run';
import {
  ScenarioError,
  resolveScenario,
  validateLiveParams,
  liveParamsOf,
  type LiveParams,
  type Scenario,
} from './scenario';
import { LIVE_KEYS, describeValue } from './fields';
import { DIV_WH } from './units';
import { ENGINE_VERSION } from './version';

export const RUN_FILE_FORMAT = 'neighbourhood-energy-run';
export const RUN_FILE_VERSION = 1;

/**
 * An order a person placed for their household (issue 14: trading as a household), replayed in
 * its round in the household's place as the live run placed it (people.ts, run.ts replayRun).
 */
export interface PersonOrder {
  readonly round: number;
  readonly household: number;
  readonly side: 'buy' | 'sell';
  /** Whole 100 Wh units, as the market takes them. */
  readonly energyWh: number;
  /** A limit in coins per 100 Wh: a buyer pays at most it, a seller receives at least it. */
  readonly price: number;
}

/** The hash of the households' books after the run's last round, and where they were read. */
export interface BooksHash {
  /** `0x` and 64 hex digits: sha256 of the books' canonical encoding (docs/RUNFILE.md). */
  readonly sha256: string;
  /** chain: read from the market after it reconciled with the engine; engine: the engine's own. */
  readonly source: 'chain' | 'engine';
}

export interface RunFile {
  readonly format: typeof RUN_FILE_FORMAT;
  readonly version: typeof RUN_FILE_VERSION;
  /** The engine version that made the run (version.ts). */
  readonly engine: string;
  /** The resolved scenario, seed included: replays do not depend on presets staying the same. */
  readonly scenario: Scenario;
  /** The run's change log (run.ts): each accepted live-parameter change and its first round. */
  readonly changes: readonly LiveChange[];
  readonly orders: readonly PersonOrder[];
  /** Rounds simulated when the file was written; a replay stops there. */
  readonly rounds: number;
  /** Null while the run had no books to hash (or the file was saved before they were read). */
  readonly books: BooksHash | null;
}

/** A run file field refused: `run.<field>: got <value>; allowed: <what>`. */
export class RunFileError extends Error {
  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly allowed: string,
  ) {
    super(`run.${field}: got ${describeValue(value)}; allowed: ${allowed}`);
    this.name = 'RunFileError';
  }
}

const KEYS = [
  'format',
  'version',
  'engine',
  'scenario',
  'changes',
  'orders',
  'rounds',
  'books',
] as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const SHA256 = /^0x[0-9a-f]{64}$/;

/** A run file as written to disk: indented JSON with a final newline. */
export function runFileText(f: RunFile): string {
  return `${JSON.stringify(f, null, 2)}\n`;
}

/** The run file of a run: its scenario, change log, rounds so far and books hash. */
export function makeRunFile(parts: {
  scenario: Scenario;
  changes: readonly LiveChange[];
  rounds: number;
  books: BooksHash | null;
  /** People's orders (run.people); none: an agents' run. */
  orders?: readonly PersonOrder[];
}): RunFile {
  return {
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    engine: ENGINE_VERSION,
    scenario: parts.scenario,
    changes: parts.changes.map((c) => ({ round: c.round, params: { ...c.params } })),
    orders: (parts.orders ?? []).map((o) => ({ ...o })),
    rounds: parts.rounds,
    books: parts.books,
  };
}

/** Text of a run file: JSON without prototype keys (json.ts), then every field (checkRunFile). */
export function parseRunFile(text: string): RunFile {
  let value: unknown;
  try {
    value = parseJsonInput(text);
  } catch (e) {
    if (e instanceof PrototypeKeyError) throw prototypeRefused(e.path, e.key);
    throw new RunFileError('(file)', text.slice(0, 40), `valid JSON (${(e as Error).message})`);
  }
  return checkRunFile(value);
}

const prototypeRefused = (path: string, key: string): RunFileError =>
  new RunFileError(
    path,
    key,
    'no key named __proto__, constructor or prototype anywhere in the file',
  );

/**
 * A parsed value as a run file, every field checked; throws the first RunFileError. Prototype
 * keys (`__proto__`, `constructor`, `prototype`) are refused by name wherever they are.
 */
export function checkRunFile(value: unknown): RunFile {
  const proto = findPrototypeKey(value);
  if (proto) throw prototypeRefused(proto.path, proto.key);
  if (!isObject(value)) throw new RunFileError('(file)', value, 'a JSON object');
  for (const key of Object.keys(value)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new RunFileError(key, value[key], `one of the run file's fields: ${KEYS.join(', ')}`);
    }
  }
  if (value.format !== RUN_FILE_FORMAT) {
    throw new RunFileError('format', value.format, `"${RUN_FILE_FORMAT}"`);
  }
  if (value.version !== RUN_FILE_VERSION) {
    throw new RunFileError(
      'version',
      value.version,
      `${RUN_FILE_VERSION} (the only version this engine reads)`,
    );
  }
  const engine = value.engine;
  if (typeof engine !== 'string' || engine.length === 0 || engine.length > 40) {
    throw new RunFileError('engine', engine, 'the engine version that made the run, as text');
  }
  const scenario = checkScenario(value.scenario);
  const totalRounds = scenario.days * 24;
  const rounds = value.rounds;
  if (typeof rounds !== 'number' || !Number.isInteger(rounds) || rounds < 0 || rounds > totalRounds)
    throw new RunFileError(
      'rounds',
      rounds,
      `an integer in [0, ${totalRounds}] (the scenario's days × 24)`,
    );
  const changes = checkLiveChanges(value.changes, scenario, rounds);
  const orders = checkPersonOrders(value.orders, scenario, changes, rounds);
  return {
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    engine,
    scenario,
    changes,
    orders,
    rounds,
    books: checkBooks(value.books),
  };
}

function checkScenario(v: unknown): Scenario {
  if (!isObject(v)) throw new RunFileError('scenario', v, 'an object of scenario fields');
  try {
    return resolveScenario(v);
  } catch (e) {
    if (e instanceof ScenarioError)
      throw new RunFileError(`scenario.${e.field}`, e.value, e.allowed);
    throw e;
  }
}

function checkBooks(v: unknown): BooksHash | null {
  if (v === null || v === undefined) return null;
  if (!isObject(v)) throw new RunFileError('books', v, 'null or { sha256, source }');
  for (const key of Object.keys(v)) {
    if (key !== 'sha256' && key !== 'source')
      throw new RunFileError(`books.${key}`, v[key], 'only sha256 and source');
  }
  if (typeof v.sha256 !== 'string' || !SHA256.test(v.sha256)) {
    throw new RunFileError('books.sha256', v.sha256, '0x and 64 lower-case hex digits');
  }
  if (v.source !== 'chain' && v.source !== 'engine') {
    throw new RunFileError('books.source', v.source, '"chain" | "engine"');
  }
  return { sha256: v.sha256, source: v.source };
}

/**
 * A change log as a run's, checked against its scenario: rounds in order within [0, rounds],
 * each change a non-empty set of live parameters that the engine accepts on top of what was in
 * force, in order (the same validation as a slider move: validateLiveParams). Also reads the
 * share link's changes (src/store/url.ts).
 */
export function checkLiveChanges(v: unknown, scenario: Scenario, rounds: number): LiveChange[] {
  if (!Array.isArray(v)) throw new RunFileError('changes', v, 'a list of { round, params }');
  const out: LiveChange[] = [];
  let live: LiveParams = liveParamsOf(scenario);
  let last = 0;
  v.forEach((c: unknown, i) => {
    const at = `changes[${i}]`;
    if (!isObject(c)) throw new RunFileError(at, c, 'an object { round, params }');
    for (const key of Object.keys(c)) {
      if (key !== 'round' && key !== 'params')
        throw new RunFileError(`${at}.${key}`, c[key], 'only round and params');
    }
    const round = c.round;
    if (typeof round !== 'number' || !Number.isInteger(round) || round < last || round > rounds) {
      throw new RunFileError(
        `${at}.round`,
        round,
        `an integer in [${last}, ${rounds}] (changes in order, none after the run's last round)`,
      );
    }
    const params = c.params;
    if (!isObject(params) || Object.keys(params).length === 0) {
      throw new RunFileError(
        `${at}.params`,
        params,
        `an object of one or more live parameters: ${LIVE_KEYS.join(', ')}`,
      );
    }
    try {
      live = validateLiveParams(live, params as Partial<LiveParams>, scenario);
    } catch (e) {
      if (e instanceof ScenarioError)
        throw new RunFileError(`${at}.params.${e.field}`, e.value, e.allowed);
      throw e;
    }
    last = round;
    out.push({ round, params: { ...(params as Partial<LiveParams>) } });
  });
  return out;
}

const ORDER_KEYS = ['round', 'household', 'side', 'energyWh', 'price'] as const;

const isInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/**
 * People's orders as a run's, checked against its scenario and change log: rounds in order
 * within the rounds simulated, at most one order per household per round, a side, whole 100 Wh
 * units and a limit price within the price range in force in its round (after the changes made
 * up to it). What only the round itself can tell (the battery's room, the coins) is checked when
 * the replay places the order (people.ts), and refused under the same field name.
 */
export function checkPersonOrders(
  v: unknown,
  scenario: Scenario,
  changes: readonly LiveChange[],
  rounds: number,
): PersonOrder[] {
  if (!Array.isArray(v))
    throw new RunFileError('orders', v, `a list of { ${ORDER_KEYS.join(', ')} }`);
  const out: PersonOrder[] = [];
  let live: LiveParams = liveParamsOf(scenario);
  let nextChange = 0;
  let last = 0;
  const placed = new Set<number>();
  const n = scenario.households;
  v.forEach((o: unknown, i) => {
    const at = `orders[${i}]`;
    if (!isObject(o)) throw new RunFileError(at, o, `an object { ${ORDER_KEYS.join(', ')} }`);
    for (const key of Object.keys(o)) {
      if (!(ORDER_KEYS as readonly string[]).includes(key))
        throw new RunFileError(`${at}.${key}`, o[key], `only ${ORDER_KEYS.join(', ')}`);
    }
    const { round, household, side, energyWh, price } = o;
    if (!isInteger(round) || round < last || round >= rounds) {
      throw new RunFileError(
        `${at}.round`,
        round,
        rounds === 0
          ? 'no order: the run simulated no round'
          : `an integer in [${last}, ${rounds - 1}] (orders in round order, each in a round the run simulated)`,
      );
    }
    if (round !== last) placed.clear();
    last = round;
    if (!isInteger(household) || household < 0 || household >= n) {
      throw new RunFileError(`${at}.household`, household, `an integer in [0, ${n - 1}]`);
    }
    if (placed.has(household)) {
      throw new RunFileError(
        `${at}.household`,
        household,
        `one order per household per round (household ${household} already has one in round ${round})`,
      );
    }
    placed.add(household);
    if (side !== 'buy' && side !== 'sell')
      throw new RunFileError(`${at}.side`, side, '"buy" | "sell"');
    if (!isInteger(energyWh) || energyWh <= 0 || energyWh % DIV_WH !== 0) {
      throw new RunFileError(
        `${at}.energyWh`,
        energyWh,
        `a positive multiple of ${DIV_WH} Wh (whole trading units)`,
      );
    }
    // The price range in force in this round: the changes made up to it, as the replay makes them.
    while (nextChange < changes.length && (changes[nextChange] as LiveChange).round <= round) {
      live = { ...live, ...(changes[nextChange] as LiveChange).params };
      nextChange++;
    }
    if (!isInteger(price) || price < live.priceMin || price > live.priceMax) {
      throw new RunFileError(
        `${at}.price`,
        price,
        `an integer in [${live.priceMin}, ${live.priceMax}] coins per 100 Wh (round ${round}'s price range)`,
      );
    }
    out.push({ round, household, side, energyWh, price });
  });
  return out;
}

/** What to tell the user when a file was made by another engine version; null when the same. */
export function engineNote(f: RunFile): string | null {
  return f.engine === ENGINE_VERSION
    ? null
    : `made with engine ${f.engine}, replayed with engine ${ENGINE_VERSION}: figures and the books hash may differ`;
}
