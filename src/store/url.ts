/**
 * The page's link: the one module that reads and writes the URL. A link holds the view, the
 * scenario's share parameters (the field table's `query` keys, `?preset=exp2&seed=7&...`), the
 * comparison's mechanisms (`?view=compare&...&auctions=uniform,loyalty`) and the dashboard's run
 * (docs/RUNFILE.md "In the share link": `changes=96:priceMin=3,priceMax=6;200:batteryThreshold=0.5`,
 * `rounds=720`, `books=0x…`, `source=chain`, `engine=0.1.0`).
 *
 * Reading never fails: a value that does not parse (by the engine's `parseFieldText`, the rule
 * every entry point shares), a scenario its cross checks refuse, an unknown parameter, view or
 * mechanism is left out, so the default stands in for it, and named in `problems` for the page
 * to show. The scenario a read link holds always resolves.
 */
import {
  CROSS_CHECKS,
  FIELDS,
  FIELD_LIST,
  LIVE_KEYS,
  RunFileError,
  ScenarioError,
  allowedText,
  checkLiveChanges,
  fieldValue,
  inputFromFields,
  integerAllowed,
  isFieldKey,
  parseFieldText,
  parseIntegerText,
  resolveScenario,
  type BooksHash,
  type FieldKey,
  type FieldValues,
  type LiveChange,
  type LiveParams,
  type MechanismName,
  type ScenarioInput,
} from '../engine';
import { fieldText, parseFields } from './fieldText';

export const VIEWS = ['dashboard', 'compare'] as const;
export type View = (typeof VIEWS)[number];

/**
 * The dashboard's run as a link carries it: the change log, where a replay stops and the books
 * hash to compare with there. A run file in a link (docs/RUNFILE.md).
 */
export interface LinkRun {
  readonly changes: readonly LiveChange[];
  /** Rounds simulated when the link was made; null: the run was still playing (replay to its end). */
  readonly rounds: number | null;
  readonly books: BooksHash | null;
  /** The engine version that made the run; null when the link does not say. */
  readonly engine: string | null;
}

export interface PageLink {
  readonly view: View;
  readonly scenario: ScenarioInput;
  /** The mechanisms the comparison plays (written only for the comparison view). */
  readonly auctions: readonly MechanismName[];
  /** The dashboard's run (written only for the dashboard); absent or null: none. */
  readonly run?: LinkRun | null;
}

/** A part of a link that was not used, in words naming the parameter, its value and the rule. */
export interface LinkProblem {
  readonly param: string;
  readonly message: string;
}

export interface ReadLink extends PageLink {
  readonly problems: readonly LinkProblem[];
}

/** The scenario a link without one opens: the thesis's loyalty experiment, a neighbourhood trading. */
export const DEFAULT_SCENARIO: ScenarioInput = { preset: 'exp3' };

/** Two call auctions the thesis compared, when a comparison link names none. */
export const DEFAULT_AUCTIONS: readonly MechanismName[] = ['uniform', 'loyalty'];

/** The fields a link carries, in table order, with their query keys. */
const LINK_FIELDS = FIELD_LIST.flatMap((f) =>
  f.query === null ? [] : [[f.key, f.query] as const],
);
const RUN_PARAMS = ['changes', 'rounds', 'books', 'source', 'engine'] as const;
const PAGE_PARAMS = ['view', 'auctions', ...RUN_PARAMS] as const;
const KNOWN = new Set<string>([...PAGE_PARAMS, ...LINK_FIELDS.map(([, q]) => q)]);

const queryOf = (key: FieldKey): string => FIELDS[key].query ?? key;

