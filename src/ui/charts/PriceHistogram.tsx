import { memo, useMemo, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { HIST_BIN } from '../../store/history';
import { useSim } from '../../store/simStore';
import { fmt } from '../format';
import { niceScale, type Scale } from './axisTicks';
import { categoryTick, numberTick } from './PlainTick';
import { useInView } from './useInView';
import { useSameScale } from './useSameScale';
import { useStaggered } from './useStaggered';

/**
 * Most bars drawn; wider price ranges merge adjacent bins. Each bar is a stack of recharts
 * components, and a run that trades across a wide price range would otherwise draw hundreds.
 */
const MAX_BARS = 40;

/** Energy traded at each price so far (coins per 100 Wh), in kWh. */
export function PriceHistogram() {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const version = useStaggered(useSim((s) => (inView ? s.version : -1)));
  const history = useSim((s) => s.history);
  const data = useMemo(() => {
    void version;
    const h = history.priceHistogramWh;
    let lo = -1;
    let hi = -1;
    h.forEach((v, i) => {
      if (v > 0) {
        if (lo < 0) lo = i;
        hi = i;
      }
    });
    if (lo < 0) return [];
    const per = Math.ceil((hi - lo + 1) / MAX_BARS);
    const rows: Bin[] = [];
    for (let i = lo; i <= hi; i += per) {
      let wh = 0;
      for (let j = i; j < Math.min(hi + 1, i + per); j++) wh += h[j] ?? 0;
      rows.push({ price: fmt(i * HIST_BIN, 1), kWh: wh / 1000 });
    }
    return rows;
  }, [history, version]);
  const y = useSameScale(
    useMemo(() => niceScale(0, Math.max(0, ...data.map((d) => d.kWh))), [data]),
  );
  // As in TimeChart: the tooltip only costs while the pointer is over the chart.
  const [hover, setHover] = useState(false);

  return (
    <figure
      ref={ref}
      className="chart"
      aria-labelledby="hist-title"
      data-testid="chart-price-histogram"
      data-bars={data.length}
      onPointerEnter={() => setHover(true)}
      onPointerLeave={() => setHover(false)}
    >
      <figcaption id="hist-title">
        Traded prices <span className="unit">(kWh traded per price, coins / 100 Wh)</span>
      </figcaption>
      {/* Always mounted: mounting a chart mid-run costs far more than updating one. */}
      {data.length === 0 ? <p className="empty-note">No trades yet.</p> : null}
      <Bars data={data} y={y} tooltip={hover} />
    </figure>
  );
}

type Bin = { price: string; kWh: number };

const CHART_STYLE = { width: '100%', height: 200 } as const;
const CHART_MARGIN = { top: 4, right: 8, bottom: 0, left: 0 } as const;

/** As in TimeChart: memoised parts, so a redraw changes only the data in recharts' store. */
const Bars = memo(function Bars({
  data,
  y,
  tooltip,
}: {
  data: Bin[];
  y: Scale | null;
  tooltip: boolean;
}) {
  const interval = Math.max(0, Math.ceil(data.length / 12) - 1);
  const grid = useMemo(() => <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />, []);
  const xAxis = useMemo(
    () => <XAxis dataKey="price" fontSize={11} tick={categoryTick} interval={interval} />,
    [interval],
  );
  const yAxis = useMemo(
    () =>
      y ? (
        <YAxis
          width={56}
          fontSize={11}
          tick={numberTick(y.digits)}
          interval={0}
          domain={y.domain}
          ticks={y.ticks}
          niceTicks="none"
        />
      ) : (
        <YAxis width={56} fontSize={11} tick={numberTick(1)} interval={0} />
      ),
    [y],
  );
  const tip = useMemo(() => (tooltip ? <Tooltip isAnimationActive={false} /> : null), [tooltip]);
  const bar = useMemo(
    () => <Bar dataKey="kWh" name="kWh traded" fill="#1c7ed6" isAnimationActive={false} />,
    [],
  );
  return (
    <BarChart responsive style={CHART_STYLE} data={data} margin={CHART_MARGIN}>
      {grid}
      {xAxis}
      {yAxis}
      {tip}
      {bar}
    </BarChart>
  );
});
