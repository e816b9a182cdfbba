import type { HouseholdSeries } from '../../store/history';
import type { SeriesSpec } from './TimeChart';

/**
 * Above this many households a line each is a grey smear, not a picture, and a redraw of 1,000
 * lines passes the 50 ms a task may take: "draw every household" draws bands instead.
 */
export const MAX_EVERY_HOUSEHOLD = 100;

/**
 * The lines of a per-household chart: the neighbourhood's mean, its spread (min and max), and the
 * picked household drawn bold so it stands out in every chart at once. With `every` (the
 * neighbourhood's size): up to MAX_EVERY_HOUSEHOLD, a faint line per other household underneath;
 * above it, the households' distribution as bands (min to max, 10th to 90th percentile) and its
 * median, aggregated once per round (history.ts, percentiles.ts), so drawing them costs
 * the same at 1,000 households as at 101.
 */
export function householdLines(
  series: HouseholdSeries,
  selected: number,
  scale: (v: number) => number,
  every = 0,
): SeriesSpec[] {
  const crowd: SeriesSpec[] = [];
  for (let i = 0; i < (every <= MAX_EVERY_HOUSEHOLD ? every : 0); i++) {
    if (i === selected) continue;
    crowd.push({
      key: `h${i}`,
      name: `Household ${i}`,
      group: 'Each household',
      color: '#d5dce6',
      width: 0.75,
      value: (h, r) => scale(h.householdValue(series, r, i)),
      start: (h) => scale(h.householdStart(series, i)),
    });
  }
  const bands: SeriesSpec[] =
    every > MAX_EVERY_HOUSEHOLD
      ? [
          {
            key: 'band-range',
            name: 'Every household, min to max',
            color: '#9fb0c8',
            area: 0.22,
            value: (h, r) => scale(h.spread[series].min[r] ?? Number.NaN),
            upper: (h, r) => scale(h.spread[series].max[r] ?? Number.NaN),
            start: (h) => scale(h.startSpread[series].min),
            upperStart: (h) => scale(h.startSpread[series].max),
          },
          {
            key: 'band-p10-p90',
            name: '10th to 90th percentile',
            color: '#6d83a6',
            area: 0.3,
            value: (h, r) => scale(h.spread[series].p10[r] ?? Number.NaN),
            upper: (h, r) => scale(h.spread[series].p90[r] ?? Number.NaN),
            start: (h) => scale(h.startSpread[series].p10),
            upperStart: (h) => scale(h.startSpread[series].p90),
          },
        ]
      : [];
  const median: SeriesSpec[] =
    every > MAX_EVERY_HOUSEHOLD
      ? [
          {
            key: 'median',
            name: 'Median household',
            color: '#1c7c54',
            width: 1.5,
            value: (h, r) => scale(h.spread[series].median[r] ?? Number.NaN),
            start: (h) => scale(h.startSpread[series].median),
          },
        ]
      : [];
  return [
    ...crowd,
    ...bands,
    {
      key: 'max',
      name: 'Max',
      color: '#b8c4d6',
      dashed: true,
      value: (h, r) => scale(h.spread[series].max[r] ?? Number.NaN),
      start: (h) => scale(h.startSpread[series].max),
    },
    {
      key: 'mean',
      name: 'Neighbourhood mean',
      color: '#5b6b82',
      value: (h, r) => scale(h.spread[series].mean[r] ?? Number.NaN),
      start: (h) => scale(h.startSpread[series].mean),
    },
    {
      key: 'min',
      name: 'Min',
      color: '#b8c4d6',
      dashed: true,
      value: (h, r) => scale(h.spread[series].min[r] ?? Number.NaN),
      start: (h) => scale(h.startSpread[series].min),
    },
    ...median,
    {
      key: 'selected',
      name: `Household ${selected}`,
      color: '#e8590c',
      width: 2.5,
      value: (h, r) => scale(h.householdValue(series, r, selected)),
      start: (h) => scale(h.householdStart(series, selected)),
    },
  ];
}
