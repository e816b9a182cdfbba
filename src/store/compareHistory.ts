import type { CompareBatch, CompareSeries } from '../worker/protocol';

export type SeriesKey = keyof CompareSeries;

export const SERIES_KEYS: readonly SeriesKey[] = [
  'meanTradePrice',
  'cumTradedKWh',
  'cumGridImportKWh',
  'meanMoney',
  'averageUtility',
];

/**
 * Every compared mechanism's per-round series, preallocated for the whole run so a long run makes
 * no per-round objects. Mutated in place; the store's version says when it changed.
 */
export class CompareHistory {
  readonly totalRounds: number;
  private readonly lanes: Record<SeriesKey, Float64Array>[];
  length = 0;

  constructor(mechanisms: number, totalRounds: number) {
    this.totalRounds = totalRounds;
    this.lanes = Array.from({ length: mechanisms }, () => {
      const lane = {} as Record<SeriesKey, Float64Array>;
      for (const k of SERIES_KEYS) lane[k] = new Float64Array(totalRounds).fill(Number.NaN);
      return lane;
    });
  }

  append(b: CompareBatch): void {
    b.series.forEach((s, m) => {
      const lane = this.lanes[m];
      if (!lane) return;
      for (const k of SERIES_KEYS) lane[k].set(s[k].subarray(0, b.count), b.firstRound);
    });
    this.length = Math.max(this.length, Math.min(this.totalRounds, b.firstRound + b.count));
  }

  value(mechanism: number, key: SeriesKey, round: number): number {
    return this.lanes[mechanism]?.[key][round] ?? Number.NaN;
  }
}