/** Reads a query string (`location.search`); see the module's comment. */
export function parseLink(search: string): ReadLink {
  const q = new URLSearchParams(search);
  const problems: LinkProblem[] = [];
  for (const key of new Set(q.keys())) {
    if (!KNOWN.has(key)) {
      problems.push({
        param: key,
        message: `${key}: not a parameter of this page; known: ${[...KNOWN].join(', ')}`,
      });
    }
  }

  const rawView = q.get('view');
  let view: View = 'dashboard';
  if (rawView !== null) {
    if ((VIEWS as readonly string[]).includes(rawView)) view = rawView as View;
    else
      problems.push({
        param: 'view',
        message: `view: got "${rawView}"; allowed: ${VIEWS.join(' | ')}`,
      });
  }

  const texts = LINK_FIELDS.flatMap(([key, query]) => {
    const raw = q.get(query);
    return raw === null ? [] : [[key, raw] as const];
  });
  const parsed = parseFields(texts);
  for (const e of parsed.problems)
    problems.push({ param: queryOf(e.field as FieldKey), message: e.message });
  const scenario = resolvable({ ...parsed.values }, problems);

  const auctions = readAuctions(q.get('auctions'), problems);
  const run = readRun(q, scenario, problems);
  return { view, scenario, auctions, ...(run ? { run } : {}), problems };
}

const SHA256 = /^0x[0-9a-f]{64}$/;

/**
 * The link's run, checked as a run file's (the engine's checkLiveChanges) against the scenario
 * the link opens: a part that does not parse is named and left out; a change log that does not
 * parse is left out whole (a change on top of a missing one could mean something else).
 */
function readRun(
  q: URLSearchParams,
  input: ScenarioInput,
  problems: LinkProblem[],
): LinkRun | null {
  if (!RUN_PARAMS.some((p) => q.has(p))) return null;
  const scenario = resolveScenario(input);
  const total = scenario.days * 24;
  let rounds: number | null = null;
  const rawRounds = q.get('rounds');
  if (rawRounds !== null) {
    rounds = parseIntegerText(rawRounds, 0, total);
    if (rounds === null)
      problems.push({
        param: 'rounds',
        message: `rounds: got "${rawRounds}"; allowed: ${integerAllowed(0, total)} (the scenario's days × 24); the replay plays to the end`,
      });
  }
  let changes: LiveChange[] = [];
  const rawChanges = q.get('changes');
  if (rawChanges !== null && rawChanges !== '') {
    try {
      changes = checkLiveChanges(changesOfText(rawChanges), scenario, rounds ?? total);
    } catch (e) {
      if (!(e instanceof RunFileError)) throw e;
      problems.push({
        param: 'changes',
        message: `changes: ${e.message.replace(/^run\./, '')}; the link's slider moves were not used`,
      });
    }
  }
  let books: BooksHash | null = null;
  const rawBooks = q.get('books');
  const source = q.get('source') ?? 'engine';
  if (rawBooks !== null) {
    if (!SHA256.test(rawBooks))
      problems.push({
        param: 'books',
        message: `books: got "${rawBooks}"; allowed: 0x and 64 lower-case hex digits`,
      });
    else if (source !== 'chain' && source !== 'engine')
      problems.push({
        param: 'source',
        message: `source: got "${source}"; allowed: chain | engine`,
      });
    else books = { sha256: rawBooks, source };
  }
  const engine = q.get('engine');
  return { changes, rounds, books, engine: engine === null || engine === '' ? null : engine };
}

/**
 * `96:priceMin=3,priceMax=6;200:batteryThreshold=0.5` as a change log, each value read by the
 * engine's parseFieldText; throws a RunFileError naming the part that does not parse.
 */
function changesOfText(text: string): LiveChange[] {
  return text.split(';').map((part, i) => {
    const at = `changes[${i}]`;
    const colon = part.indexOf(':');
    const round = Number(part.slice(0, colon));
    if (colon < 1 || !/^\d+$/.test(part.slice(0, colon)))
      throw new RunFileError(`${at}`, part, 'round:key=value,... (a round, then live parameters)');
    const params: Partial<Record<keyof LiveParams, number>> = {};
    for (const pair of part.slice(colon + 1).split(',')) {
      const eq = pair.indexOf('=');
      const key = pair.slice(0, eq);
      if (eq < 1 || !(LIVE_KEYS as readonly string[]).includes(key))
        throw new RunFileError(`${at}.params`, pair, `key=value of ${LIVE_KEYS.join(', ')}`);
      try {
        params[key as keyof LiveParams] = parseFieldText(
          key as FieldKey,
          pair.slice(eq + 1),
        ) as number;
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        throw new RunFileError(`${at}.params.${key}`, e.value, e.allowed);
      }
    }
    return { round, params };
  });
}

