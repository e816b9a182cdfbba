import type { HouseholdSeries } from '../../store/history';
import type { SeriesSpec } from './TimeChart';

/** Above this many households a line each is a grey smear, not a picture: the option is off. */
export const MAX_EVERY_HOUSEHOLD = 100;

/**
 * The lines of a per-household chart: the neighbourhood's mean, its spread (min and max), and the
 * picked household drawn bold so it stands out in every chart at once. With `every` (the
 * neighbourhood's size, up to MAX_EVERY_HOUSEHOLD), a faint line per other household underneath.
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
  return [
    ...crowd,
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
