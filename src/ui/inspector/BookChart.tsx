import { useMemo, useRef } from 'react';
import type { BookStep } from '../../engine';
import type { InspectedRound } from '../../worker/protocol';
import { priceText } from '../../engine';
import { niceScale } from '../charts/axisTicks';
import { useWidth } from '../charts/useWidth';
import { fmt } from '../format';

const DEMAND = '#1c7ed6';
const SUPPLY = '#f59f00';
const MARK = '#e8590c';
const HEIGHT = 240;
/** Room for the price labels on the left and the kWh labels below. */
const PAD = { top: 6, right: 18, bottom: 22, left: 40 } as const;

/** A curve's steps as text for a data attribute: `from-to@price` joined by commas. */
const stepsText = (steps: readonly BookStep[]): string =>
  steps.map((s) => `${s.fromWh}-${s.toWh}@${s.price}`).join(',');

/**
 * The round's order book as demand (bids, highest first) and supply (asks, lowest first) step
 * curves over cumulative Wh, with the traded volume and the price marked where they cross. Plain
 * SVG on our own scales, not a recharts chart like the time charts: the book changes with every
 * hour scrubbed, and each new recharts chart state went through recharts' store (an update of
 * its options, axes and ticks in effects after the render) on the main thread, the largest share
 * of the page's work per hour (npm run bench, inspector figures). The book needs no tooltip,
 * zoom or responsive container, only two axes of fixed ticks.
 */
export function BookChart({ x }: { x: InspectedRound }) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref, 420);
  const totalWh = Math.max(100, x.demand.at(-1)?.toWh ?? 0, x.supply.at(-1)?.toWh ?? 0);
  const prices = [...x.demand, ...x.supply].map((s) => s.price);
  if (x.marked.price !== null) prices.push(x.marked.price);
  const xs = useMemo(() => niceScale(0, totalWh / 1000, 6), [totalWh]);
  const lo = Math.min(x.params.priceMin, ...prices);
  const hi = Math.max(x.params.priceMax, ...prices);
  const ys = useMemo(() => niceScale(Math.max(0, lo - 1), hi + 1, 6), [lo, hi]);
  if (x.demand.length === 0 && x.supply.length === 0) {
    return (
      <div ref={ref}>
        <p className="empty-note">No household sent an order this hour.</p>
      </div>
    );
  }
  const xd = xs?.domain ?? [0, totalWh / 1000];
  const yd = ys?.domain ?? [0, 1];
  const plotW = Math.max(1, width - PAD.left - PAD.right);
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const px = (v: number): number => PAD.left + ((v - xd[0]) / (xd[1] - xd[0] || 1)) * plotW;
  const py = (v: number): number => PAD.top + (1 - (v - yd[0]) / (yd[1] - yd[0] || 1)) * plotH;
  return (
    <div ref={ref}>
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
        <div className="book-plot">
          <svg width={width} height={HEIGHT} role="presentation">
            <g className="book-grid" stroke="#e3e7ee" strokeDasharray="3 3">
              {(xs?.ticks ?? []).map((t) => (
                <line key={`x${t}`} x1={px(t)} x2={px(t)} y1={PAD.top} y2={PAD.top + plotH} />
              ))}
              {(ys?.ticks ?? []).map((t) => (
                <line key={`y${t}`} x1={PAD.left} x2={PAD.left + plotW} y1={py(t)} y2={py(t)} />
              ))}
            </g>
            <g className="book-ticks" fill="#666" fontSize={11}>
              {(xs?.ticks ?? []).map((t) => (
                <text key={`x${t}`} x={px(t)} y={HEIGHT - 6} textAnchor="middle">
                  {fmt(t, xs?.digits ?? 1)}
                </text>
              ))}
              {(ys?.ticks ?? []).map((t) => (
                <text key={`y${t}`} x={PAD.left - 6} y={py(t)} dy="0.355em" textAnchor="end">
                  {fmt(t, ys?.digits ?? 0)}
                </text>
              ))}
            </g>
            <Steps
              demand={x.demand}
              supply={x.supply}
              marked={x.marked}
              crossWh={x.crossWh}
              px={px}
              py={py}
              bottom={PAD.top + plotH}
            />
          </svg>
        </div>
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
    </div>
  );
}

/** One step curve as an SVG path over (kWh, price). */
function stepPath(
  steps: readonly BookStep[],
  x: (v: number) => number,
  y: (v: number) => number,
): string {
  let d = '';
  for (const s of steps) {
    const x0 = x(s.fromWh / 1000).toFixed(1);
    const x1 = x(s.toWh / 1000).toFixed(1);
    const py = y(s.price).toFixed(1);
    d += `${d ? 'L' : 'M'}${x0},${py}L${x1},${py}`;
  }
  return d;
}

function Steps({
  demand,
  supply,
  marked,
  crossWh,
  px: x,
  py: y,
  bottom,
}: {
  demand: readonly BookStep[];
  supply: readonly BookStep[];
  marked: InspectedRound['marked'];
  crossWh: number;
  px: (v: number) => number;
  py: (v: number) => number;
  /** The plot's lowest y: where the vertical marks end. */
  bottom: number;
}) {
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
      {crossWh > 0 ? (
        <line
          x1={cx}
          x2={cx}
          y1={bottom}
          y2={0}
          stroke="#9aa5b1"
          strokeDasharray="2 3"
          className="book-cross"
        />
      ) : null}
      {my !== undefined && marked.energyWh > 0 ? (
        <>
          <line x1={x0} x2={mx} y1={my} y2={my} stroke={MARK} strokeDasharray="4 3" />
          <line x1={mx} x2={mx} y1={my} y2={bottom} stroke={MARK} strokeDasharray="4 3" />
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
}