/** A change log as the link writes it (changesOfText reads it back). */
function changesText(changes: readonly LiveChange[]): string {
  return changes
    .map(
      (c) =>
        `${c.round}:${Object.entries(c.params)
          .map(([k, v]) => `${k}=${fieldText(k as FieldKey, v)}`)
          .join(',')}`,
    )
    .join(';');
}

function readAuctions(raw: string | null, problems: LinkProblem[]): readonly MechanismName[] {
  if (raw === null) return DEFAULT_AUCTIONS;
  const picked: MechanismName[] = [];
  for (const name of raw.split(',')) {
    const { values, problems: bad } = parseFields([['auction', name]]);
    if (bad.length > 0) {
      problems.push({
        param: 'auctions',
        message: `auctions: got "${name}"; allowed: a comma-separated list of ${allowedText('auction')}`,
      });
    } else if (values.auction && !picked.includes(values.auction)) {
      picked.push(values.auction);
    }
  }
  return picked.length > 0 ? picked : DEFAULT_AUCTIONS;
}

/**
 * The link's fields as an input that resolves: while resolveScenario refuses it, the link's
 * fields its error blames are left out (the field itself, or the link's fields its cross check
 * reads). Nothing left to blame: the link's scenario is not used at all.
 */
function resolvable(values: FieldValues, problems: LinkProblem[]): ScenarioInput {
  const given = values as Record<string, unknown>;
  for (;;) {
    if (Object.keys(given).length === 0) return DEFAULT_SCENARIO;
    const input = inputFromFields(values);
    try {
      resolveScenario(input);
      return input;
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      const check = CROSS_CHECKS.find((c) => c.field === e.field);
      const suspects: string[] =
        isFieldKey(e.field) && e.field in given ? [e.field] : [...(check?.uses ?? [])];
      const blamed = suspects.filter((k): k is FieldKey => isFieldKey(k) && k in given);
      if (blamed.length === 0) {
        problems.push({ param: '', message: `${e.message}; the link's scenario was not used` });
        return DEFAULT_SCENARIO;
      }
      for (const key of blamed) {
        problems.push({
          param: queryOf(key),
          message: `${e.message} (the link's ${queryOf(key)}=${fieldText(key, given[key])} was left out)`,
        });
        delete given[key];
      }
    }
  }
}

/** A link as a query string without the `?`; commas in lists stay readable. */
export function linkQuery(link: PageLink): string {
  const parts: [string, string][] = [];
  if (link.view !== 'dashboard') parts.push(['view', link.view]);
  for (const [key, query] of LINK_FIELDS) {
    const v = fieldValue(link.scenario, key);
    if (v !== undefined) parts.push([query, fieldText(key, v)]);
  }
  if (link.view === 'compare') parts.push(['auctions', link.auctions.join(',')]);
  const run = link.view === 'dashboard' ? link.run : null;
  if (run) {
    if (run.changes.length > 0) parts.push(['changes', changesText(run.changes)]);
    if (run.rounds !== null) parts.push(['rounds', String(run.rounds)]);
    if (run.books) parts.push(['books', run.books.sha256], ['source', run.books.source]);
    if (run.engine !== null) parts.push(['engine', run.engine]);
  }
  // Commas, colons, semicolons and '=' read the same unescaped in a query value: kept readable.
  return parts
    .map(
      ([k, v]) =>
        `${k}=${encodeURIComponent(v).replace(/%(2C|3A|3B|3D)/g, (m) => decodeURIComponent(m))}`,
    )
    .join('&');
}

/** What a link needs of the browser (typed here: the unit tests compile without the DOM's types). */
interface Browser {
  readonly location: { readonly search: string; readonly pathname: string };
  readonly history: { replaceState(data: null, unused: string, url: string): void };
}
const browser = (): Browser => globalThis as unknown as Browser;

/** The page's link now. */
export function readLink(): ReadLink {
  return parseLink(browser().location.search);
}

/** Replaces the page's link (no new history entry: a link is a state to share, not a step). */
export function writeLink(link: PageLink): void {
  const q = linkQuery(link);
  const { history, location } = browser();
  history.replaceState(null, '', q ? `?${q}` : location.pathname);
}
