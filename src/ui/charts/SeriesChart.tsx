import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { LineChart, usePlotArea } from 'recharts';
import type { TimeViewStore } from '../../store/timeView';
import { hourText, type HourWindow } from '../../store/timeWindow';
import { extent, niceScale, type Scale } from './axisTicks';
import { ChartTooltip, type TooltipEntry } from './ChartTooltip';
import { CHART_MARGIN, CHART_STYLE, grid, timeAxisOn, yAxisOn } from './axes';
import { SeriesPaths, type LineStyle, type Row } from './SeriesPaths';
import { bandTop } from './timeRows';
import { useSameScale } from './useSameScale';

interface Props {
  /** The points to draw (downsample.ts), `x` in hours since the start. */
  readonly rows: readonly Row[];
  readonly series: readonly LineStyle[];
  /** The hours shown: the view's shared window. */
  readonly window: HourWindow;
  readonly totalRounds: number;
  /** Rounds simulated so far: only those can be picked or read under the pointer. */
  readonly length: number;
  /** The view's time axis: picked hour, zoom and pan, shared by all its charts. */
  readonly time: TimeViewStore;
  /** The exact values of the hour under the pointer, whatever the zoom. */
  readonly valuesAt: (round: number) => readonly TooltipEntry[];
  /** Bridge rows without a value (default); off where a gap means something. */
  readonly connectNulls?: boolean;
}

/** Where recharts put the plot, relative to the chart's own box. */
interface Plot {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Lines over the hours of the run: the one time-series chart of the dashboard and the comparison.
 * recharts lays out the chart (size, axes, grid); the lines are SeriesPaths on its scales, and
 * the axes are ours and fixed until the window or the data changes, so a redraw hands recharts
 * little to do. What the pointer does (the hour under it, picking, panning, zooming) and the
 * picked hour's band are a plain HTML layer over the plot: moving the pointer or the scrubber
 * re-renders that layer only, never the chart.
 */
export function SeriesChart({
  rows,
  series,
  window,
  totalRounds,
  length,
  time,
  valuesAt,
  connectNulls = true,
}: Props) {
  const y = useSameScale(
    useMemo(
      () =>
        niceScale(
          ...extent(
            rows,
            series.flatMap((s) => (s.area !== undefined ? [s.key, bandTop(s.key)] : [s.key])),
          ),
        ),
      [rows, series],
    ),
  );
  const [plot, setPlot] = useState<Plot | null>(null);
  const ticks = plot ? Math.max(3, Math.min(10, Math.floor(plot.width / 70))) : 6;
  return (
    <div className="series-chart">
      <Lines
        rows={rows}
        series={series}
        from={window.from}
        to={window.to}
        ticks={ticks}
        y={y}
        connectNulls={connectNulls}
        onPlot={setPlot}
      />
      {plot ? (
        <PointerLayer
          plot={plot}
          window={window}
          totalRounds={totalRounds}
          length={length}
          time={time}
          valuesAt={valuesAt}
        />
      ) : null}
    </div>
  );
}

/**
 * The chart's recharts parts are memoised elements, so a redraw with new rows leaves them
 * untouched: each recharts part that re-renders re-registers its settings in the chart's store.
 */
const Lines = memo(function Lines({
  rows,
  series,
  from,
  to,
  ticks,
  y,
  connectNulls,
  onPlot,
}: {
  rows: readonly Row[];
  series: readonly LineStyle[];
  from: number;
  to: number;
  ticks: number;
  y: Scale | null;
  connectNulls: boolean;
  onPlot: (p: Plot) => void;
}) {
  const xAxis = useMemo(() => timeAxisOn({ from, to }, ticks), [from, to, ticks]);
  const yAxis = useMemo(() => yAxisOn(y), [y]);
  return (
    // recharts gets no rows of its own: it only lays out the axes, our layers draw the rest.
    <LineChart responsive style={CHART_STYLE} data={NO_ROWS} margin={CHART_MARGIN}>
      {grid}
      {xAxis}
      {yAxis}
      <SeriesPaths rows={rows} series={series} connectNulls={connectNulls} />
      <PlotProbe onPlot={onPlot} />
    </LineChart>
  );
});

const NO_ROWS: Row[] = [];

/** Reports recharts' plot area to the pointer layer, once per change of size. */
function PlotProbe({ onPlot }: { onPlot: (p: Plot) => void }) {
  const p = usePlotArea();
  const x = p?.x;
  const y = p?.y;
  const width = p?.width;
  const height = p?.height;
  useEffect(() => {
    if (x !== undefined && y !== undefined && width !== undefined && height !== undefined) {
      onPlot({ x, y, width, height });
    }
  }, [x, y, width, height, onPlot]);
  return null;
}

/** A press that moves less than this is a click (picks the hour), more is a pan. */
const DRAG_PX = 4;
/** One wheel notch (with Ctrl or ⌘, or a trackpad pinch) zooms by this factor. */
const WHEEL_ZOOM = 1.25;

function PointerLayer({
  plot,
  window: w,
  totalRounds,
  length,
  time,
  valuesAt,
}: {
  plot: Plot;
  window: HourWindow;
  totalRounds: number;
  length: number;
  time: TimeViewStore;
  valuesAt: (round: number) => readonly TooltipEntry[];
}) {
  const picked = time((s) => s.picked);
  const [hover, setHover] = useState<{ round: number; px: number } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x0: number; from: number; to: number; moved: boolean } | null>(null);
  const span = Math.max(1, w.to - w.from);
  const perHour = plot.width / span;
  const hourAt = (px: number): number => Math.floor(w.from + px / perHour);

