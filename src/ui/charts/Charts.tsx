import { useMemo } from 'react';
import { solarShare, thesisSolarPrint } from '../../engine';
import type { History, RoundSeries } from '../../store/history';
import { useSim } from '../../store/simStore';
import { RoundInspector } from '../inspector/RoundInspector';
import { useDashboardTime } from '../../store/timeView';
import { coins, fmt, loyaltyShare } from '../format';
import { householdLines } from './householdSeries';
import { PriceHistogram } from './PriceHistogram';
import { TimeBar, type OverviewLine } from './TimeBar';
import { TimeChart, type SeriesSpec } from './TimeChart';

// The first Intl.NumberFormat of each precision costs tens of milliseconds (locale data); build
// them while the page loads rather than inside the first round's render during Play.
for (let digits = 0; digits <= 6; digits++) fmt(0, digits);

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

/** Every live chart of the dashboard. */
export function Charts() {
  const selected = useSim((s) => s.selectedHousehold);
  const every = useSim((s) => (s.everyHousehold ? (s.scenario?.households ?? 0) : 0));
  const { battery, coin, money, loyalty } = useMemo(
    () => ({
      battery: householdLines('batteryWh', selected, kWh, every),
      coin: householdLines('coinBalance', selected, coins, every),
      money: householdLines('moneyBalance', selected, coins, every),
      loyalty: householdLines('loyalty', selected, loyaltyShare, every),
    }),
    [selected, every],
  );
  return (
    <>
      <DashboardTimeBar />
      <RoundInspector />
      <section className="charts" aria-label="Charts">
        <TimeChart id="price" title="Price per round" unit="coins / 100 Wh" series={PRICE} />
        <PriceHistogram />
        <TimeChart id="battery" title="Battery level" unit="kWh" series={battery} />
        <TimeChart id="coin" title="Coin balance" unit="coins" series={coin} />
        <TimeChart id="money" title="Money balance" unit="money" series={money} />
        <TimeChart id="loyalty" title="Loyalty" unit="share" series={loyalty} />
        <TimeChart id="utility" title="Average auction utility" unit="coins" series={UTILITY} />
        <TimeChart
          id="energy"
          title="Production vs consumption"
          unit="kWh per hour"
          series={ENERGY}
        />
        <TimeChart id="print" title="Energy print" unit="%" series={PRINT} />
      </section>
    </>
  );
}

/** The dashboard's scrubber and window, over the run's production and traded energy. */
function DashboardTimeBar() {
  const history = useSim((s) => s.history);
  const version = useSim((s) => s.version);
  const total = useSim((s) => s.totalRounds);
  const overview = useMemo<OverviewLine[]>(
    () => [
      { key: 'produced', color: '#f59f00', value: (r) => history.round.producedWh[r] ?? NaN },
      { key: 'traded', color: '#1c7ed6', value: (r) => history.round.tradedWh[r] ?? NaN },
    ],
    [history],
  );
  return (
    <TimeBar
      time={useDashboardTime}
      totalRounds={total}
      length={history.length}
      version={version}
      overview={overview}
    />
  );
}
