import type { Scenario } from '../engine';
import { HOUSEHOLD_SERIES, ROUND_SERIES, type History } from '../store/history';
import { WEATHER_CODES } from '../worker/protocol';

/** The run as CSV: one row per round, aggregates first, then every household's figures. */
export function runToCsv(h: History): string {
  const head = ['round', 'day', 'hourOfDay', 'weather', 'trades', ...ROUND_SERIES];
  for (let i = 0; i < h.households; i++) for (const k of HOUSEHOLD_SERIES) head.push(`h${i}_${k}`);
  const lines = [head.join(',')];
  for (let r = 0; r < h.length; r++) {
    const row: (string | number)[] = [
      r,
      h.day[r] ?? 0,
      h.hourOfDay[r] ?? 0,
      WEATHER_CODES[h.weather[r] ?? 0] ?? '',
      h.tradeCount[r] ?? 0,
    ];
    for (const k of ROUND_SERIES) {
      const v = h.round[k][r] ?? NaN;
      row.push(Number.isFinite(v) ? v : '');
    }
    for (let i = 0; i < h.households; i++)
      for (const k of HOUSEHOLD_SERIES) row.push(h.householdValue(k, r, i));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

/** The run as JSON: the resolved scenario plus every series, so it can be reloaded and re-plotted. */
export function runToJson(scenario: Scenario | null, h: History): string {
  const n = h.length;
  const rounds: Record<string, number[]> = {
    day: Array.from(h.day.subarray(0, n)),
    hourOfDay: Array.from(h.hourOfDay.subarray(0, n)),
    tradeCount: Array.from(h.tradeCount.subarray(0, n)),
  };
  for (const k of ROUND_SERIES)
    rounds[k] = Array.from(h.round[k].subarray(0, n), (v) => (Number.isFinite(v) ? v : NaN));
  const households: Record<string, number[][]> = {};
  for (const k of HOUSEHOLD_SERIES) {
    households[k] = Array.from({ length: h.households }, (_, i) =>
      Array.from({ length: n }, (_, r) => h.householdValue(k, r, i)),
    );
  }
  return JSON.stringify({
    scenario,
    rounds: {
      ...rounds,
      weather: Array.from(h.weather.subarray(0, n), (w) => WEATHER_CODES[w] ?? ''),
    },
    households,
  });
}
