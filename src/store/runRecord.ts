/**
 * The dashboard's run as a run file and as a link (docs/RUNFILE.md): what the page records while
 * it plays, what Save writes, what the share link carries, and what opening a file or a link
 * replays. The engine reads and checks run files (runFile.ts); this module only gathers the
 * store's parts into one and back.
 */
import {
  ENGINE_VERSION,
  FIELD_LIST,
  PRESET_NAMES,
  fieldValue,
  inputFromFields,
  makeRunFile,
  resolveScenario,
  type BooksHash,
  type FieldValues,
  type LiveChange,
  type PersonOrder,
  type RunFile,
  type Scenario,
  type ScenarioInput,
} from '../engine';
import type { ChainStatus, Standing } from '../worker/protocol';
import type { History } from './history';
import { linkQuery, parseLink, readLink, writeLink, type LinkRun } from './url';

/** A run to replay: from a run file or a link. */
export interface OpenedRun {
  /** What the page applies: a preset and fields when they resolve to the file's scenario exactly. */
  readonly scenario: ScenarioInput;
  readonly changes: readonly LiveChange[];
  /** People's orders to place again (a file's; a link carries none: a run with them is shared as a file). */
  readonly orders: readonly PersonOrder[];
  /** Where the replay stops. */
  readonly rounds: number;
  /** The books hash recorded there, to compare with; null when none was. */
  readonly books: BooksHash | null;
  /** The engine version that made it, when known. */
  readonly engine: string | null;
  /** Where it came from, in words: a file's name, or "the link". */
  readonly from: string;
}

/** The parts of the dashboard's state a run file is made of. */
export interface RunState {
  readonly scenario: Scenario | null;
  readonly scenarioInput: ScenarioInput;
  readonly changes: readonly LiveChange[];
  readonly history: History;
  readonly chain: ChainStatus;
  readonly standing: Standing | null;
  /** People's orders so far, in round order (the store gathers them: simStore.peopleOrders). */
  readonly peopleOrders: readonly PersonOrder[];
  readonly playing: boolean;
  readonly opened: OpenedRun | null;
  readonly replayNote: string | null;
}

/** JSON with object keys sorted, so two equal values compare equal as text. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    typeof x === 'object' && x !== null && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)))
      : x,
  );

const sameScenario = (input: ScenarioInput, scenario: Scenario): boolean => {
  try {
    return canonical(resolveScenario(input)) === canonical(scenario);
  } catch {
    return false;
  }
};

/**
 * The books hash after the rounds shown: the chain's when its books were read and reconciled
 * with the engine's after exactly those rounds, else the engine's at the last stop, else none.
 */
export function booksOf(s: RunState): BooksHash | null {
  const rounds = s.history.length;
  const r = s.chain.reconciled;
  if (r?.ok && r.booksHash && r.confirmed === rounds)
    return { sha256: r.booksHash, source: 'chain' };
  if (s.standing && s.standing.rounds === rounds)
    return { sha256: s.standing.engineBooksHash, source: 'engine' };
  return null;
}

/** The run file of the rounds shown so far; null before the worker is ready. */
export function runFileOf(s: RunState): RunFile | null {
  if (!s.scenario) return null;
  const rounds = s.history.length;
  return makeRunFile({
    scenario: s.scenario,
    // While playing, the worker may be a few rounds ahead of what reached the page.
    changes: s.changes.filter((c) => c.round <= rounds),
    orders: s.peopleOrders.filter((o) => o.round < rounds),
    rounds,
    books: booksOf(s),
  });
}

/** Links longer than this are not offered: some mail and chat programs cut them. */
export const MAX_LINK_CHARS = 2000;

export interface RunLink {
  /** The query string (no `?`) of the link. */
  readonly query: string;
  /** True when the link alone repeats the run exactly; else `note` says to save the file. */
  readonly exact: boolean;
  readonly note: string | null;
}

/**
 * The run as a link: the scenario's share parameters and the run's change log, with where it
 * stopped and its books hash when stopped. Exact only when the link reads back to this very
 * scenario and fits MAX_LINK_CHARS with the page's address; otherwise the scenario alone, and a
 * note to save the run file instead.
 */
