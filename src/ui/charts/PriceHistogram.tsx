import { useMemo, useRef } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { HIST_BIN } from '../../store/history';
import { useSim } from '../../store/simStore';
import { fmt } from '../format';
import { useInView } from './useInView';
import { useStaggered } from './useStaggered';

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
    const rows: { price: string; kWh: number }[] = [];
    for (let i = lo; i <= hi; i++)
      rows.push({ price: fmt(i * HIST_BIN, 1), kWh: (h[i] ?? 0) / 1000 });
    return rows;
  }, [history, version]);

  return (
    <figure
      ref={ref}
      className="chart"
      aria-labelledby="hist-title"
      data-testid="chart-price-histogram"
      data-bars={data.length}
    >
      <figcaption id="hist-title">
        Traded prices <span className="unit">(kWh traded per price, coins / 100 Wh)</span>
      </figcaption>
      {/* Always mounted: mounting a chart mid-run costs far more than updating one. */}
      {data.length === 0 ? <p className="empty-note">No trades yet.</p> : null}
      <BarChart
        responsive
        style={{ width: '100%', height: 200 }}
        data={data}
        margin={{ top: 4, right: 8, bottom: 0, left: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
        <XAxis
          dataKey="price"
          fontSize={11}
          interval={Math.max(0, Math.ceil(data.length / 12) - 1)}
        />
        <YAxis width={56} fontSize={11} interval={0} />
        <Tooltip isAnimationActive={false} />
        <Bar dataKey="kWh" name="kWh traded" fill="#1c7ed6" isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}
