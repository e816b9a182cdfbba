import type { History, HouseholdSeries } from '../../store/history';
import type { SeriesSpec } from './TimeChart';

/** Aggregates of one per-household series at one round. */
function across(
  h: History,
  series: HouseholdSeries,
  round: number,
  op: 'mean' | 'min' | 'max',
): number {
  const n = h.households;
  if (n === 0) return Number.NaN;
  const a = h.household[series];
  let acc = op === 'mean' ? 0 : op === 'min' ? Infinity : -Infinity;
  for (let i = round * n; i < round * n + n; i++) {
    const v = a[i] ?? 0;
    if (op === 'mean') acc += v;
    else if (op === 'min') acc = Math.min(acc, v);
    else acc = Math.max(acc, v);
  }
  return op === 'mean' ? acc / n : acc;
}

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
      value: (h, r) => scale(across(h, series, r, 'max')),
    },
    {
      key: 'mean',
      name: 'Neighbourhood mean',
      color: '#5b6b82',
      value: (h, r) => scale(across(h, series, r, 'mean')),
    },
    {
      key: 'min',
      name: 'Min',
      color: '#b8c4d6',
      dashed: true,
      value: (h, r) => scale(across(h, series, r, 'min')),
    },
    {
      key: 'selected',
      name: `Household ${selected}`,
      color: '#e8590c',
      width: 2.5,
      value: (h, r) => scale(h.householdValue(series, r, selected)),
    },
  ];
}
