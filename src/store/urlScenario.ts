import type { ScenarioInput } from '../engine';

/** The scenario fields a shareable URL carries; everything else comes from the preset. */
const NUMERIC = [
  'seed',
  'households',
  'days',
  'priceMin',
  'priceMax',
  'batteryThreshold',
  'batteryCapacityWh',
  'initCoins',
  'gridRetailPrice',
  'gridFeedInPrice',
] as const;

/**
 * Reads a scenario from a query string (`?preset=exp1&seed=7&households=5`). Values are passed
 * through unvalidated: resolveScenario in the worker names any bad field, value and range.
 */
export function scenarioFromQuery(search: string): ScenarioInput {
  const q = new URLSearchParams(search);
  const out: Record<string, unknown> = {};
  const preset = q.get('preset');
  if (preset) out.preset = preset;
  const auction = q.get('auction');
  if (auction) out.auction = auction;
  for (const k of NUMERIC) {
    const v = q.get(k);
    if (v !== null && v !== '') out[k] = Number(v);
  }
  const weatherMode = q.get('weatherMode');
  if (weatherMode) out.weather = { mode: weatherMode };
  const learning = q.get('learning');
  if (learning !== null) out.learning = { enabled: learning === '1' || learning === 'true' };
  return out as ScenarioInput;
}

export function queryFromScenario(input: ScenarioInput): string {
  const q = new URLSearchParams();
  const rec = input as Record<string, unknown>;
  for (const k of ['preset', 'auction', ...NUMERIC]) {
    const v = rec[k];
    if (typeof v === 'string' || typeof v === 'number') q.set(k, String(v));
  }
  if (input.weather?.mode) q.set('weatherMode', input.weather.mode);
  if (input.learning?.enabled !== undefined) q.set('learning', input.learning.enabled ? '1' : '0');
  return q.toString();
}

/**
 * The scenario the dashboard opens with: the URL's, or on a first visit with none the thesis's
 * loyalty experiment (20 households, 30 days) rather than SPEC's one-household default, so the
 * page shows a neighbourhood trading.
 */
export function initialScenario(search: string): ScenarioInput {
  const fromUrl = scenarioFromQuery(search);
  return Object.keys(fromUrl).length > 0 ? fromUrl : { preset: 'exp3' };
}