  // Latest values for the wheel listener, which is attached once.
  const live = useRef({ w, totalRounds, perHour });
  live.current = { w, totalRounds, perHour };
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Native and not passive: React's wheel listener cannot stop the page from scrolling.
    const onWheel = (e: WheelEvent): void => {
      if (!(e.ctrlKey || e.metaKey)) return;
      e.preventDefault();
      const { w: cw, totalRounds: total, perHour: ph } = live.current;
      const anchor = cw.from + (e.clientX - el.getBoundingClientRect().left) / ph;
      time.getState().zoom(e.deltaY > 0 ? WHEEL_ZOOM : 1 / WHEEL_ZOOM, total, anchor);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [time]);

  const inView = picked !== null && picked >= w.from && picked < w.to;
  return (
    <div
      ref={ref}
      className="pointer-layer"
      data-testid="chart-pointer"
      style={{ left: plot.x, top: plot.y, width: plot.width, height: plot.height }}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        drag.current = { x0: e.clientX, from: w.from, to: w.to, moved: false };
      }}
      onPointerMove={(e) => {
        const px = e.clientX - e.currentTarget.getBoundingClientRect().left;
        const d = drag.current;
        if (d) {
          if (Math.abs(e.clientX - d.x0) > DRAG_PX) d.moved = true;
          if (d.moved) {
            const hours = Math.round(-(e.clientX - d.x0) / perHour);
            time.getState().setWindow({ from: d.from + hours, to: d.to + hours }, totalRounds);
            setHover(null);
            return;
          }
        }
        const round = hourAt(px);
        setHover(round >= 0 && round < length ? { round, px } : null);
      }}
      onPointerUp={(e) => {
        const d = drag.current;
        drag.current = null;
        if (!d || d.moved) return;
        const round = hourAt(e.clientX - e.currentTarget.getBoundingClientRect().left);
        if (round >= 0 && round < length) time.getState().pick(round, totalRounds);
      }}
      onPointerCancel={() => {
        drag.current = null;
      }}
      onPointerLeave={() => setHover(null)}
    >
      {inView ? (
        <div
          className="picked-band"
          data-testid="picked-band"
          data-round={picked}
          style={{ left: (picked - w.from) * perHour, width: Math.max(2, perHour) }}
        />
      ) : null}
      {hover ? (
        <>
          <div className="hover-line" style={{ left: (hover.round - w.from + 0.5) * perHour }} />
          <div
            className="hover-tip"
            style={
              hover.px > plot.width / 2
                ? { right: plot.width - hover.px + 12 }
                : { left: hover.px + 12 }
            }
          >
            <ChartTooltip title={hourText(hover.round)} entries={valuesAt(hover.round)} />
          </div>
        </>
      ) : null}
    </div>
  );
}
