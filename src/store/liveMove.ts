/**
 * A slider's move, checked by the engine's own validator (`validateLiveParams`: the field
 * table's bounds and the cross checks between live fields) before it is sent, so the page asks
 * the worker only for what the engine accepts and says why when it cannot.
 */
import {
  CROSS_CHECKS,
  FIELDS,
  ScenarioError,
  validateLiveParams,
  type LiveKey,
  type LiveParams,
} from '../engine';

export interface LiveMove {
  /** What to send: the move, the nearest value the engine accepts, or nothing. */
  readonly params: Partial<LiveParams>;
  /** Why the move was cut short, in words; null when it was not. */
  readonly hint: string | null;
}

const accepts = (current: LiveParams, key: LiveKey, value: number): boolean => {
  try {
    validateLiveParams(current, { [key]: value });
    return true;
  } catch (e) {
    if (e instanceof ScenarioError) return false;
    throw e;
  }
};

const decimalsOf = (step: number): number => (String(step).split('.')[1] ?? '').length;

/**
 * Moves `key` from its value in `current` (which the engine accepts) towards `value`. When the
 * engine refuses `value`, the move stops at the last value on the slider's grid (multiples of
 * `step` away from the current value) that it accepts: the rules are ranges, so the accepted
 * values between the two are one stretch from the current value, found by bisection.
 */
export function checkLiveMove(
  current: LiveParams,
  key: LiveKey,
  value: number,
  step: number,
): LiveMove {
  let refusal: ScenarioError;
  try {
    validateLiveParams(current, { [key]: value });
    return { params: { [key]: value }, hint: null };
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    refusal = e;
  }
  const from = current[key];
  const up = value > from;
  const at = (k: number): number => Number((from + (up ? k : -k) * step).toFixed(decimalsOf(step)));
  let lo = 0;
  let hi = Math.round(Math.abs(value - from) / step);
  if (accepts(current, key, at(hi))) lo = hi; // `value` off the grid, its grid neighbour fine
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (accepts(current, key, at(mid))) lo = mid;
    else hi = mid;
  }
  const stop = at(lo);
  return {
    params: lo > 0 && stop !== from ? { [key]: stop } : {},
    hint: hintFor(refusal, current, key, up),
  };
}

/** "Minimum price can't exceed the maximum price (6); raise the maximum price first." */
function hintFor(e: ScenarioError, current: LiveParams, key: LiveKey, up: boolean): string {
  const check = CROSS_CHECKS.find((c) => c.field === e.field && c.uses.includes(key));
  const other = check?.uses.find((k): k is LiveKey => k !== key && k in current);
  if (!other) return e.message;
  const name = FIELDS[key].label;
  const otherName = FIELDS[other].label.toLowerCase();
  return up
    ? `${name} can't exceed the ${otherName} (${current[other]}); raise the ${otherName} first.`
    : `${name} can't go below the ${otherName} (${current[other]}); lower the ${otherName} first.`;
}
