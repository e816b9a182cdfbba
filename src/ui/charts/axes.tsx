import { CartesianGrid, XAxis, YAxis } from 'recharts';
import type { Scale } from './axisTicks';
import type { HourWindow } from '../../store/timeWindow';
import { timeTicks } from '../../store/timeWindow';
import { numberTick, timeTick } from './PlainTick';

/** The size and margins every dashboard chart shares. */
export const CHART_STYLE = { width: '100%', height: 200 } as const;
export const CHART_MARGIN = { top: 4, right: 18, bottom: 0, left: 0 } as const;

export const grid = <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />;

/**
 * A numeric x axis on our own scale: fixed domain and ticks until the caller's scale changes.
 * The charts draw their own marks, so recharts has no items to take a domain from; the domain
 * is allowed to be exactly ours. Without a scale yet, a plain axis holds the place.
 */
export function xAxisOn(dataKey: string, x: Scale | null) {
  return x ? (
    <XAxis
      dataKey={dataKey}
      type="number"
      domain={x.domain}
      allowDataOverflow
      ticks={x.ticks}
      niceTicks="none"
      tick={numberTick(x.digits)}
      fontSize={11}
      interval={0}
    />
  ) : (
    <XAxis dataKey={dataKey} type="number" fontSize={11} tick={numberTick(1)} />
  );
}

/** The y axis counterpart of xAxisOn. */
export function yAxisOn(y: Scale | null) {
  return y ? (
    <YAxis
      width={56}
      fontSize={11}
      tick={numberTick(y.digits)}
      interval={0}
      domain={y.domain}
      allowDataOverflow
      ticks={y.ticks}
      niceTicks="none"
    />
  ) : (
    <YAxis width={56} fontSize={11} tick={numberTick(1)} interval={0} />
  );
}

/**
 * The time axis of every time chart: hours of the run over the window, ticks on hour boundaries
 * labelled in days and hours (timeWindow.ts).
 */
export function timeAxisOn(w: HourWindow, count: number) {
  return (
    <XAxis
      dataKey="x"
      type="number"
      domain={[w.from, w.to]}
      allowDataOverflow
      ticks={timeTicks(w, count).map((t) => t.value)}
      niceTicks="none"
      tick={timeTick}
      fontSize={11}
      interval={0}
    />
  );
}
