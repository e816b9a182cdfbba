import type { Scenario } from '../../engine';
import { hourText, type HourWindow } from '../../store/timeWindow';

/** The time axis's name in every time figure. */
export const TIME_AXIS_LABEL = 'Time (day of the run; hour of day between midnights)';

/**
 * The hours a figure shows, in words: "hours 0–96 of 96 (day 1, 00:00 to day 4, 23:00)", plus
 * how far the run had got when it is still under way.
 */
export function hoursText(w: HourWindow, simulated: number, total: number): string {
  const last = Math.min(w.to, Math.max(simulated, w.from + 1)) - 1;
  const span = `hours ${w.from}–${w.to} of ${total} (${hourText(w.from)} to ${hourText(last)})`;
  return simulated < total ? `${span}; ${simulated} of ${total} hours simulated so far` : span;
}

/** What a figure shows: scenario, seed, mechanism(s), neighbourhood and hours. */
export function figureCaption(
  scenario: Scenario | null,
  mechanisms: string,
  hours: string,
): string {
  if (!scenario) return `No run loaded. ${hours}.`;
  return `Scenario ${scenario.name}, seed ${scenario.seed}, mechanism ${mechanisms}, ${scenario.households} households, ${scenario.days} ${scenario.days === 1 ? 'day' : 'days'}; ${hours}.`;
}
