import { memo, useMemo, useRef, useState } from 'react';
import { LineChart, useXAxisScale, useYAxisScale } from 'recharts';
import { useSim } from '../../store/simStore';
import { fmt } from '../format';
import { dashboardFigure, dashboardStem, HISTOGRAM_ID } from '../figure/dashboardFigures';
import { FigureButtons } from '../figure/FigureButtons';
import { BAR_COLOR, histogramBins as bins, type Bin } from './histogramBins';
import { niceScale, type Scale } from './axisTicks';
import { pointerTooltip } from './ChartTooltip';
import { CHART_MARGIN, CHART_STYLE, grid, xAxisOn, yAxisOn } from './axes';
import { useInView } from './useInView';
import { useSameScale } from './useSameScale';
import { useStaggered } from './useStaggered';

/** Energy traded at each price so far (coins per 100 Wh), in kWh. */
export function PriceHistogram() {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  // Off screen the selector returns a constant, so the chart does not even re-render, and the
  // drawing keeps the last version seen on screen (as TimeChart's): drawing the constant redrew
  // the chart as it left the view (a 70 ms task at 1,000 households) and again as it came back.
  const latest = useSim((s) => (inView ? s.version : -1));
  const [seen, setSeen] = useState(latest);
  if (inView && seen !== latest) setSeen(latest);
  const version = useStaggered(inView ? latest : seen);
  const history = useSim((s) => s.history);
  const live = useSim((s) => s.live);
  const data = useMemo(() => {
    void version;
    return bins(history.priceHistogramWh, live);
  }, [history, version, live]);
  const traded = data.filter((d) => d.kWh > 0).length;
  const y = useSameScale(
    useMemo(() => niceScale(0, Math.max(1e-9, ...data.map((d) => d.kWh))), [data]),
  );
  const first = data[0];
  const last = data.at(-1);
  const x = useSameScale(
    useMemo(
      () => (first && last ? niceScale(first.price, last.price + last.width, 8) : null),
      [first, last],
    ),
  );
  // As in SeriesChart: the tooltip only costs while the pointer is over the chart.
  const [hover, setHover] = useState(false);

  return (
    <figure
      ref={ref}
      className="chart"
      aria-labelledby="hist-title"
      data-testid="chart-price-histogram"
      data-bars={traded}
      onPointerEnter={() => setHover(true)}
      onPointerLeave={() => setHover(false)}
    >
      <figcaption id="hist-title">
        Traded prices <span className="unit">(kWh traded per price, coins / 100 Wh)</span>
        <FigureButtons
          title="Traded prices"
          figure={() => dashboardFigure(HISTOGRAM_ID)}
          stem={dashboardStem}
        />
      </figcaption>
      {/* Always mounted: mounting a chart mid-run costs far more than updating one. */}
      {traded === 0 ? <p className="empty-note">No trades yet.</p> : null}
      <div className="chart-plot">
        <Histogram data={data} x={x} y={y} tooltip={hover} />
      </div>
    </figure>
  );
}

/**
 * As in SeriesChart: fixed axes as memoised elements, and the bars drawn on recharts' scales by
 * HistogramBars, so a redraw hands recharts new bins and nothing else.
 */
const Histogram = memo(function Histogram({
  data,
  x,
  y,
  tooltip,
}: {
  data: Bin[];
  x: Scale | null;
  y: Scale | null;
  tooltip: boolean;
}) {
  const xAxis = useMemo(() => xAxisOn('price', x), [x]);
  const yAxis = useMemo(() => yAxisOn(y), [y]);
  const tip = useMemo(
    () =>
      tooltip
        ? pointerTooltip((price) => {
            const bin = data.find((b) => b.price === price);
            return bin
              ? {
                  title: `${fmt(bin.price, 1)} – ${fmt(bin.price + bin.width, 1)} coins / 100 Wh`,
                  entries: [{ name: 'kWh traded', color: BAR_COLOR, value: bin.kWh }],
                }
              : null;
          })
        : null,
    [tooltip, data],
  );
  return (
    <LineChart responsive style={CHART_STYLE} data={data} margin={CHART_MARGIN}>
      {grid}
      {xAxis}
      {yAxis}
      {tip}
      <HistogramBars bins={data} />
    </LineChart>
  );
});

/** The bars, one <rect> per non-empty bin, on recharts' own axis scales. */
const HistogramBars = memo(function HistogramBars({ bins }: { bins: readonly Bin[] }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  const base = y(0) ?? 0;
  return (
    <g className="histogram-bars">
      {bins.map((b) => {
        const left = x(b.price);
        const right = x(b.price + b.width);
        const top = y(b.kWh);
        if (b.kWh <= 0 || left === undefined || right === undefined || top === undefined) {
          return null;
        }
        return (
          <rect
            key={b.price}
            className="histogram-bar"
            x={left + 0.5}
            y={top}
            width={Math.max(1, right - left - 1)}
            height={Math.max(0, base - top)}
            fill={BAR_COLOR}
          />
        );
      })}
    </g>
  );
});
