import type { HouseholdSeries } from '../../store/history';
import type { SeriesSpec } from './TimeChart';

/**
 * The lines of a per-household chart: the neighbourhood's mean, its spread (min and max), and the
 * picked household drawn bold so it stands out in every chart at once.
 */
export function householdLines(
  series: HouseholdSeries,
  selected: number,
  scale: (v: number) => number,
): SeriesSpec[] {
  return [
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