export function linkOfRun(s: RunState, origin = ''): RunLink {
  const file = runFileOf(s);
  if (!file) return linkOf(s.scenarioInput, null, null, origin);
  if (file.orders.length > 0) {
    return {
      query: linkQuery({ view: 'dashboard', scenario: s.scenarioInput, auctions: [] }),
      exact: false,
      note: `This run holds ${file.orders.length} order${file.orders.length === 1 ? '' : 's'} placed by people, which a link does not carry: save the run file to share it exactly.`,
    };
  }
  const stopped = !s.playing;
  return linkOf(
    s.scenarioInput,
    file.scenario,
    {
      changes: file.changes,
      rounds: stopped ? file.rounds : null,
      books: stopped ? file.books : null,
      engine: ENGINE_VERSION,
    },
    origin,
  );
}

function linkOf(
  input: ScenarioInput,
  scenario: Scenario | null,
  run: LinkRun | null,
  origin: string,
): RunLink {
  const bare = linkQuery({ view: 'dashboard', scenario: input, auctions: [] });
  if (!scenario || !run) return { query: bare, exact: false, note: null };
  const query = linkQuery({ view: 'dashboard', scenario: input, auctions: [], run });
  const back = parseLink(`?${query}`);
  if (back.problems.length > 0 || !sameScenario(back.scenario, scenario)) {
    return {
      query: bare,
      exact: false,
      note: "This run's scenario holds values a link does not carry: save the run file to share it exactly.",
    };
  }
  if (origin.length + 1 + query.length > MAX_LINK_CHARS) {
    return {
      query: bare,
      exact: false,
      note: `This run's link would be longer than ${MAX_LINK_CHARS} characters: save the run file to share it exactly.`,
    };
  }
  return { query, exact: true, note: null };
}

/** True while the page replays an opened run that no one took over and that has rounds ahead. */
export function replaying(s: RunState): boolean {
  return s.opened !== null && s.replayNote === null && s.history.length < s.opened.rounds;
}

/**
 * Keeps the address bar on the dashboard's run, so a link copied from it repeats the run: the
 * opened run's while its replay has rounds ahead, else the run so far (only while the dashboard
 * shows: the comparison writes its own link).
 */
export function syncLink(s: RunState): void {
  if (!('location' in globalThis) || readLink().view !== 'dashboard') return;
  const o = s.opened;
  const link =
    o && replaying(s) && s.scenario
      ? linkOf(
          o.scenario,
          s.scenario,
          { changes: o.changes, rounds: o.rounds, books: o.books, engine: o.engine },
          '',
        )
      : linkOfRun(s);
  writeLink(parseLink(`?${link.query}`));
}

/**
 * The input the page applies for a scenario: its preset and the link's fields when they resolve
 * to exactly it (so the forms show the preset and the link stays short), else the scenario whole.
 */
export function inputOf(scenario: Scenario): ScenarioInput {
  if ((PRESET_NAMES as readonly string[]).includes(scenario.name)) {
    const fields: Record<string, unknown> = { preset: scenario.name };
    for (const f of FIELD_LIST) {
      if (f.query === null || f.key === 'preset' || f.key === 'variant') continue;
      fields[f.key] = fieldValue(scenario, f.key);
    }
    const q = linkQuery({
      view: 'dashboard',
      scenario: inputFromFields(fields as FieldValues),
      auctions: [],
    });
    const input = parseLink(`?${q}`).scenario;
    if (sameScenario(input, scenario)) return input;
  }
  return scenario;
}

/** A run file to replay. */
export function openedOfFile(file: RunFile, name: string): OpenedRun {
  return {
    scenario: inputOf(file.scenario),
    changes: file.changes,
    orders: file.orders,
    rounds: file.rounds,
    books: file.books,
    engine: file.engine,
    from: name,
  };
}

/** A link's run to replay; null when the link holds none. */
export function openedOfLink(
  scenario: ScenarioInput,
  run: LinkRun | null | undefined,
): OpenedRun | null {
  if (!run) return null;
  const total = resolveScenario(scenario).days * 24;
  return {
    scenario,
    changes: run.changes,
    orders: [],
    rounds: run.rounds ?? total,
    books: run.books,
    engine: run.engine,
    from: 'the link',
  };
}
