/**
 * The page's link: the one module that reads and writes the URL. A link holds the view, the
 * scenario's share parameters (the field table's `query` keys, `?preset=exp2&seed=7&...`) and
 * the comparison's mechanisms (`?view=compare&...&auctions=uniform,loyalty`).
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
  ScenarioError,
  allowedText,
  fieldValue,
  inputFromFields,
  isFieldKey,
  resolveScenario,
  type FieldKey,
  type FieldValues,
  type MechanismName,
  type ScenarioInput,
} from '../engine';
import { fieldText, parseFields } from './fieldText';

export const VIEWS = ['dashboard', 'compare'] as const;
export type View = (typeof VIEWS)[number];

export interface PageLink {
  readonly view: View;
  readonly scenario: ScenarioInput;
  /** The mechanisms the comparison plays (written only for the comparison view). */
  readonly auctions: readonly MechanismName[];
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
const PAGE_PARAMS = ['view', 'auctions'] as const;
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

  return { view, scenario, auctions: readAuctions(q.get('auctions'), problems), problems };
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
  return parts.map(([k, v]) => `${k}=${encodeURIComponent(v).replace(/%2C/g, ',')}`).join('&');
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
