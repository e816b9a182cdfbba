import { memo, useMemo } from 'react';
import { LineChart, useXAxisScale, useYAxisScale, XAxis, YAxis } from 'recharts';
import type { BookStep, RoundExplanation } from '../../engine';
import { priceText } from '../../engine';
import { niceScale } from '../charts/axisTicks';
import { CHART_MARGIN, grid } from '../charts/axes';
import { numberTick } from '../charts/PlainTick';
import { fmt } from '../format';

const DEMAND = '#1c7ed6';
const SUPPLY = '#f59f00';
const MARK = '#e8590c';
const STYLE = { width: '100%', height: 240 } as const;

/** A curve's steps as text for a data attribute: `from-to@price` joined by commas. */
const stepsText = (steps: readonly BookStep[]): string =>
  steps.map((s) => `${s.fromWh}-${s.toWh}@${s.price}`).join(',');

/**
 * The round's order book as demand (bids, highest first) and supply (asks, lowest first) step
 * curves over cumulative Wh, with the traded volume and the price marked where they cross. The
 * axes are recharts'; the steps and the mark are drawn on its scales by our own layer, as every
 * chart of the page is.
 */
export function BookChart({ x }: { x: RoundExplanation }) {
  const totalWh = Math.max(100, x.demand.at(-1)?.toWh ?? 0, x.supply.at(-1)?.toWh ?? 0);
  const prices = [...x.demand, ...x.supply].map((s) => s.price);
  if (x.marked.price !== null) prices.push(x.marked.price);
  const xs = useMemo(() => niceScale(0, totalWh / 1000, 6), [totalWh]);
  const lo = Math.min(x.params.priceMin, ...prices);
  const hi = Math.max(x.params.priceMax, ...prices);
  const ys = useMemo(() => niceScale(Math.max(0, lo - 1), hi + 1, 6), [lo, hi]);
  if (x.demand.length === 0 && x.supply.length === 0) {
    return <p className="empty-note">No household sent an order this hour.</p>;
  }
  return (
    <figure
      className="book-chart"
      data-testid="book-chart"
      data-demand={stepsText(x.demand)}
      data-supply={stepsText(x.supply)}
      data-cross-wh={x.crossWh}
      data-marked-wh={x.marked.energyWh}
      data-marked-price={x.marked.price ?? ''}
      aria-label="Order book: demand and supply"
    >
      <LineChart responsive style={STYLE} data={NO_ROWS} margin={CHART_MARGIN}>
        {grid}
        <XAxis
          dataKey="x"
          type="number"
          domain={xs?.domain ?? [0, totalWh / 1000]}
          ticks={xs?.ticks}
          allowDataOverflow
          niceTicks="none"
          interval={0}
          tick={numberTick(xs?.digits ?? 1)}
          fontSize={11}
        />
        <YAxis
          width={40}
          domain={ys?.domain}
          ticks={ys?.ticks}
          allowDataOverflow
          niceTicks="none"
          interval={0}
          tick={numberTick(ys?.digits ?? 0)}
          fontSize={11}
        />
        <Steps demand={x.demand} supply={x.supply} marked={x.marked} crossWh={x.crossWh} />
      </LineChart>
      <figcaption className="legend">
        <span>
          <span className="swatch" style={{ borderTopColor: DEMAND, borderTopStyle: 'solid' }} />{' '}
          demand (bids)
        </span>
        <span>
          <span className="swatch" style={{ borderTopColor: SUPPLY, borderTopStyle: 'solid' }} />{' '}
          supply (asks)
        </span>
        <span data-testid="book-marked">
          <span className="swatch" style={{ borderTopColor: MARK, borderTopStyle: 'dashed' }} />
          {x.marked.energyWh > 0
            ? `${fmt(x.marked.energyWh / 1000, 1)} kWh traded${
                x.marked.price !== null ? ` · ${x.marked.name} ${priceText(x.marked.price)}` : ''
              }`
            : 'nothing traded'}
          {x.crossWh > x.marked.energyWh
            ? ` · the curves cross up to ${fmt(x.crossWh / 1000, 1)} kWh`
            : ''}
        </span>
        <span className="unit">kWh along the book, price in coins / 100 Wh</span>
      </figcaption>
    </figure>
  );
}

const NO_ROWS: Record<string, number>[] = [];

/** One step curve as an SVG path over (kWh, price). */
function stepPath(
  steps: readonly BookStep[],
  x: (v: number) => number | undefined,
  y: (v: number) => number | undefined,
): string {
  let d = '';
  for (const s of steps) {
    const x0 = x(s.fromWh / 1000);
    const x1 = x(s.toWh / 1000);
    const py = y(s.price);
    if (x0 === undefined || x1 === undefined || py === undefined) continue;
    d += `${d ? 'L' : 'M'}${x0.toFixed(1)},${py.toFixed(1)}L${x1.toFixed(1)},${py.toFixed(1)}`;
  }
  return d;
}

const Steps = memo(function Steps({
  demand,
  supply,
  marked,
  crossWh,
}: {
  demand: readonly BookStep[];
  supply: readonly BookStep[];
  marked: RoundExplanation['marked'];
  crossWh: number;
}) {
  const xs = useXAxisScale();
  const ys = useYAxisScale();
  if (!xs || !ys) return null;
  const x = (v: number) => xs(v);
  const y = (v: number) => ys(v);
  const mx = x(marked.energyWh / 1000);
  const my = marked.price === null ? undefined : y(marked.price);
  const cx = x(crossWh / 1000);
  const x0 = x(0);
  return (
    <g className="book-steps">
      <path
        className="book-demand"
        data-testid="book-demand"
        d={stepPath(demand, x, y)}
        fill="none"
        stroke={DEMAND}
        strokeWidth={2}
      />
      <path
        className="book-supply"
        data-testid="book-supply"
        d={stepPath(supply, x, y)}
        fill="none"
        stroke={SUPPLY}
        strokeWidth={2}
      />
      {cx !== undefined && crossWh > 0 ? (
        <line
          x1={cx}
          x2={cx}
          y1={y(0) ?? 0}
          y2={0}
          stroke="#9aa5b1"
          strokeDasharray="2 3"
          className="book-cross"
        />
      ) : null}
      {mx !== undefined && my !== undefined && x0 !== undefined && marked.energyWh > 0 ? (
        <>
          <line x1={x0} x2={mx} y1={my} y2={my} stroke={MARK} strokeDasharray="4 3" />
          <line x1={mx} x2={mx} y1={my} y2={y(0) ?? my} stroke={MARK} strokeDasharray="4 3" />
          <circle
            data-testid="book-mark"
            cx={mx}
            cy={my}
            r={5}
            fill="#fff"
            stroke={MARK}
            strokeWidth={2}
          />
        </>
      ) : null}
    </g>
  );
});
