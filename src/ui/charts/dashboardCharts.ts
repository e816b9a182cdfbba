/**
 * The dashboard's time charts as data: their titles, units and series. The page draws them
 * (Charts.tsx) and the figure export draws them offscreen (src/ui/figure), from this one list.
 */
import { solarShare, thesisSolarPrint } from '../../engine';
import type { History, RoundSeries } from '../../store/history';
import { coins, loyaltyShare } from '../format';
import { householdLines } from './householdSeries';
import type { SeriesSpec } from './TimeChart';

const kWh = (wh: number): number => wh / 1000;

const PRICE: readonly SeriesSpec[] = [
  {
    key: 'price',
    name: 'Clearing price',
    color: '#1c7ed6',
    width: 2,
    value: (h, r) => h.round.clearingPrice[r] ?? NaN,
  },
  {
    key: 'mean',
    name: 'Mean traded price',
    color: '#7048e8',
    value: (h, r) => h.round.meanTradePrice[r] ?? NaN,
  },
  {
    key: 'min',
    name: 'Minimum price',
    color: '#2f9e44',
    dashed: true,
    value: (h, r) => h.round.priceMin[r] ?? NaN,
    start: (h) => h.start?.params.priceMin ?? NaN,
  },
  {
    key: 'max',
    name: 'Maximum price',
    color: '#e03131',
    dashed: true,
    value: (h, r) => h.round.priceMax[r] ?? NaN,
    start: (h) => h.start?.params.priceMax ?? NaN,
  },
];

const ENERGY: readonly SeriesSpec[] = [
  {
    key: 'produced',
    name: 'Production',
    color: '#f59f00',
    value: (h, r) => kWh(h.round.producedWh[r] ?? NaN),
  },
  {
    key: 'consumed',
    name: 'Consumption',
    color: '#5b6b82',
    value: (h, r) => kWh(h.round.consumedWh[r] ?? NaN),
  },
  {
    key: 'traded',
    name: 'Traded',
    color: '#1c7ed6',
    value: (h, r) => kWh(h.round.tradedWh[r] ?? NaN),
  },
];

const UTILITY: readonly SeriesSpec[] = [
  {
    key: 'utility',
    name: 'Average utility',
    color: '#7048e8',
    value: (h, r) => coins(h.round.averageUtility[r] ?? NaN),
  },
];

/** Sum of a per-round series over rounds [from, to). */
function total(h: History, series: RoundSeries, from: number, to: number): number {
  let sum = 0;
  for (let r = from; r < to; r++) sum += h.round[series][r] ?? 0;
  return sum;
}

const percent = (share: number | null): number => (share === null ? NaN : 100 * share);

/**
 * Both energy prints, each by its own definition (src/engine/figures.ts), over the hours each
 * point covers: ours measures consumption, the thesis's measures production.
 */
const PRINT: readonly SeriesSpec[] = [
  {
    key: 'solar',
    name: 'Solar share of consumption (ours): 1 − grid import ÷ consumption',
    color: '#f59f00',
    width: 2,
    value: (h, r) => percent(solarShare(h.round.consumedWh[r] ?? 0, h.round.gridImportWh[r] ?? 0)),
    span: (h, from, to) =>
      percent(solarShare(total(h, 'consumedWh', from, to), total(h, 'gridImportWh', from, to))),
  },
  {
    key: 'thesis',
    name: "Thesis's energy print: production ÷ (grid import + production)",
    color: '#495057',
    dashed: true,
    value: (h, r) =>
      percent(thesisSolarPrint(h.round.producedWh[r] ?? 0, h.round.gridImportWh[r] ?? 0)),
    span: (h, from, to) =>
      percent(
        thesisSolarPrint(total(h, 'producedWh', from, to), total(h, 'gridImportWh', from, to)),
      ),
  },
];

export interface TimeChartDef {
  readonly id: string;
  readonly title: string;
  /** What the y axis measures, for a figure's axis label. */
  readonly quantity: string;
  readonly unit: string;
  readonly series: readonly SeriesSpec[];
}

/**
 * Every time chart of the dashboard in the page's order (the price histogram, not a time chart,
 * follows the first); household charts draw `selected` bold and, with `every`, each household.
 */
export function dashboardTimeCharts(selected: number, every: number): TimeChartDef[] {
  return [
    {
      id: 'price',
      title: 'Price per round',
      quantity: 'Price',
      unit: 'coins / 100 Wh',
      series: PRICE,
    },
    {
      id: 'battery',
      title: 'Battery level',
      quantity: 'Battery level',
      unit: 'kWh',
      series: householdLines('batteryWh', selected, kWh, every),
    },
    {
      id: 'coin',
      title: 'Coin balance',
      quantity: 'Energy coins',
      unit: 'coins',
      series: householdLines('coinBalance', selected, coins, every),
    },
    {
      id: 'money',
      title: 'Money balance',
      quantity: 'Money with the grid',
      unit: 'money',
      series: householdLines('moneyBalance', selected, coins, every),
    },
    {
      id: 'loyalty',
      title: 'Loyalty',
      quantity: 'Loyalty',
      unit: 'factor, 1 at the start',
      series: householdLines('loyalty', selected, loyaltyShare, every),
    },
    {
      id: 'utility',
      title: 'Average auction utility',
      quantity: 'Surplus per traded 100 Wh',
      unit: 'coins',
      series: UTILITY,
    },
    {
      id: 'energy',
      title: 'Production vs consumption',
      quantity: 'Energy',
      unit: 'kWh per hour',
      series: ENERGY,
    },
    { id: 'print', title: 'Energy print', quantity: 'Share', unit: '%', series: PRINT },
  ];
}
