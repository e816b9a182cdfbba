import { energyPrints, roundsHeader, roundsLine, type RoundValues, type Scenario } from '../engine';
import { ROUND_SERIES, HOUSEHOLD_SERIES, type History } from '../store/history';
import { WEATHER_CODES } from '../worker/protocol';

/**
 * The run as the CLI's rounds.csv: its columns, one row per hour, each written by the engine's
 * csv module (the CLI's writer), so the page's file and `simulate`'s are the same bytes for the
 * same run. Per-household figures are in the JSON export.
 */
export function runToCsv(h: History): string {
  const lines = [roundsHeader()];
  const valueAt = (k: (typeof ROUND_SERIES)[number], r: number): number | null => {
    const v = h.round[k][r] ?? Number.NaN;
    return Number.isFinite(v) ? v : null;
  };
  const int = (k: (typeof ROUND_SERIES)[number], r: number): number => h.round[k][r] ?? 0;
  // The cumulative prints from the same integer sums the engine's collector keeps, in order.
  const soFar = { producedWh: 0, consumedWh: 0, gridImportWh: 0 };
  for (let r = 0; r < h.length; r++) {
    soFar.producedWh += int('producedWh', r);
    soFar.consumedWh += int('consumedWh', r);
    soFar.gridImportWh += int('gridImportWh', r);
    const prints = energyPrints(soFar);
    const v: RoundValues = {
      round: r,
      day: h.day[r] ?? 0,
      hour: h.hourOfDay[r] ?? 0,
      weather: WEATHER_CODES[h.weather[r] ?? 0] ?? '',
      clearingPrice: valueAt('clearingPrice', r),
      buyOrders: int('buyOrders', r),
      sellOrders: int('sellOrders', r),
      bidWh: int('bidWh', r),
      askWh: int('askWh', r),
      tradedWh: int('tradedWh', r),
      returnedWh: int('returnedWh', r),
      rejectedWh: int('rejectedWh', r),
      minTradePrice: valueAt('minTradePrice', r),
      maxTradePrice: valueAt('maxTradePrice', r),
      meanTradePrice: valueAt('meanTradePrice', r),
      producedWh: int('producedWh', r),
      consumedWh: int('consumedWh', r),
      gridImportWh: int('gridImportWh', r),
      gridExportWh: int('gridExportWh', r),
      averageUtility: int('averageUtility', r),
      totalSurplus: int('totalSurplus', r),
      learningPhase: int('learningPhase', r),
      solarShareSoFar: prints.solarShare,
      thesisSolarPrintSoFar: prints.thesisSolarPrint,
    };
    lines.push(roundsLine(v));
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
  // A long run with many households keeps each household's values only every few rounds (the
  // page's heap budget, history.ts); the rounds not kept are null, never a repeated value.
  const households: Record<string, (number | null)[][]> = {};
  for (const k of HOUSEHOLD_SERIES) {
    households[k] = Array.from({ length: h.households }, (_, i) =>
      Array.from({ length: n }, (_, r) => (h.householdKept(r) ? h.householdValue(k, r, i) : null)),
    );
  }
  return JSON.stringify({
    scenario,
    rounds: {
      ...rounds,
      weather: Array.from(h.weather.subarray(0, n), (w) => WEATHER_CODES[w] ?? ''),
    },
    householdRoundsEvery: h.householdEvery,
    households,
  });
}
