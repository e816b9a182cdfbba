import { MECHANISM_NAMES, type MechanismName, type ScenarioInput } from '../../engine';
import { queryFromScenario, scenarioFromQuery } from '../../store/urlScenario';

/** What a comparison URL (`?view=compare&preset=exp3&seed=1&auctions=uniform,loyalty`) holds. */
export interface CompareQuery {
  readonly scenario: ScenarioInput;
  readonly auctions: readonly MechanismName[];
}

/** Two call auctions the thesis compared, when the URL names none. */
export const DEFAULT_AUCTIONS: readonly MechanismName[] = ['uniform', 'loyalty'];

export function isCompareView(search: string): boolean {
  return new URLSearchParams(search).get('view') === 'compare';
}

/**
 * Reads the comparison from a query string, with the dashboard's own scenario parameters (one
 * parser for both views). Unknown mechanism names are dropped here rather than refused: the
 * checkboxes can only show the known ones, and the view shows which are picked.
 */
export function compareFromQuery(search: string): CompareQuery {
  const scenario = scenarioFromQuery(search);
  // The auction comes from the checkboxes, never the scenario.
  delete scenario.auction;
  const raw = new URLSearchParams(search).get('auctions');
  const known = new Set<string>(MECHANISM_NAMES);
  const picked = (raw ?? '').split(',').filter((a): a is MechanismName => known.has(a));
  return { scenario, auctions: picked.length > 0 ? [...new Set(picked)] : DEFAULT_AUCTIONS };
}

export function queryFromCompare(q: CompareQuery): string {
  const rest = queryFromScenario(q.scenario);
  return `view=compare${rest ? `&${rest}` : ''}&auctions=${q.auctions.join(',')}`;
}
