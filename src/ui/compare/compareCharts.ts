import type { SeriesKey } from '../../store/compareHistory';

/** One chart of the comparison: a figure over the run, a line per compared mechanism. */
export interface CompareChartDef {
  readonly id: string;
  readonly title: string;
  /** What the y axis measures, for a figure's axis label. */
  readonly quantity: string;
  readonly unit: string;
  readonly series: SeriesKey;
  /** A running total: a day or a column reads its last hour (the line ends on the table's figure). */
  readonly cumulative?: boolean;
  /** Per-hour figures keep their gaps: bridging the night's no-trade hours would draw trades never made. */
  readonly gaps?: boolean;
}

/** The comparison's charts in the page's order; the page and the figure export read this list. */
export const COMPARE_CHARTS: readonly CompareChartDef[] = [
  {
    id: 'price',
    title: 'Mean traded price',
    quantity: 'Price',
    unit: 'coins / 100 Wh',
    series: 'meanTradePrice',
    gaps: true,
  },
  {
    id: 'traded',
    title: 'Traded energy, cumulative',
    quantity: 'Traded since the start',
    unit: 'kWh',
    series: 'cumTradedKWh',
    cumulative: true,
  },
  {
    id: 'grid-import',
    title: 'Grid import, cumulative',
    quantity: 'Bought from the grid since the start',
    unit: 'kWh',
    series: 'cumGridImportKWh',
    cumulative: true,
  },
  {
    id: 'money',
    title: 'Mean money balance per household',
    quantity: 'Money with the grid',
    unit: 'coins',
    series: 'meanMoney',
    gaps: true,
  },
  {
    id: 'utility',
    title: 'Average utility so far',
    quantity: 'Surplus per traded 100 Wh',
    unit: 'coins / 100 Wh',
    series: 'averageUtility',
    gaps: true,
  },
];
